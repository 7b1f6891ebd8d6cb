public import PlateProofDomain
import PostgresNIO

extension PostgresStore {
    // MARK: - Claims and the queue

    public func enqueue(_ request: ClaimRequest) async throws(StoreError) -> EnqueueResult {
        try await transaction { db in
            if let existing = try await Self.claim(uploader: request.uploader, key: request.idempotencyKey, db) {
                let same =
                    existing.request.photoSHA256 == request.photoSHA256 && existing.request.account == request.account
                    && existing.request.activity == request.activity
                guard same else {
                    throw StoreError(.conflict, "idempotency key \(request.idempotencyKey) was used for another claim (\(existing.id))")
                }
                return EnqueueResult(claim: existing, created: false)
            }
            // A racing enqueue of the same key fails the unique constraint; the retry finds its claim.
            guard
                let id = try await db.value(
                    Int64.self,
                    """
                    INSERT INTO claims (uploader, idempotency_key, account, activity, photo_sha256, status, claimed_at)
                    VALUES (\(request.uploader), \(request.idempotencyKey), \(request.account.rawValue), \(request.activity.rawValue),
                        \(request.photoSHA256), 'queued', \(request.claimedAt.secondsSince1970)) RETURNING id
                    """
                )
            else { throw StoreError(.storage, "the new claim has no id") }
            try await db.run("INSERT INTO jobs (claim_id, next_attempt_at) VALUES (\(id), \(request.claimedAt.secondsSince1970))")
            try await Self.audit(
                db,
                at: request.claimedAt,
                actor: request.uploader,
                action: "enqueue",
                claim: id,
                detail: request.idempotencyKey
            )
            guard let claim = try await Self.claim(id: id, db) else { throw StoreError(.notFound, "claim \(id) vanished") }
            return EnqueueResult(claim: claim, created: true)
        }
    }

    /// Takes the oldest due job; jobs another worker is taking are skipped, not waited for.
    public func leaseNextJob(owner: String, now: Timestamp, leaseSeconds: Int64) async throws(StoreError) -> LeasedJob? {
        try await transaction { db in
            let time = now.secondsSince1970
            // One round trip: pick, lease and read the claim.
            guard
                let row = try await db.row(
                    PostgresQuery(
                        unsafeSQL: """
                            WITH next AS (
                                SELECT claim_id FROM jobs
                                WHERE kind = 'claim' AND next_attempt_at <= $1 AND (lease_owner IS NULL OR lease_expires_at <= $1)
                                ORDER BY next_attempt_at, claim_id LIMIT 1 FOR UPDATE SKIP LOCKED
                            ), leased AS (
                                UPDATE jobs SET lease_owner = $2, lease_expires_at = $3, attempts = jobs.attempts + 1
                                FROM next WHERE jobs.claim_id = next.claim_id AND jobs.kind = 'claim' RETURNING jobs.claim_id, jobs.attempts
                            )
                            SELECT \(Self.claimSelectList), leased.attempts AS job_attempts FROM claims c JOIN leased ON c.id = leased.claim_id
                            """,
                        binds: try Self.binds(time, owner, time + leaseSeconds)
                    )
                )
            else { return nil }
            var claim = try Self.claim(row)
            let (id, attempts) = (claim.id, try row.get("job_attempts", as: Int.self))
            if claim.state.status == .processing { claim.state = try claim.state.applyingOrConflict(.released) }
            claim.state = try claim.state.applyingOrConflict(.leased)
            try await db.run("UPDATE claims SET status = \(claim.state.status.rawValue) WHERE id = \(id)")
            return LeasedJob(claimID: id, request: claim.request, attempts: attempts)
        }
    }

