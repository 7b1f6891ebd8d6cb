public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - API keys

    public func createKey(
        name: String,
        role: APIRole,
        site: SiteID?,
        now: Timestamp
    ) async throws(StoreError) -> (key: APIKeyRecord, secret: String) {
        let secret = "pp_" + AccessSecrets.randomToken()
        let digest = AccessSecrets.sha256(secret)
        let siteID = site?.rawValue
        let key = try await transaction { db in
            guard try await db.value(Int64.self, "SELECT COUNT(*) FROM api_keys WHERE name = \(name)") == 0 else {
                throw StoreError(.conflict, "a key named \(name) exists")
            }
            if let site { try await Self.requireSite(site, db) }
            let id = try await db.value(
                Int64.self,
                """
                INSERT INTO api_keys (name, role, site, key_sha256, created_at)
                VALUES (\(name), \(role.rawValue), \(siteID), \(digest), \(now.secondsSince1970)) RETURNING id
                """
            )
            let key = APIKeyRecord(id: id ?? 0, name: name, role: role, site: site, createdAt: now, revokedAt: nil)
            try await Self.audit(AuditLine(actor: "admin", action: .keyCreate, claimID: nil, detail: key.auditDetail, at: now), db)
            return key
        }
        return (key, secret)
    }

    public func key(secret: String) async throws(StoreError) -> APIKeyRecord? {
        let digest = AccessSecrets.sha256(secret)
        return try await transaction { db in
            try await db.row("SELECT * FROM api_keys WHERE key_sha256 = \(digest) AND revoked_at IS NULL").map(Self.key)
        }
    }

    public func keys() async throws(StoreError) -> [APIKeyRecord] {
        try await transaction { db in try await db.rows("SELECT * FROM api_keys ORDER BY id").map(Self.key) }
    }

    public func revokeKey(name: String, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            guard let row = try await db.row("SELECT id, revoked_at FROM api_keys WHERE name = \(name)") else {
                throw StoreError(.notFound, "no key named \(name)")
            }
            guard try row.optional("revoked_at", as: Int64.self) == nil else { return }
            let id = try row.get("id", as: Int64.self)
            try await db.run("UPDATE api_keys SET revoked_at = \(now.secondsSince1970) WHERE name = \(name)")
            try await db.run("DELETE FROM review_sessions WHERE key_id = \(id)")
            try await Self.audit(AuditLine(actor: "admin", action: .keyRevoke, claimID: nil, detail: name, at: now), db)
        }
    }

    // MARK: - Review sessions

    public func openSession(
        for key: APIKeyRecord,
        lifetimeSeconds: Int64,
        now: Timestamp
    ) async throws(StoreError)
        -> (token: String, session: ReviewSession)
    {
        let token = AccessSecrets.randomToken()
        let csrf = AccessSecrets.csrfToken(forSession: token)
        let expires = Timestamp(secondsSince1970: now.secondsSince1970 + lifetimeSeconds)
        let digest = AccessSecrets.sha256(token)
        try await transaction { db in
            try await db.run("DELETE FROM review_sessions WHERE expires_at <= \(now.secondsSince1970)")
            try await db.run(
                "INSERT INTO review_sessions (token_sha256, key_id, csrf_token, expires_at) VALUES (\(digest), \(key.id), \(AccessSecrets.sha256(csrf)), \(expires.secondsSince1970))"
            )
        }
        return (token, ReviewSession(key: key, csrfToken: csrf, expiresAt: expires))
    }

    public func session(token: String, now: Timestamp) async throws(StoreError) -> ReviewSession? {
        let digest = AccessSecrets.sha256(token)
        return try await transaction { db in
            guard
                let row = try await db.row(
                    """
                    SELECT k.*, s.expires_at FROM review_sessions s JOIN api_keys k ON k.id = s.key_id
                    WHERE s.token_sha256 = \(digest) AND s.expires_at > \(now.secondsSince1970) AND k.revoked_at IS NULL
                    """
                )
            else { return nil }
            return ReviewSession(
                key: try Self.key(row),
                csrfToken: AccessSecrets.csrfToken(forSession: token),
                expiresAt: Timestamp(secondsSince1970: try row.get("expires_at"))
            )
        }
    }

    public func closeSession(token: String) async throws(StoreError) {
        let digest = AccessSecrets.sha256(token)
        try await transaction { db in try await db.run("DELETE FROM review_sessions WHERE token_sha256 = \(digest)") }
    }

    static func key(_ row: PostgresRandomAccessRow) throws -> APIKeyRecord {
        guard let role = APIRole(rawValue: try row.get("role")) else { throw StoreError(.storage, "a stored key has no valid role") }
        return APIKeyRecord(
            id: try row.get("id"),
            name: try row.get("name"),
            role: role,
            site: try row.optional("site", as: String.self).flatMap(SiteID.init(rawValue:)),
            createdAt: Timestamp(secondsSince1970: try row.get("created_at")),
            revokedAt: try row.optional("revoked_at", as: Int64.self).map(Timestamp.init(secondsSince1970:))
        )
    }
}
