public import PlateProofDomain
public import PlateProofStore

/// Registering and changing endpoints, the same from the API and the command line: URLs are
/// checked against the policy, event types against the known ones, and secrets are made here,
/// sealed before they are stored and shown once.
public struct WebhookAdmin: Sendable {
    public let store: any Store
    public let secrets: WebhookSecretBox
    public let policy: WebhookURLPolicy
    /// How long a rotated secret is still signed with.
    public static let rotationOverlapSeconds: Int64 = 86400

    public init(store: any Store, secrets: WebhookSecretBox, policy: WebhookURLPolicy) {
        self.store = store
        self.secrets = secrets
        self.policy = policy
    }

    public func create(
        url: String,
        events: [String],
        description: String,
        site: SiteID? = nil,
        actor: String,
        now: Timestamp
    ) async throws(WebhookAdminError) -> (endpoint: WebhookEndpoint, secret: String) {
        let draft = WebhookDraft(
            url: try checked(url: url),
            events: try checked(events: events),
            description: try checked(description: description),
            site: site
        )
        let secret = WebhookSecretBox.newSecret()
        let sealed = try sealing(secret)
        do {
            return (try await store.createWebhook(draft, sealedSecret: sealed, actor: actor, now: now), secret)
        } catch {
            throw .store(error)
        }
    }

    /// Changes what is given; `active` false disables the endpoint, true enables it again.
    public func update(
        id: String,
        url: String? = nil,
        events: [String]? = nil,
        description: String? = nil,
        active: Bool? = nil,
        actor: String,
        now: Timestamp
    ) async throws(WebhookAdminError) -> WebhookEndpoint {
        var change = WebhookChange()
        if let url { change.url = try checked(url: url) }
        if let events { change.events = try checked(events: events) }
        if let description { change.description = try checked(description: description) }
        change.status = active.map { $0 ? .active : .disabled }
        do {
            return try await store.updateWebhook(id: id, change, actor: actor, now: now)
        } catch {
            throw .store(error)
        }
    }

    /// A new secret; the old one stays valid for a day, so receivers can switch without a gap.
    public func rotate(
        id: String,
        actor: String,
        now: Timestamp
    ) async throws(WebhookAdminError) -> (endpoint: WebhookEndpoint, secret: String) {
        let secret = WebhookSecretBox.newSecret()
        let sealed = try sealing(secret)
        do {
            let endpoint = try await store.rotateWebhookSecret(
                id: id,
                sealedSecret: sealed,
                previousValidUntil: now.adding(seconds: Self.rotationOverlapSeconds),
                actor: actor,
                now: now
            )
            return (endpoint, secret)
        } catch {
            throw .store(error)
        }
    }

    func checked(url: String) throws(WebhookAdminError) -> String {
        do {
            _ = try policy.check(url)
            return url
        } catch {
            throw .invalid(field: "url", message: error.description)
        }
    }

    func checked(events: [String]) throws(WebhookAdminError) -> [EventType] {
        guard !events.isEmpty else { throw .invalid(field: "events", message: "name at least one event type") }
        var types: [EventType] = []
        for name in events {
            guard let type = EventType(rawValue: name) else {
                let known = EventType.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalid(field: "events", message: "\(name.prefix(60)) is not an event type (\(known))")
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }

    func checked(description: String) throws(WebhookAdminError) -> String {
        guard description.count <= 500 else { throw .invalid(field: "description", message: "a description is at most 500 characters") }
        return description
    }

    func sealing(_ secret: String) throws(WebhookAdminError) -> String {
        do {
            return try secrets.seal(secret)
        } catch {
            throw .key(error)
        }
    }
}

/// Why an endpoint could not be registered or changed.
public enum WebhookAdminError: Error, Sendable, CustomStringConvertible {
    /// A field of the request is not acceptable (`field` names it).
    case invalid(field: String, message: String)
    case key(WebhookKeyError)
    case store(StoreError)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        case .key(let error): error.description
        case .store(let error): error.message
        }
    }
}