    public func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        catalogue: ActivityCatalogue,
        duplicates rules: DuplicateRules,
        qualityControlRate: Double,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        let sampled = qualityControlRate > 0 && Double.random(in: 0..<1) < qualityControlRate
        return try await transaction(.serializable) { db in
            let leased = try await db.row(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT j.lease_owner AS lease_holder, \(Self.claimSelectList) FROM jobs j JOIN claims c ON c.id = j.claim_id
                        WHERE j.claim_id = $1 AND j.kind = 'claim' FOR UPDATE OF j
                        """,
                    binds: try Self.binds(claimID)
                )
            )
            guard let leased, try leased.optional("lease_holder", as: String.self) == owner else {
                throw StoreError(.conflict, "the lease on claim \(claimID) is not held by \(owner)")
            }
            let claim = try Self.claim(leased)
            var reasons = verdict.reasons
            let (exact, near) = try await Self.duplicates(of: claim, phash: verdict.phash, rules: rules, db)
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
                let paid = try await Self.paidClaims(
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
            let (status, reasonText, matches) = (
                state.status.rawValue, reasons.joined(separator: ","), (exact + near).map(String.init).joined(separator: ",")
            )
            try await db.run(
                """
                WITH decided AS (
                    UPDATE claims SET status = \(status), decision = \(decision.rawValue), score = \(verdict.score), reasons = \(reasonText),
                        heuristic_version = \(verdict.heuristicVersion), phash = \(verdict.phash), evidence_sha256 = \(verdict.evidenceSHA256),
                        overlay_sha256 = \(verdict.overlaySHA256), matches = \(matches), decided_at = \(now.secondsSince1970) WHERE id = \(claimID)
                )
                INSERT INTO audit_log (at, actor, action, claim_id, detail)
                VALUES (\(now.secondsSince1970), \(verdict.heuristicVersion), 'decide', \(claimID), \(decision.rawValue))
                """
            )
            try await Self.settle(claim: claim, shouldBePaid: payment, reason: verdict.heuristicVersion, now: now, db)
            if decision != .review && sampled {
                try await db.run(
                    """
                    INSERT INTO qa_samples (claim_id, machine_decision, heuristic_version, sampled_at)
                    VALUES (\(claimID), \(decision.rawValue), \(verdict.heuristicVersion), \(now.secondsSince1970)) ON CONFLICT DO NOTHING
                    """
                )
            }
            let finished = try await db.row(
                PostgresQuery(
                    unsafeSQL: """
                        WITH done AS (DELETE FROM jobs WHERE claim_id = $1 AND kind = 'claim')
                        \(Self.claimColumns) WHERE c.id = $1
                        """,
                    binds: try Self.binds(claimID)
                )
            )
            guard let finished else { throw StoreError(.notFound, "no claim \(claimID)") }
            return try Self.claim(finished)
        }
    }

    public func redecide(
        claimID: Int64,
        event: ClaimEvent,
        actor: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError)
        -> ClaimRecord
    {
        try await transaction(.serializable) { db in
            guard let claim = try await Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            _ = try await Self.redecide(claim, event: event, actor: actor, catalogue: catalogue, now: now, db)
            guard let updated = try await Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            return updated
        }
    }

    public func retry(claimID: Int64, owner: String, error: String, nextAttempt: Timestamp, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            let holder = try await db.value(
                String.self,
                "SELECT lease_owner FROM jobs WHERE claim_id = \(claimID) AND kind = 'claim' FOR UPDATE"
            )
            guard holder == owner else { throw StoreError(.conflict, "the lease on claim \(claimID) is not held by \(owner)") }
            guard let claim = try await Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            let state = try claim.state.applyingOrConflict(.released)
            try await db.run("UPDATE claims SET status = \(state.status.rawValue) WHERE id = \(claimID)")
            try await db.run(
                """
                UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = \(nextAttempt.secondsSince1970),
                    last_error = \(error) WHERE claim_id = \(claimID) AND kind = 'claim'
                """
            )
            try await Self.audit(db, at: now, actor: owner, action: "retry", claim: claimID, detail: error)
        }
    }

    // MARK: - Reading

    public func claim(id: Int64) async throws(StoreError) -> ClaimRecord? {
        try await transaction { db in try await Self.claim(id: id, db) }
    }

    public func allClaims() async throws(StoreError) -> [ClaimRecord] {
        try await transaction { db in try await db.rows(PostgresQuery(unsafeSQL: "\(Self.claimColumns) ORDER BY c.id")).map(Self.claim) }
    }

    public func pendingJobs() async throws(StoreError) -> Int {
        try await transaction { db in Int(try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE kind = 'claim'") ?? 0) }
    }

    public func balance(of account: AccountID) async throws(StoreError) -> Credits {
        try await transaction { db in
            Credits(
                try await db.value(
                    Int64.self,
                    "SELECT COALESCE(SUM(amount), 0)::BIGINT FROM ledger_entries WHERE account = \(account.rawValue)"
                ) ?? 0
            )
        }
    }

    public func entries(of account: AccountID) async throws(StoreError) -> [LedgerEntry] {
        try await transaction { db in
            try await db.rows("SELECT * FROM ledger_entries WHERE account = \(account.rawValue) ORDER BY id").map(Self.entry)
        }
    }

    public func entries(of account: AccountID, after cursor: Int64, limit: Int) async throws(StoreError) -> [LedgerLine] {
        try await transaction { db in
            try await db.rows(
                "SELECT * FROM ledger_entries WHERE account = \(account.rawValue) AND id > \(cursor) ORDER BY id LIMIT \(limit)"
            ).map { row in LedgerLine(id: try row.get("id"), entry: try Self.entry(row)) }
        }
    }

    public func ledgerTotal() async throws(StoreError) -> Credits {
        try await transaction { db in
            Credits(try await db.value(Int64.self, "SELECT COALESCE(SUM(amount), 0)::BIGINT FROM ledger_entries") ?? 0)
        }
    }

    public func entryCountsByClaim() async throws(StoreError) -> [Int64: Int] {
        try await transaction { db in
            var counts: [Int64: Int] = [:]
            for row in try await db.rows("SELECT claim_id, COUNT(*) AS n FROM ledger_entries WHERE claim_id IS NOT NULL GROUP BY claim_id")
            {
                counts[try row.get("claim_id", as: Int64.self)] = Int(try row.get("n", as: Int64.self))
            }
            return counts
        }
    }
}
