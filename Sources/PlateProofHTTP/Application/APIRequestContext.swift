public import Hummingbird
import Logging
public import PlateProofStore

/// The request context: Hummingbird's core storage plus who is calling.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The key the request was made with, if any (found by ``AuthenticationMiddleware``).
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Uploads are limited by the service's own photo limit, checked where the body is read.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// Who made a request, and how.
public struct Caller: Sendable {
    public var key: APIKeyRecord
    /// Set when the caller came through a review-page session cookie; forms must carry its token.
    public var session: ReviewSession?
}

extension APIRequestContext {
    /// The caller, if their key may act as `role`; otherwise 401 (no key) or 403 (another role).
    func require(_ role: APIRole) throws -> Caller {
        guard let caller else { throw APIError.unauthorized }
        guard caller.key.role.allows(role) else { throw APIError.forbidden(role) }
        return caller
    }

    /// A platform-wide admin key: creating and deactivating sites. A site's admin is
    /// refused (403), as it may only act for its site.
    func requirePlatformAdmin() throws -> Caller {
        let caller = try require(.admin)
        if let site = caller.key.site {
            throw APIError(.forbidden, "forbidden", "this needs a platform-wide admin key (this one is for site \(site))")
        }
        return caller
    }

    /// Any valid key.
    func requireAnyKey() throws -> Caller {
        guard let caller else { throw APIError.unauthorized }
        return caller
    }
}
