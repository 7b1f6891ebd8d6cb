public import PlateProofDomain

/// What an API key may do. Admins may do everything; moderators decide claims and read; uploaders
/// submit claims and read.
public enum APIRole: String, Sendable, Hashable, Codable, CaseIterable {
    case uploader
    case moderator
    case admin

    /// Whether a key of this role may act as `role`.
    public func allows(_ role: APIRole) -> Bool { self == .admin || self == role }
}

/// A stored API key (its secret is never stored, only its digest).
public struct APIKeyRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: APIRole
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    package init(id: Int64, name: String, role: APIRole, createdAt: Timestamp, revokedAt: Timestamp?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A browser session of the review page, opened by logging in with a moderator key.
public struct ReviewSession: Sendable, Hashable {
    public var key: APIKeyRecord
    /// The token forms must carry (cross-site request protection).
    public var csrfToken: String
    public var expiresAt: Timestamp

    package init(key: APIKeyRecord, csrfToken: String, expiresAt: Timestamp) {
        self.key = key
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
