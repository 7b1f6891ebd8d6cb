import GRDB
public import PlateProofDomain

/// Claims, their job queue and the credit ledger in one SQLite file (WAL), through GRDB.
///
/// Every change that must happen together (a verdict, its ledger entry, the job's completion, the
/// audit lines) happens in one write transaction.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrator.migrate(pool)
        } catch {
            throw StoreError(.storage, "cannot open the database at \(path)", underlying: "\(error)")
        }
    }

    // MARK: - Enqueue

    /// Stores a claim and queues its job. The same uploader and idempotency key return the stored
    /// claim; the same key with another photo, account or activity is a `conflict`.
    public func enqueue(_ request: ClaimRequest) async throws(StoreError) -> EnqueueResult {
        try await write { db in
            if let existing = try Self.claim(uploader: request.uploader, key: request.idempotencyKey, db) {
                let same =
                    existing.request.photoSHA256 == request.photoSHA256 && existing.request.account == request.account
                    && existing.request.activity == request.activity
                guard same else {
                    throw StoreError(.conflict, "idempotency key \(request.idempotencyKey) was used for another claim (\(existing.id))")
                }
                return EnqueueResult(claim: existing, created: false)
            }
            try db.run(
                sql: """
                    INSERT INTO claims (uploader, idempotency_key, account, activity, photo_sha256, status, claimed_at)
                    VALUES (?, ?, ?, ?, ?, 'queued', ?)
                    """,
                arguments: [
                    request.uploader, request.idempotencyKey, request.account.rawValue, request.activity.rawValue,
                    request.photoSHA256, request.claimedAt.secondsSince1970,
                ]
            )
            let id = db.lastInsertedRowID
            try db.run(
                sql: "INSERT INTO jobs (claim_id, next_attempt_at) VALUES (?, ?)",
                arguments: [id, request.claimedAt.secondsSince1970]
            )
            try Self.audit(db, at: request.claimedAt, actor: request.uploader, action: "enqueue", claim: id, detail: request.idempotencyKey)
            guard let claim = try Self.claim(id: id, db) else { throw StoreError(.notFound, "claim \(id) vanished") }
            return EnqueueResult(claim: claim, created: true)
        }
    }

    // MARK: - Jobs

    /// Takes the oldest job that is due and not leased (or whose lease expired) for `owner`.
    public func leaseNextJob(owner: String, now: Timestamp, leaseSeconds: Int64) async throws(StoreError) -> LeasedJob? {
        try await write { db in
            guard
                let row = try db.row(
                    sql: """
                        SELECT claim_id, attempts FROM jobs
                        WHERE kind = 'claim' AND next_attempt_at <= :now AND (lease_owner IS NULL OR lease_expires_at <= :now)
                        ORDER BY next_attempt_at, claim_id LIMIT 1
                        """,
                    arguments: ["now": now.secondsSince1970]
                )
            else { return nil }
            let id: Int64 = row["claim_id"]
            try db.run(
                sql: "UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1 WHERE claim_id = ? AND kind = 'claim'",
                arguments: [owner, now.secondsSince1970 + leaseSeconds, id]
            )
            guard var claim = try Self.claim(id: id, db) else { throw StoreError(.notFound, "claim \(id) of a job is missing") }
            if claim.state.status == .processing {  // a worker died holding it: back in the queue first
                claim.state = try claim.state.applyingOrConflict(.released)
            }
            claim.state = try claim.state.applyingOrConflict(.leased)
            try db.run(sql: "UPDATE claims SET status = ? WHERE id = ?", arguments: [claim.state.status.rawValue, id])
            return LeasedJob(claimID: id, request: claim.request, attempts: row["attempts"] + 1)
        }
    }

    /// Records the verifier's verdict for a leased job: the claim's decision, the ledger entry it
    /// calls for (credits within the catalogue's caps and hours), the audit lines, and the job's end,
    /// all in one transaction. A photo already claimed, nearly identical to one claimed within the
    /// window, or stale by its capture time is not approved but sent to review, with the matches
    /// named. A lease that is no longer `owner`'s is a `conflict` and changes nothing. A share
    /// `qualityControlRate` of approvals and rejections is sampled for a moderator's second look.
    public func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        catalogue: ActivityCatalogue,
        duplicates rules: DuplicateRules,
        qualityControlRate: Double,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        try await write { db in
            let holder = try db.value(
                String.self,
                sql: "SELECT lease_owner FROM jobs WHERE claim_id = ? AND kind = 'claim'",
                arguments: [claimID]
            )
            guard holder == owner else { throw StoreError(.conflict, "the lease on claim \(claimID) is not held by \(owner)") }
            guard let claim = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            var reasons = verdict.reasons
            let (exact, near) = try Self.duplicates(of: claim, phash: verdict.phash, rules: rules, db)
            if !exact.isEmpty { reasons.append("duplicate_photo") }
            if !near.isEmpty { reasons.append("near_duplicate") }
            if let capture = verdict.captureTime, rules.isStale(capture: capture, claimedAt: claim.request.claimedAt) {
                reasons.append("stale_photo")
            }
            let decision = DuplicateRules.decision(verdict.decision, reasons: reasons)
            let state = try claim.state.applyingOrConflict(.machineDecided(decision))
            var payment: Credits?
            if state.isPaid {
                let day = catalogue.localDay(of: claim.request.claimedAt)
                let paid = try Self.paidClaims(
                    account: claim.request.account,
                    activity: claim.request.activity,
                    day: day,
                    catalogue: catalogue,
                    excluding: claimID,
                    db
                )
                switch catalogue.creditDecision(
                    activity: claim.request.activity,
                    claimedAt: claim.request.claimedAt,
                    alreadyPaidThatDay: paid
                ) {
                case .credit(let amount): payment = amount
                case .capReached: reasons.append("daily_cap_reached")
                case .outsideHours: reasons.append("outside_hours")
                case .unknownActivity: reasons.append("unknown_activity")
                }
            }
            try db.run(
                sql: """
                    UPDATE claims SET status = ?, decision = ?, score = ?, reasons = ?, heuristic_version = ?, phash = ?,
                        evidence_sha256 = ?, overlay_sha256 = ?, matches = ?, decided_at = ? WHERE id = ?
                    """,
                arguments: [
                    state.status.rawValue, decision.rawValue, verdict.score, reasons.joined(separator: ","),
                    verdict.heuristicVersion, verdict.phash, verdict.evidenceSHA256, verdict.overlaySHA256,
                    (exact + near).map(String.init).joined(separator: ","), now.secondsSince1970, claimID,
                ]
            )
            try Self.audit(db, at: now, actor: verdict.heuristicVersion, action: "decide", claim: claimID, detail: decision.rawValue)
            try Self.settle(claim: claim, shouldBePaid: payment, reason: verdict.heuristicVersion, now: now, db)
            if decision != .review && qualityControlRate > 0 && Double.random(in: 0..<1) < qualityControlRate {
                try Self.sampleForQualityControl(
                    claimID: claimID,
                    decision: decision,
                    heuristicVersion: verdict.heuristicVersion,
                    now: now,
                    db
                )
            }
            try db.run(sql: "DELETE FROM jobs WHERE claim_id = ? AND kind = 'claim'", arguments: [claimID])
            guard let updated = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            return updated
        }
    }

    /// Applies a later decision to a decided claim: a moderator's (`.moderated`, on claims in review)
    /// or a newer heuristic's (`.reverified`, never over a moderator). The ledger follows with a new
    /// entry, a credit or a reversal, never an edit; a decision that changes nothing writes nothing.
    public func redecide(
        claimID: Int64,
        event: ClaimEvent,
        actor: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        try await write { db in
            guard let claim = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            _ = try Self.redecide(claim, event: event, actor: actor, catalogue: catalogue, now: now, db)
            guard let updated = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            return updated
        }
    }

    /// Puts a leased job back after a transient failure, to be taken again at `nextAttempt`.
    public func retry(claimID: Int64, owner: String, error: String, nextAttempt: Timestamp, now: Timestamp) async throws(StoreError) {
        try await write { db in
            let holder = try db.value(
                String.self,
                sql: "SELECT lease_owner FROM jobs WHERE claim_id = ? AND kind = 'claim'",
                arguments: [claimID]
            )
            guard holder == owner else { throw StoreError(.conflict, "the lease on claim \(claimID) is not held by \(owner)") }
            guard let claim = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            let state = try claim.state.applyingOrConflict(.released)
            try db.run(sql: "UPDATE claims SET status = ? WHERE id = ?", arguments: [state.status.rawValue, claimID])
            try db.run(
                sql:
                    "UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = ?, last_error = ? WHERE claim_id = ? AND kind = 'claim'",
                arguments: [nextAttempt.secondsSince1970, error, claimID]
            )
            try Self.audit(db, at: now, actor: owner, action: "retry", claim: claimID, detail: error)
        }
    }

    // MARK: - Reading

    public func claim(id: Int64) async throws(StoreError) -> ClaimRecord? {
        try await read { db in try Self.claim(id: id, db) }
    }

    /// The account's balance: the sum of its ledger entries (0 for an account with none).
    public func balance(of account: AccountID) async throws(StoreError) -> Credits {
        try await read { db in
            Credits(
                try db.value(
                    Int64.self,
                    sql: "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account = ?",
                    arguments: [account.rawValue]
                ) ?? 0
            )
        }
    }

    /// The account's ledger, oldest first.
    public func entries(of account: AccountID) async throws(StoreError) -> [LedgerEntry] {
        try await read { db in
            try db.rows(
                sql: "SELECT * FROM ledger_entries WHERE account = ? ORDER BY id",
                arguments: [account.rawValue]
            ).map(Self.entry)
        }
    }

    /// Every claim, oldest first (for audits and tests; the HTTP API will page).
    public func allClaims() async throws(StoreError) -> [ClaimRecord] {
        try await read { db in
            try db.rows(sql: "SELECT id FROM claims ORDER BY id").compactMap { row in try Self.claim(id: row["id"], db) }
        }
    }

    /// The sum of every ledger entry.
    public func ledgerTotal() async throws(StoreError) -> Credits {
        try await read { db in Credits(try db.value(Int64.self, sql: "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries") ?? 0) }
    }

    /// Ledger entries per claim, for claims that have any.
    public func entryCountsByClaim() async throws(StoreError) -> [Int64: Int] {
        try await read { db in
            var counts: [Int64: Int] = [:]
            for row in try db.rows(sql: "SELECT claim_id, COUNT(*) AS n FROM ledger_entries WHERE claim_id IS NOT NULL GROUP BY claim_id") {
                counts[row["claim_id"]] = row["n"]
            }
            return counts
        }
    }

    /// Jobs still queued or leased.
    public func pendingJobs() async throws(StoreError) -> Int {
        try await read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE kind = 'claim'") ?? 0 }
    }
}
