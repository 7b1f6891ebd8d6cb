import PlateProofDomain
public import PlateProofStore
import PostgresNIO

/// Reading claims and ledger entries, and the writes shared by several operations.
extension PostgresStore {
    /// A claim row `c` with the credits its ledger entries add up to, as `claim(_:)` reads it.
    static let claimSelectList = "c.*, (SELECT COALESCE(SUM(amount), 0)::BIGINT FROM ledger_entries l WHERE l.claim_id = c.id) AS credits"
    static let claimColumns = "SELECT \(claimSelectList) FROM claims c"

    static func claim(id: Int64, _ db: PostgresTransaction) async throws -> ClaimRecord? {
        try await db.row(PostgresQuery(unsafeSQL: "\(claimColumns) WHERE c.id = $1", binds: try binds(id))).map(claim)
    }

    static func require(_ id: Int64, _ db: PostgresTransaction) async throws -> ClaimRecord {
        guard let claim = try await claim(id: id, db) else { throw StoreError(.notFound, "no claim \(id)") }
        return claim
    }

    static func claim(uploader: String, key: String, _ db: PostgresTransaction) async throws -> ClaimRecord? {
        try await db.row(
            PostgresQuery(unsafeSQL: "\(claimColumns) WHERE c.uploader = $1 AND c.idempotency_key = $2", binds: try binds(uploader, key))
        ).map(claim)
    }

    static func claim(_ row: PostgresRandomAccessRow) throws -> ClaimRecord {
        func decoded<T>(_ value: String, _ make: (String) -> T?, _ column: String) throws -> T {
            guard let result = make(value) else { throw StoreError(.storage, "stored \(column) \"\(value)\" is not valid") }
            return result
        }
        return ClaimRecord(
            id: try row.get("id"),
            request: ClaimRequest(
                site: try decoded(try row.get("site"), SiteID.init(rawValue:), "site"),
                uploader: try row.get("uploader"),
                idempotencyKey: try row.get("idempotency_key"),
                account: try decoded(try row.get("account"), AccountID.init(rawValue:), "account"),
                activity: try decoded(try row.get("activity"), ActivityID.init(rawValue:), "activity"),
                photoSHA256: try row.get("photo_sha256"),
                claimedAt: Timestamp(secondsSince1970: try row.get("claimed_at"))
            ),
            state: ClaimState(
                status: try decoded(try row.get("status"), ClaimStatus.init(rawValue:), "status"),
                decidedByModerator: try row.get("decided_by_moderator")
            ),
            decision: try row.optional("decision", as: String.self).flatMap(ClaimDecision.init(rawValue:)),
            score: try row.optional("score"),
            reasons: [ClaimReason](stored: try row.get("reasons", as: String.self)),
            heuristicVersion: try row.optional("heuristic_version"),
            phash: try row.optional("phash"),
            decidedAt: try row.optional("decided_at", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
            evidenceSHA256: try row.optional("evidence_sha256"),
            overlaySHA256: try row.optional("overlay_sha256"),
            plateProfile: try row.optional("plate_profile", as: String.self).flatMap { $0.isEmpty ? nil : $0 },
            matches: [Int64](stored: try row.get("matches", as: String.self)),
            originalDeletedAt: try row.optional("original_deleted_at", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
            credits: Credits(try row.get("credits", as: Int64.self))
        )
    }

    static func entry(_ row: PostgresRandomAccessRow) throws -> LedgerEntry {
        guard let account = AccountID(rawValue: try row.get("account")), let kind = LedgerEntryKind(rawValue: try row.get("kind")) else {
            throw StoreError(.storage, "a stored ledger entry is not valid")
        }
        return LedgerEntry(
            account: account,
            kind: kind,
            amount: Credits(try row.get("amount", as: Int64.self)),
            claimID: try row.optional("claim_id"),
            reason: try row.get("reason"),
            createdAt: Timestamp(secondsSince1970: try row.get("created_at"))
        )
    }

    /// Binds for a query written with $1, $2…
    static func binds(_ values: (any PostgresEncodable & Sendable)?...) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { try bindings.append(value) } else { bindings.appendNull() }
        }
        return bindings
    }

    // MARK: - Writes inside a transaction

    /// Earlier claims of the same bytes and near-identical perceptual hashes; records this claim's bands.
    static func history(
        of claim: ClaimRecord,
        phash: String?,
        rules: DuplicateRules,
        _ db: PostgresTransaction
    ) async throws -> PhotoHistory {
        let exact = try await db.values(
            Int64.self,
            "SELECT id FROM claims WHERE photo_sha256 = \(claim.request.photoSHA256) AND id < \(claim.id) ORDER BY id LIMIT 20"
        )
        guard let phash, let hash = UInt64(phash, radix: 16) else { return PhotoHistory(exact: exact) }
        let since = claim.request.claimedAt.secondsSince1970 - rules.nearDuplicateWindowSeconds
        let bands = rules.bands(of: hash)
        let (bandNumbers, bandValues) = (bands.map { Int32($0.band) }, bands.map(\.value))
        // Every earlier claim that agrees with this one on a band, with its hash, in one round trip.
        var near: [Int64] = []
        for row in try await db.rows(
            """
            SELECT DISTINCT c.id, c.phash FROM phash_bands b
            JOIN unnest(\(bandNumbers)::INTEGER[], \(bandValues)::BIGINT[]) AS q (band, value) ON b.band = q.band AND b.value = q.value
            JOIN claims c ON c.id = b.claim_id
            WHERE b.claimed_at >= \(since) AND b.claim_id != \(claim.id) ORDER BY c.id
            """
        ) {
            let (candidate, other) = (try row.get("id", as: Int64.self), try row.optional("phash", as: String.self))
            if !exact.contains(candidate), let other, let otherHash = UInt64(other, radix: 16),
                DuplicateRules.distance(hash, otherHash) <= rules.nearDuplicateDistance
            {
                near.append(candidate)
            }
        }
        try await db.run(
            """
            INSERT INTO phash_bands (band, value, claim_id, claimed_at)
            SELECT band, value, \(claim.id), \(claim.request.claimedAt.secondsSince1970)
            FROM unnest(\(bandNumbers)::INTEGER[], \(bandValues)::BIGINT[]) AS q (band, value) ON CONFLICT DO NOTHING
            """
        )
        return PhotoHistory(exact: exact, near: near)
    }
}
