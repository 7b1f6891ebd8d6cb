import PlateProofDomain
import PostgresNIO

/// Reading claims and ledger entries, and the writes shared by several operations.
extension PostgresStore {
    /// A claim row `c` with the credits its ledger entries add up to, as `claim(_:)` reads it.
    static let claimSelectList = "c.*, (SELECT COALESCE(SUM(amount), 0)::BIGINT FROM ledger_entries l WHERE l.claim_id = c.id) AS credits"
    static let claimColumns = "SELECT \(claimSelectList) FROM claims c"

    static func claim(id: Int64, _ db: PostgresTransaction) async throws -> ClaimRecord? {
        try await db.row(PostgresQuery(unsafeSQL: "\(claimColumns) WHERE c.id = $1", binds: try binds(id))).map(claim)
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
        let reasons = try row.get("reasons", as: String.self)
        let matches = try row.get("matches", as: String.self)
        return ClaimRecord(
            id: try row.get("id"),
            request: ClaimRequest(
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
            reasons: reasons.isEmpty ? [] : reasons.split(separator: ",").map(String.init),
            heuristicVersion: try row.optional("heuristic_version"),
            phash: try row.optional("phash"),
            decidedAt: try row.optional("decided_at", as: Int64.self).map(Timestamp.init(secondsSince1970:)),
            evidenceSHA256: try row.optional("evidence_sha256"),
            overlaySHA256: try row.optional("overlay_sha256"),
            matches: matches.split(separator: ",").compactMap { Int64($0) },
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
    static func duplicates(
        of claim: ClaimRecord,
        phash: String?,
        rules: DuplicateRules,
        _ db: PostgresTransaction
    ) async throws
        -> (exact: [Int64], near: [Int64])
    {
        let exact = try await db.values(
            Int64.self,
            "SELECT id FROM claims WHERE photo_sha256 = \(claim.request.photoSHA256) AND id < \(claim.id) ORDER BY id LIMIT 20"
        )
        guard let phash, let hash = UInt64(phash, radix: 16) else { return (exact, []) }
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
        return (exact, near)
    }

    /// Claims of `activity` already paid to `account` on local `day`, other than `excluding`.
    static func paidClaims(
        account: AccountID,
        activity: ActivityID,
        day: LocalDay,
        catalogue: ActivityCatalogue,
        excluding: Int64,
        _ db: PostgresTransaction
    ) async throws -> Int {
        let start = day.daysSince1970 * 86400 - catalogue.utcOffsetSeconds
        let end = start + 86400
        return Int(
            try await db.value(
                Int64.self,
                """
                SELECT COUNT(*) FROM claims c
                WHERE c.account = \(account.rawValue) AND c.activity = \(activity.rawValue) AND c.claimed_at >= \(start)
                  AND c.claimed_at < \(end) AND c.id != \(excluding)
                  AND (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.claim_id = c.id) > 0
                """
            ) ?? 0
        )
    }

    /// The payment the catalogue allows a claim now decided as paid, or nil.
    static func payment(for claim: ClaimRecord, catalogue: ActivityCatalogue, _ db: PostgresTransaction) async throws -> Credits? {
        let day = catalogue.localDay(of: claim.request.claimedAt)
        let paid = try await paidClaims(
            account: claim.request.account,
            activity: claim.request.activity,
            day: day,
            catalogue: catalogue,
            excluding: claim.id,
            db
        )
        if case .credit(let amount) = catalogue.creditDecision(
            activity: claim.request.activity,
            claimedAt: claim.request.claimedAt,
            alreadyPaidThatDay: paid
        ) {
            return amount
        }
        return nil
    }

    /// Applies a later decision inside a transaction; returns how many ledger entries it wrote (0 or 1).
    static func redecide(
        _ claim: ClaimRecord,
        event: ClaimEvent,
        actor: String,
        catalogue: ActivityCatalogue,
        now: Timestamp,
        _ db: PostgresTransaction
    ) async throws -> Int {
        let state = try claim.state.applyingOrConflict(event)
        try await db.run(
            """
            UPDATE claims SET status = \(state.status.rawValue), decided_by_moderator = \(state.decidedByModerator),
                decided_at = \(now.secondsSince1970) WHERE id = \(claim.id)
            """
        )
        try await audit(db, at: now, actor: actor, action: "redecide", claim: claim.id, detail: state.status.rawValue)
        let payment = state.isPaid ? try await payment(for: claim, catalogue: catalogue, db) : nil
        return try await settle(claim: claim, shouldBePaid: payment, reason: actor, now: now, db) ? 1 : 0
    }

    /// Writes the ledger entry, if any, that makes the claim's net payment `shouldBePaid`.
    @discardableResult
    static func settle(
        claim: ClaimRecord,
        shouldBePaid: Credits?,
        reason: String,
        now: Timestamp,
        _ db: PostgresTransaction
    ) async throws
        -> Bool
    {
        guard
            let entry = LedgerRules.correction(
                claim: claim.id,
                account: claim.request.account,
                shouldBePaid: shouldBePaid,
                netPaid: claim.credits,
                reason: reason,
                at: now
            )
        else { return false }
        let (account, kind, amount, time) = (entry.account.rawValue, entry.kind.rawValue, entry.amount.rawValue, now.secondsSince1970)
        // The entry takes the claim's next sequence number (UNIQUE, so a racing writer fails), and is audited.
        try await db.run(
            """
            WITH entry AS (
                INSERT INTO ledger_entries (account, kind, amount, claim_id, claim_sequence, reason, created_at)
                SELECT \(account), \(kind), \(amount), \(claim.id), COUNT(*), \(entry.reason), \(time)
                FROM ledger_entries WHERE claim_id = \(claim.id)
            )
            INSERT INTO audit_log (at, actor, action, claim_id, detail)
            VALUES (\(time), \(reason), \(kind), \(claim.id), \("\(entry.amount) credits"))
            """
        )
        return true
    }

    static func audit(
        _ db: PostgresTransaction,
        at time: Timestamp,
        actor: String,
        action: String,
        claim: Int64?,
        detail: String
    ) async throws {
        try await db.run(
            "INSERT INTO audit_log (at, actor, action, claim_id, detail) VALUES (\(time.secondsSince1970), \(actor), \(action), \(claim), \(detail))"
        )
    }
}
