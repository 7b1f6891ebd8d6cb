public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    public func startReverifyRun(
        _ selection: ReverifySelection,
        heuristicVersion: String,
        dryRun: Bool,
        now: Timestamp
    ) async throws(StoreError)
        -> ReverifyRun
    {
        try await transaction(.serializable) { db in
            if let id = try await db.value(
                Int64.self,
                """
                SELECT id FROM reverify_runs WHERE heuristic_version = \(heuristicVersion) AND selection = \(selection.key)
                  AND dry_run = \(dryRun) AND finished_at IS NULL ORDER BY id DESC LIMIT 1
                """
            ) {
                let total = try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE run_id = \(id)") ?? 0
                let done = try await db.value(Int64.self, "SELECT COUNT(*) FROM reverify_results WHERE run_id = \(id)") ?? 0
                return ReverifyRun(id: id, heuristicVersion: heuristicVersion, dryRun: dryRun, total: Int(total + done), resumed: true)
            }
            guard
                let id = try await db.value(
                    Int64.self,
                    """
                    INSERT INTO reverify_runs (heuristic_version, selection, dry_run, created_at)
                    VALUES (\(heuristicVersion), \(selection.key), \(dryRun), \(now.secondsSince1970)) RETURNING id
                    """
                )
            else { throw StoreError(.storage, "the new run has no id") }
            var conditions = ["status IN ('approved', 'rejected', 'review')"]
            var binds = PostgresBindings()
            binds.append(id)
            binds.append(now.secondsSince1970)
            if let since = selection.since {
                binds.append(since.secondsSince1970)
                conditions.append("claimed_at >= $\(binds.count)")
            }
            if let until = selection.until {
                binds.append(until.secondsSince1970)
                conditions.append("claimed_at < $\(binds.count)")
            }
            if let status = selection.status {
                binds.append(status.rawValue)
                conditions.append("status = $\(binds.count)")
            }
            if let account = selection.account {
                binds.append(account.rawValue)
                conditions.append("account = $\(binds.count)")
            }
            if let site = selection.site {
                binds.append(site.rawValue)
                conditions.append("site = $\(binds.count)")
            }
            try await db.run(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO jobs (kind, claim_id, run_id, next_attempt_at)
                        SELECT 'reverify', id, $1, $2 FROM claims WHERE \(conditions.joined(separator: " AND ")) ORDER BY id
                        """,
                    binds: binds
                )
            )
            let total = try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE run_id = \(id)") ?? 0
            try await Self.audit(
                AuditLine(actor: heuristicVersion, action: .reverifyStart, claimID: nil, detail: "run \(id): \(total) claims", at: now),
                db
            )
            return ReverifyRun(id: id, heuristicVersion: heuristicVersion, dryRun: dryRun, total: Int(total), resumed: false)
        }
    }

    public func leaseReverifyJobs(
        run: Int64,
        owner: String,
        limit: Int,
        now: Timestamp,
        leaseSeconds: Int64
    ) async throws(StoreError)
        -> [ClaimRecord]
    {
        try await transaction { db in
            let time = now.secondsSince1970
            let ids = try await db.values(
                Int64.self,
                """
                SELECT claim_id FROM jobs WHERE kind = 'reverify' AND run_id = \(run)
                  AND (lease_owner IS NULL OR lease_expires_at <= \(time)) ORDER BY claim_id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """
            )
            var claims: [ClaimRecord] = []
            for id in ids {
                try await db.run(
                    """
                    UPDATE jobs SET lease_owner = \(owner), lease_expires_at = \(time + leaseSeconds), attempts = attempts + 1
                    WHERE kind = 'reverify' AND run_id = \(run) AND claim_id = \(id)
                    """
                )
                if let claim = try await Self.claim(id: id, db) { claims.append(claim) }
            }
            return claims
        }
    }

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
        try await transaction(.serializable) { db in
            let holder = try await db.value(
                String.self,
                "SELECT lease_owner FROM jobs WHERE kind = 'reverify' AND run_id = \(run.id) AND claim_id = \(claimID) FOR UPDATE"
            )
            let claim = try await Self.require(claimID, db)
            let facts = try await Self.facts(of: claim, catalogue: catalogue, db)
            let rules = ReverificationRecord.rules(heuristicVersion: run.heuristicVersion, plateModels: plateModels)
            let corrected = try await db.value(
                Int64.self,
                "SELECT COUNT(*) FROM reverifications WHERE claim_id = \(claimID) AND heuristic_version = \(rules)"
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
            try await Self.apply(found.plan, db)
            let (old, new, changed, reasonText, written) = (
                claim.state.status.rawValue, found.decision?.rawValue, found.change.rawValue, found.reasons.stored,
                Int32(found.plan.ledgerEntriesWritten)
            )
            try await db.run(
                """
                INSERT INTO reverify_results (run_id, claim_id, old_status, new_decision, change, score, reasons, ledger_entries)
                VALUES (\(run.id), \(claimID), \(old), \(new), \(changed), \(score), \(reasonText), \(written))
                ON CONFLICT (run_id, claim_id) DO UPDATE SET old_status = EXCLUDED.old_status, new_decision = EXCLUDED.new_decision,
                    change = EXCLUDED.change, score = EXCLUDED.score, reasons = EXCLUDED.reasons, ledger_entries = EXCLUDED.ledger_entries
                """
            )
            try await db.run("DELETE FROM jobs WHERE kind = 'reverify' AND run_id = \(run.id) AND claim_id = \(claimID)")
            if try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE run_id = \(run.id)") == 0 {
                try await db.run(
                    "UPDATE reverify_runs SET finished_at = \(now.secondsSince1970) WHERE id = \(run.id) AND finished_at IS NULL"
                )
            }
            return found.change
        }
    }

    public func reverifySummary(run: Int64) async throws(StoreError) -> ReverifySummary {
        try await transaction { db in
            var counts: [String: Int] = [:]
            for row in try await db.rows("SELECT change, COUNT(*) AS n FROM reverify_results WHERE run_id = \(run) GROUP BY change") {
                counts[try row.get("change", as: String.self)] = Int(try row.get("n", as: Int64.self))
            }
            let unchanged = counts[ReverifyChange.unchanged.rawValue] ?? 0
            let skipped = counts[ReverifyChange.skippedModerated.rawValue] ?? 0
            let changes = counts.filter {
                $0.key != ReverifyChange.unchanged.rawValue && $0.key != ReverifyChange.skippedModerated.rawValue
            }
            let written =
                try await db.value(
                    Int64.self,
                    "SELECT COALESCE(SUM(ledger_entries), 0)::BIGINT FROM reverify_results WHERE run_id = \(run)"
                ) ?? 0
            let pending = try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE kind = 'reverify' AND run_id = \(run)") ?? 0
            return ReverifySummary(
                examined: counts.values.reduce(0, +),
                unchanged: unchanged,
                changed: changes.values.reduce(0, +),
                changes: changes,
                skippedModerated: skipped,
                ledgerEntriesWritten: Int(written),
                pending: Int(pending)
            )
        }
    }

    public func reverifyReport(run: Int64) async throws(StoreError) -> [ReverifyReportLine] {
        try await transaction { db in
            try await db.rows(
                """
                SELECT r.claim_id, c.account, r.old_status, r.new_decision, r.change, r.score, r.reasons
                FROM reverify_results r JOIN claims c ON c.id = r.claim_id
                WHERE r.run_id = \(run) AND r.change != 'unchanged' ORDER BY r.claim_id
                """
            ).map { row in
                ReverifyReportLine(
                    claimID: try row.get("claim_id"),
                    account: try row.get("account"),
                    from: try row.get("old_status"),
                    decision: try row.optional("new_decision"),
                    change: try row.get("change"),
                    score: try row.optional("score"),
                    reasons: try row.get("reasons")
                )
            }
        }
    }
}

extension PostgresStore: Store {}
