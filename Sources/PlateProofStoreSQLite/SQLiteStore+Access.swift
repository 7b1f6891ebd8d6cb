import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - API keys

    /// Creates a key and returns its secret, which is not stored and cannot be shown again.
    public func createKey(
        name: String,
        role: APIRole,
        site: SiteID?,
        now: Timestamp
    ) async throws(StoreError) -> (key: APIKeyRecord, secret: String) {
        let secret = "pp_" + AccessSecrets.randomToken()
        let digest = AccessSecrets.sha256(secret)
        return try await write { db in
            guard try db.value(Int.self, sql: "SELECT COUNT(*) FROM api_keys WHERE name = ?", arguments: [name]) == 0 else {
                throw StoreError(.conflict, "a key named \(name) exists")
            }
            if let site { try Self.requireSite(site, db) }
            try db.run(
                sql: "INSERT INTO api_keys (name, role, site, key_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, site?.rawValue, digest, now.secondsSince1970]
            )
            let key = APIKeyRecord(id: db.lastInsertedRowID, name: name, role: role, site: site, createdAt: now, revokedAt: nil)
            try Self.audit(AuditLine(actor: "admin", action: .keyCreate, claimID: nil, detail: key.auditDetail, at: now), db)
            return (key, secret)
        }
    }

    /// The live (not revoked) key with this secret.
    public func key(secret: String) async throws(StoreError) -> APIKeyRecord? {
        let digest = AccessSecrets.sha256(secret)
        return try await read { db in
            try db.row(sql: "SELECT * FROM api_keys WHERE key_sha256 = ? AND revoked_at IS NULL", arguments: [digest]).map(Self.key)
        }
    }

    /// Every key, revoked ones included, oldest first.
    public func keys() async throws(StoreError) -> [APIKeyRecord] {
        try await read { db in try db.rows(sql: "SELECT * FROM api_keys ORDER BY id").map(Self.key) }
    }

    /// Revokes a key at once: requests and review sessions made with it are refused from now on.
    public func revokeKey(name: String, now: Timestamp) async throws(StoreError) {
        try await write { db in
            guard let row = try db.row(sql: "SELECT id, revoked_at FROM api_keys WHERE name = ?", arguments: [name]) else {
                throw StoreError(.notFound, "no key named \(name)")
            }
            guard (row["revoked_at"] as Int64?) == nil else { return }
            try db.run(sql: "UPDATE api_keys SET revoked_at = ? WHERE name = ?", arguments: [now.secondsSince1970, name])
            try db.run(sql: "DELETE FROM review_sessions WHERE key_id = ?", arguments: [row["id"] as Int64])
            try Self.audit(AuditLine(actor: "admin", action: .keyRevoke, claimID: nil, detail: name, at: now), db)
        }
    }

    // MARK: - Review sessions

    /// Opens a browser session for a key; returns the session token for the cookie.
    public func openSession(
        for key: APIKeyRecord,
        lifetimeSeconds: Int64,
        now: Timestamp
    ) async throws(StoreError) -> (token: String, session: ReviewSession) {
        let token = AccessSecrets.randomToken()
        let csrf = AccessSecrets.csrfToken(forSession: token)
        let expires = Timestamp(secondsSince1970: now.secondsSince1970 + lifetimeSeconds)
        try await write { db in
            try db.run(sql: "DELETE FROM review_sessions WHERE expires_at <= ?", arguments: [now.secondsSince1970])
            try db.run(
                sql: "INSERT INTO review_sessions (token_sha256, key_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [AccessSecrets.sha256(token), key.id, AccessSecrets.sha256(csrf), expires.secondsSince1970]
            )
        }
        return (token, ReviewSession(key: key, csrfToken: csrf, expiresAt: expires))
    }

    /// The live session with this token, if its key is still live.
    public func session(token: String, now: Timestamp) async throws(StoreError) -> ReviewSession? {
        let digest = AccessSecrets.sha256(token)
        return try await read { db in
            guard
                let row = try db.row(
                    sql: """
                        SELECT k.*, s.expires_at FROM review_sessions s JOIN api_keys k ON k.id = s.key_id
                        WHERE s.token_sha256 = ? AND s.expires_at > ? AND k.revoked_at IS NULL
                        """,
                    arguments: [digest, now.secondsSince1970]
                )
            else { return nil }
            return ReviewSession(
                key: try Self.key(row),
                csrfToken: AccessSecrets.csrfToken(forSession: token),
                expiresAt: Timestamp(secondsSince1970: row["expires_at"])
            )
        }
    }

    /// Ends a session (logging out).
    public func closeSession(token: String) async throws(StoreError) {
        let digest = AccessSecrets.sha256(token)
        try await write { db in try db.run(sql: "DELETE FROM review_sessions WHERE token_sha256 = ?", arguments: [digest]) }
    }

    // MARK: - Helpers

    static func key(_ row: Row) throws -> APIKeyRecord {
        guard let role = APIRole(rawValue: row["role"]) else { throw StoreError(.storage, "a stored key has no valid role") }
        return APIKeyRecord(
            id: row["id"],
            name: row["name"],
            role: role,
            site: (row["site"] as String?).flatMap(SiteID.init(rawValue:)),
            createdAt: Timestamp(secondsSince1970: row["created_at"]),
            revokedAt: (row["revoked_at"] as Int64?).map(Timestamp.init(secondsSince1970:))
        )
    }
}
