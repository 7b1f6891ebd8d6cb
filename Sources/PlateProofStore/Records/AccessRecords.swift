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

extension APIKeyRecord {
    /// Whether the key may see what belongs to `site`: a platform-wide key sees every site.
    public func sees(_ site: SiteID) -> Bool { self.site == nil || self.site == site }

    /// How a key's creation is audited: `name (role)`, or `name (role at site)`.
    package var auditDetail: String { "\(name) (\(role.rawValue)\(site.map { " at \($0)" } ?? ""))" }
}

/// A stored API key (its secret is never stored, only its digest).
public struct APIKeyRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var role: APIRole
    /// The one site the key acts for; nil for a platform-wide key.
    public var site: SiteID?
    public var createdAt: Timestamp
    public var revokedAt: Timestamp?

    package init(id: Int64, name: String, role: APIRole, site: SiteID?, createdAt: Timestamp, revokedAt: Timestamp?) {
        self.id = id
        self.name = name
        self.role = role
        self.site = site
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
