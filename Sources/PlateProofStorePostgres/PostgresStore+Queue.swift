public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Claims and the queue

    public func enqueue(_ request: ClaimRequest) async throws(StoreError) -> EnqueueResult {
        try await transaction { db in
            if let existing = try await Self.claim(uploader: request.uploader, key: request.idempotencyKey, db) {
                return try EnqueueResult.replaying(request, stored: existing)
            }
            guard let active = try await db.value(Bool.self, "SELECT active FROM sites WHERE id = \(request.site.rawValue)") else {
                throw StoreError(.notFound, "no site \(request.site)")
            }
            guard active else { throw StoreError.siteInactive(request.site) }
            // A racing enqueue of the same key fails the unique constraint; the retry finds its claim.
            guard
                let id = try await db.value(
                    Int64.self,
                    """
                    INSERT INTO claims (site, uploader, idempotency_key, account, activity, photo_sha256, status, claimed_at)
                    VALUES (\(request.site.rawValue), \(request.uploader), \(request.idempotencyKey), \(request.account.rawValue), \(request.activity.rawValue),
                        \(request.photoSHA256), 'queued', \(request.claimedAt.secondsSince1970)) RETURNING id
                    """
                )
            else { throw StoreError(.storage, "the new claim has no id") }
            try await db.run("INSERT INTO jobs (claim_id, next_attempt_at) VALUES (\(id), \(request.claimedAt.secondsSince1970))")
            try await Self.audit(
                AuditLine(actor: request.uploader, action: .enqueue, claimID: id, detail: request.idempotencyKey, at: request.claimedAt),
                db
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
            claim.state = try claim.state.leasedOrConflict()
            try await db.run("UPDATE claims SET status = \(claim.state.status.rawValue) WHERE id = \(id)")
            return LeasedJob(claimID: id, request: claim.request, attempts: attempts)
        }
    }

    public func complete(
        claimID: Int64,
        owner: String,
        verdict: MachineVerdict,
        settlement: Settlement,
        qualityControlDraw: Double,
        now: Timestamp
    ) async throws(StoreError) -> ClaimRecord {
        try await transaction(.serializable) { db in
            let leased = try await db.row(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT j.lease_owner AS lease_holder, \(Self.claimSelectList) FROM jobs j JOIN claims c ON c.id = j.claim_id
                        WHERE j.claim_id = $1 AND j.kind = 'claim' FOR UPDATE OF j
                        """,
                    binds: try Self.binds(claimID)
                )
            )
            // No job: the claim was completed already (or never queued), so no lease is held.
            guard let leased else { throw StoreError(.conflict, "the lease on claim \(claimID) is not held by \(owner)") }
            let claim = try Self.claim(leased)
            let holder = try leased.optional("lease_holder", as: String.self)
            let facts = try await Self.facts(of: claim, catalogue: settlement.catalogue, db)
            let history = try await Self.history(of: claim, phash: verdict.phash, rules: settlement.duplicates, db)
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
            try await Self.apply(plan, db)
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
            let claim = try await Self.require(claimID, db)
            let facts = try await Self.facts(of: claim, catalogue: catalogue, db)
            let plan = try planned { () throws(SettlementConflict) in
                try Settlement(catalogue: catalogue).redecision(event, by: actor, on: facts, now: now)
            }
            try await Self.apply(plan, db)
            return try await Self.require(claimID, db)
        }
    }

    public func retry(claimID: Int64, owner: String, error: String, nextAttempt: Timestamp, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            let holder = try await db.value(
                String.self,
                "SELECT lease_owner FROM jobs WHERE claim_id = \(claimID) AND kind = 'claim' FOR UPDATE"
            )
            try planned { () throws(SettlementConflict) in try Settlement.requireLease(held: holder, by: owner, claim: claimID) }
            let state = try await Self.require(claimID, db).state.applyingOrConflict(.released)
            try await db.run("UPDATE claims SET status = \(state.status.rawValue) WHERE id = \(claimID)")
            try await db.run(
                """
                UPDATE jobs SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = \(nextAttempt.secondsSince1970),
                    last_error = \(error) WHERE claim_id = \(claimID) AND kind = 'claim'
                """
            )
            try await Self.audit(AuditLine(actor: owner, action: .retry, claimID: claimID, detail: error, at: now), db)
        }
    }

    // MARK: - Reading

    public func claim(id: Int64) async throws(StoreError) -> ClaimRecord? {
        try await transaction { db in try await Self.claim(id: id, db) }
    }

    public func allClaims() async throws(StoreError) -> [ClaimRecord] {
        try await transaction { db in try await db.rows(PostgresQuery(unsafeSQL: "\(Self.claimColumns) ORDER BY c.id")).map(Self.claim) }
    }

    public func checkWritable(now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            try await db.run(
                "INSERT INTO health_checks (id, at) VALUES (1, \(now.secondsSince1970)) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at"
            )
        }
    }

    public func pendingJobs() async throws(StoreError) -> Int {
        try await transaction { db in Int(try await db.value(Int64.self, "SELECT COUNT(*) FROM jobs WHERE kind = 'claim'") ?? 0) }
    }

    public func balance(of account: AccountID, at site: SiteID) async throws(StoreError) -> Credits {
        try await transaction { db in
            Credits(
                try await db.value(
                    Int64.self,
                    "SELECT COALESCE(SUM(amount), 0)::BIGINT FROM ledger_entries WHERE site = \(site.rawValue) AND account = \(account.rawValue)"
                ) ?? 0
            )
        }
    }

    public func entries(of account: AccountID, at site: SiteID) async throws(StoreError) -> [LedgerEntry] {
        try await transaction { db in
            try await db.rows("SELECT * FROM ledger_entries WHERE site = \(site.rawValue) AND account = \(account.rawValue) ORDER BY id")
                .map(Self.entry)
        }
    }

    public func entries(of account: AccountID, at site: SiteID, after cursor: Int64, limit: Int) async throws(StoreError) -> [LedgerLine] {
        try await transaction { db in
            try await db.rows(Self.ledgerPageQuery(of: account, at: site, after: cursor, limit: limit)).map { row in
                LedgerLine(id: try row.get("id"), entry: try Self.entry(row))
            }
        }
    }

    static func ledgerPageQuery(of account: AccountID, at site: SiteID, after cursor: Int64, limit: Int) -> PostgresQuery {
        """
        SELECT * FROM ledger_entries WHERE site = \(site.rawValue) AND account = \(account.rawValue) AND id > \(cursor)
        ORDER BY id LIMIT \(limit)
        """
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
