import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    /// Starts a re-verification of the selected decided claims with `heuristicVersion`, or resumes the
    /// unfinished run with the same selection, version and mode.
    public func startReverifyRun(
        _ selection: ReverifySelection,
        heuristicVersion: String,
        dryRun: Bool,
        now: Timestamp
    ) async throws(StoreError) -> ReverifyRun {
        try await write { db in
            if let row = try db.row(
                sql: """
                    SELECT id FROM reverify_runs
                    WHERE heuristic_version = ? AND selection = ? AND dry_run = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1
                    """,
                arguments: [heuristicVersion, selection.key, dryRun]
            ) {
                let id: Int64 = row["id"]
                let total = try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE run_id = ?", arguments: [id]) ?? 0
                let done = try db.value(Int.self, sql: "SELECT COUNT(*) FROM reverify_results WHERE run_id = ?", arguments: [id]) ?? 0
                return ReverifyRun(id: id, heuristicVersion: heuristicVersion, dryRun: dryRun, total: total + done, resumed: true)
            }
            try db.run(
                sql: "INSERT INTO reverify_runs (heuristic_version, selection, dry_run, created_at) VALUES (?, ?, ?, ?)",
                arguments: [heuristicVersion, selection.key, dryRun, now.secondsSince1970]
            )
            let id = db.lastInsertedRowID
            var conditions = ["status IN ('approved', 'rejected', 'review')"]
            var arguments: StatementArguments = []
            if let since = selection.since {
                conditions.append("claimed_at >= ?")
                _ = arguments.append(contentsOf: [since.secondsSince1970])
            }
            if let until = selection.until {
                conditions.append("claimed_at < ?")
                _ = arguments.append(contentsOf: [until.secondsSince1970])
            }
            if let status = selection.status {
                conditions.append("status = ?")
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let account = selection.account {
                conditions.append("account = ?")
                _ = arguments.append(contentsOf: [account.rawValue])
            }
            if let site = selection.site {
                conditions.append("site = ?")
                _ = arguments.append(contentsOf: [site.rawValue])
            }
            try db.execute(
                sql: """
                    INSERT INTO jobs (kind, claim_id, run_id, next_attempt_at)
                    SELECT 'reverify', id, \(id), \(now.secondsSince1970) FROM claims WHERE \(conditions.joined(separator: " AND ")) ORDER BY id
                    """,
                arguments: arguments
            )
            let total = try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE run_id = ?", arguments: [id]) ?? 0
            try Self.audit(
                AuditLine(actor: heuristicVersion, action: .reverifyStart, claimID: nil, detail: "run \(id): \(total) claims", at: now),
                db
            )
            return ReverifyRun(id: id, heuristicVersion: heuristicVersion, dryRun: dryRun, total: total, resumed: false)
        }
    }

    /// Leases up to `limit` of a run's jobs (those not leased, or whose lease expired).
    public func leaseReverifyJobs(
        run: Int64,
        owner: String,
        limit: Int,
        now: Timestamp,
        leaseSeconds: Int64
    ) async throws(StoreError)
        -> [ClaimRecord]
    {
        try await write { db in
            let ids = try db.values(
                Int64.self,
                sql: """
                    SELECT claim_id FROM jobs WHERE kind = 'reverify' AND run_id = ?
                      AND (lease_owner IS NULL OR lease_expires_at <= ?) ORDER BY claim_id LIMIT ?
                    """,
                arguments: [run, now.secondsSince1970, limit]
            )
            for id in ids {
                try db.run(
                    sql:
                        "UPDATE jobs SET lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1 WHERE kind = 'reverify' AND run_id = ? AND claim_id = ?",
                    arguments: [owner, now.secondsSince1970 + leaseSeconds, run, id]
                )
            }
            return try ids.compactMap { try Self.claim(id: $0, db) }
        }
    }

    /// Records what re-verifying a claim found and, unless the run is a dry run, corrects the claim and
    /// its ledger as settlement plans it; all in one transaction with the job's end.
    public func completeReverify(
        run: ReverifyRun,
        claimID: Int64,
        owner: String,
        decision: ClaimDecision?,
        score: Double?,
        reasons: [ClaimReason],
        plateModels: [String],
        plateProfile: String?,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ReverifyChange {
        try await write { db in
            let holder = try db.value(
                String.self,
                sql: "SELECT lease_owner FROM jobs WHERE kind = 'reverify' AND run_id = ? AND claim_id = ?",
                arguments: [run.id, claimID]
            )
            let claim = try Self.require(claimID, db)
            let facts = try Self.facts(of: claim, catalogue: catalogue, db)
            let corrected = try db.value(
                Int.self,
                sql: "SELECT COUNT(*) FROM reverifications WHERE claim_id = ? AND heuristic_version = ?",
                arguments: [claimID, ReverificationRecord.rules(heuristicVersion: run.heuristicVersion, plateModels: plateModels)]
            )
            let found = try planned { () throws(SettlementConflict) in
                try Settlement(catalogue: catalogue).reverification(
                    decision,
                    score: score,
                    reasons: reasons,
                    heuristicVersion: run.heuristicVersion,
                    plateModels: plateModels,
                    plateProfile: plateProfile,
                    on: facts,
                    leaseHolder: holder,
                    worker: owner,
                    alreadyCorrected: (corrected ?? 0) > 0,
                    dryRun: run.dryRun,
                    now: now
                )
            }
            try Self.apply(found.plan, db)
            try db.run(
                sql: """
                    INSERT OR REPLACE INTO reverify_results (run_id, claim_id, old_status, new_decision, change, score, reasons, ledger_entries)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.id, claimID, claim.state.status.rawValue, found.decision?.rawValue, found.change.rawValue, score,
                    found.reasons.stored, found.plan.ledgerEntriesWritten,
                ]
            )
            try db.run(sql: "DELETE FROM jobs WHERE kind = 'reverify' AND run_id = ? AND claim_id = ?", arguments: [run.id, claimID])
            if try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE run_id = ?", arguments: [run.id]) == 0 {
                try db.run(
                    sql: "UPDATE reverify_runs SET finished_at = ? WHERE id = ? AND finished_at IS NULL",
                    arguments: [now.secondsSince1970, run.id]
                )
            }
            return found.change
        }
    }

    /// A run's totals so far.
    public func reverifySummary(run: Int64) async throws(StoreError) -> ReverifySummary {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try db.rows(
                sql: "SELECT change, COUNT(*) AS n FROM reverify_results WHERE run_id = ? GROUP BY change",
                arguments: [run]
            ) {
                counts[row["change"]] = row["n"]
            }
            let unchanged = counts[ReverifyChange.unchanged.rawValue] ?? 0
            let skipped = counts[ReverifyChange.skippedModerated.rawValue] ?? 0
            let changes = counts.filter {
                $0.key != ReverifyChange.unchanged.rawValue && $0.key != ReverifyChange.skippedModerated.rawValue
            }
            return ReverifySummary(
                examined: counts.values.reduce(0, +),
                unchanged: unchanged,
                changed: changes.values.reduce(0, +),
                changes: changes,
                skippedModerated: skipped,
                ledgerEntriesWritten: try db.value(
                    Int.self,
                    sql: "SELECT COALESCE(SUM(ledger_entries), 0) FROM reverify_results WHERE run_id = ?",
                    arguments: [run]
                ) ?? 0,
                pending: try db.value(Int.self, sql: "SELECT COUNT(*) FROM jobs WHERE kind = 'reverify' AND run_id = ?", arguments: [run])
                    ?? 0
            )
        }
    }

    /// Every changed or skipped claim of a run, for its report.
    public func reverifyReport(run: Int64) async throws(StoreError) -> [ReverifyReportLine] {
        try await read { db in
            try db.rows(
                sql: """
                    SELECT r.claim_id, c.account, r.old_status, r.new_decision, r.change, r.score, r.reasons
                    FROM reverify_results r JOIN claims c ON c.id = r.claim_id
                    WHERE r.run_id = ? AND r.change != 'unchanged' ORDER BY r.claim_id
                    """,
                arguments: [run]
            ).map { row in
                ReverifyReportLine(
                    claimID: row["claim_id"],
                    account: row["account"],
                    from: row["old_status"],
                    decision: row["new_decision"],
                    change: row["change"],
                    score: row["score"],
                    reasons: row["reasons"]
                )
            }
        }
    }
}
