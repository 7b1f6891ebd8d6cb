import Foundation
import GRDB
public import PlateProofDomain
public import PlateProofStore

/// Claims, their job queue and the credit ledger in one SQLite file (WAL), through GRDB.
///
/// Every change that must happen together (a verdict, its ledger entry, the job's completion, the
/// audit lines) happens in one write transaction.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    /// The folder the database file is in.
    let folder: String

    /// Opens (creating and migrating if needed) the database at `path`. A lock held by another
    /// process (a crashed one's WAL being recovered, a migration check) is waited out for up to
    /// `waitingUpTo`; a database that cannot be opened says SQLite's reason and what to do.
    public init(path: String, waitingUpTo patience: Duration = .seconds(20)) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        // Every commit is on disk before it returns (WAL, synced): a credited claim survives a power loss.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let deadline = ContinuousClock.now + patience
        var wait = Duration.milliseconds(20)
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try SQLiteMigrations.migrator.migrate(pool)
                self.pool = pool
                return
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && ContinuousClock.now < deadline
            {
                Thread.sleep(forTimeInterval: Double(wait.components.attoseconds) / 1e18 + Double(wait.components.seconds))
                wait = min(wait * 2, .milliseconds(500))
            } catch {
                let reason = Self.storeError(error)
                throw StoreError(reason.code, "cannot open the database at \(path): \(reason.message)", underlying: "\(error)")
            }
        }
    }

    // MARK: - Enqueue

    /// Stores a claim and queues its job. The same uploader and idempotency key return the stored
    /// claim; the same key with another photo, account or activity is a `conflict`.
    public func enqueue(_ request: ClaimRequest) async throws(StoreError) -> EnqueueResult {
        try await write { db in
            if let existing = try Self.claim(uploader: request.uploader, key: request.idempotencyKey, db) {
                return try EnqueueResult.replaying(request, stored: existing)
            }
            guard let active = try db.value(Bool.self, sql: "SELECT active FROM sites WHERE id = ?", arguments: [request.site.rawValue])
            else { throw StoreError(.notFound, "no site \(request.site)") }
            guard active else { throw StoreError.siteInactive(request.site) }
            try db.run(
                sql: """
                    INSERT INTO claims (site, uploader, idempotency_key, account, activity, photo_sha256, status, claimed_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)
                    """,
                arguments: [
                    request.site.rawValue, request.uploader, request.idempotencyKey, request.account.rawValue, request.activity.rawValue,
                    request.photoSHA256, request.claimedAt.secondsSince1970,
                ]
            )
            let id = db.lastInsertedRowID
            try db.run(
                sql: "INSERT INTO jobs (claim_id, next_attempt_at) VALUES (?, ?)",
                arguments: [id, request.claimedAt.secondsSince1970]
            )
            try Self.audit(
                AuditLine(actor: request.uploader, action: .enqueue, claimID: id, detail: request.idempotencyKey, at: request.claimedAt),
                db
            )
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
            claim.state = try claim.state.leasedOrConflict()
            try db.run(sql: "UPDATE claims SET status = ? WHERE id = ?", arguments: [claim.state.status.rawValue, id])
            return LeasedJob(claimID: id, request: claim.request, attempts: row["attempts"] + 1)
        }
    }

    /// Records the verifier's verdict for a leased job as `settlement` plans it (the decision, its
    /// ledger entry, a quality-control sample, the audit lines and the event), and the job's end, in
    /// one transaction. A lease that is no longer `owner`'s is a `conflict` and changes nothing.
    public func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        settlement: Settlement,
        qualityControlDraw: Double,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        try await write { db in
            let holder = try db.value(
                String.self,
                sql: "SELECT lease_owner FROM jobs WHERE claim_id = ? AND kind = 'claim'",
                arguments: [claimID]
            )
            guard let claim = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            let facts = try Self.facts(of: claim, catalogue: settlement.catalogue, db)
            let history = try Self.history(of: claim, phash: verdict.phash, rules: settlement.duplicates, db)
            let plan = try planned { () throws(SettlementConflict) in
                try settlement.machineDecision(
                    verdict,
                    on: facts,
                    leaseHolder: holder,
                    worker: owner,
                    history: history,
                    qualityControlDraw: qualityControlDraw,
                    now: now
                )
            }
            try Self.apply(plan, db)
            try db.run(sql: "DELETE FROM jobs WHERE claim_id = ? AND kind = 'claim'", arguments: [claimID])
            return try Self.require(claimID, db)
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
            let claim = try Self.require(claimID, db)
            let facts = try Self.facts(of: claim, catalogue: catalogue, db)
            try Self.apply(
                try planned { () throws(SettlementConflict) in
                    try Settlement(catalogue: catalogue).redecision(event, by: actor, on: facts, now: now)
                },
                db
            )
            return try Self.require(claimID, db)
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
            try planned { () throws(SettlementConflict) in try Settlement.requireLease(held: holder, by: owner, claim: claimID) }
            let state = try Self.require(claimID, db).state.applyingOrConflict(.released)
            try db.run(sql: "UPDATE claims SET status = ? WHERE id = ?", arguments: [state.status.rawValue, claimID])
            try db.run(
                sql:
                    "UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = ?, last_error = ? WHERE claim_id = ? AND kind = 'claim'",
                arguments: [nextAttempt.secondsSince1970, error, claimID]
            )
            try Self.audit(AuditLine(actor: owner, action: .retry, claimID: claimID, detail: error, at: now), db)
        }
    }

    // MARK: - Reading

    public func claim(id: Int64) async throws(StoreError) -> ClaimRecord? {
        try await read { db in try Self.claim(id: id, db) }
    }

    /// The account's balance: the sum of its ledger entries (0 for an account with none).
    public func balance(of account: AccountID, at site: SiteID) async throws(StoreError) -> Credits {
        try await read { db in
            Credits(
                try db.value(
                    Int64.self,
                    sql: "SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE site = ? AND account = ?",
                    arguments: [site.rawValue, account.rawValue]
                ) ?? 0
            )
        }
    }

    /// The account's ledger, oldest first.
    public func entries(of account: AccountID, at site: SiteID) async throws(StoreError) -> [LedgerEntry] {
        try await read { db in
            try db.rows(
                sql: "SELECT * FROM ledger_entries WHERE site = ? AND account = ? ORDER BY id",
                arguments: [site.rawValue, account.rawValue]
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

    public func checkWritable(now: Timestamp) async throws(StoreError) {
        // A full disk may still take one small row: its free space is checked too.
        if let free = diskFreeBytes(at: folder), free < 32 << 20 {
            throw StoreError(.unavailable, "the disk holding the database is full")
        }
        try await write { db in
            try db.run(sql: "INSERT OR REPLACE INTO health_checks (id, at) VALUES (1, ?)", arguments: [now.secondsSince1970])
        }
    }

    /// Jobs still queued or leased.
    public func pendingJobs() async throws(StoreError) -> Int {
        try await read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE kind = 'claim'") ?? 0 }
    }
}
