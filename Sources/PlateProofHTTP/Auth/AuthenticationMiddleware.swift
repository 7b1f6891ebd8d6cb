import Foundation
import Hummingbird
import PlateProofDomain
import PlateProofStore

/// Finds the caller: an `Authorization: Bearer KEY` header, or else the review page's session
/// cookie. A missing or unknown key is not an error here; routes decide what they require.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let store: any Store
    let now: @Sendable () -> Timestamp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let secret = Self.bearerToken(header), let key = try await store.key(secret: secret) else {
                throw APIError(
                    .unauthorized,
                    "unauthorized",
                    "the API key is not valid or was revoked",
                    headers: [.wwwAuthenticate: "Bearer"]
                )
            }
            context.caller = Caller(key: key)
        } else if let token = request.cookies[ReviewSessionCookie.name]?.value, !token.isEmpty,
            let session = try await store.session(token: token, now: now())
        {
            context.caller = Caller(key: session.key, session: session)
        }
        return try await next(request, context)
    }

    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.count > 200 ? nil : token
    }
}

/// The review page's session cookie: HTTP-only, SameSite=Strict, for the whole site.
enum ReviewSessionCookie {
    static let name = "plateproof_session"
    static let lifetimeSeconds: Int64 = 12 * 3600

    static func make(token: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: token, maxAge: Int(lifetimeSeconds), path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    static func expired(secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}
