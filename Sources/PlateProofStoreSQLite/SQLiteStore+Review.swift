import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Moderation

    /// Claims waiting for a moderator, oldest first: those in review, then quality-control samples.
    public func reviewQueue(site: SiteID?, limit: Int) async throws(StoreError) -> [ReviewItem] {
        try await read { db in
            let (scope, arguments) = Self.scope(site, column: "site")
            let flagged = try db.values(
                Int64.self,
                sql: "SELECT id FROM claims WHERE status = 'review' AND decided_by_moderator = 0 \(scope) ORDER BY claimed_at, id LIMIT ?",
                arguments: arguments + [limit]
            )
            var items = try flagged.compactMap { id in try Self.claim(id: id, db).map { ReviewItem(kind: .review, claim: $0) } }
            if items.count < limit {
                let sampled = try db.values(
                    Int64.self,
                    sql: """
                        SELECT claim_id FROM qa_samples q JOIN claims c ON c.id = q.claim_id
                        WHERE q.answered_at IS NULL \(Self.scope(site, column: "c.site").sql) ORDER BY q.sampled_at, q.claim_id LIMIT ?
                        """,
                    arguments: arguments + [limit - items.count]
                )
                items += try sampled.compactMap { id in try Self.claim(id: id, db).map { ReviewItem(kind: .qa, claim: $0) } }
            }
            return items
        }
    }

    public func plateCandidates(at site: SiteID, limit: Int) async throws(StoreError) -> [ClaimRecord] {
        try await read { db in
            let ids = try db.values(
                Int64.self,
                sql: """
                    SELECT id FROM claims WHERE site = ? AND status = 'approved' AND COALESCE(plate_profile, '') = ''
                    ORDER BY claimed_at DESC, id DESC LIMIT ?
                    """,
                arguments: [site.rawValue, limit]
            )
            return try ids.compactMap { id in try Self.claim(id: id, db) }
        }
    }

    /// Claims waiting for a moderator, by kind.
    public func reviewCounts(site: SiteID?) async throws(StoreError) -> (review: Int, qa: Int) {
        try await read { db in
            let (scope, arguments) = Self.scope(site, column: "site")
            return (
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM claims WHERE status = 'review' AND decided_by_moderator = 0 \(scope)",
                    arguments: arguments
                ) ?? 0,
                try db.value(
                    Int.self,
                    sql: """
                        SELECT COUNT(*) FROM qa_samples q JOIN claims c ON c.id = q.claim_id
                        WHERE q.answered_at IS NULL \(Self.scope(site, column: "c.site").sql)
                        """,
                    arguments: arguments
                ) ?? 0
            )
        }
    }

    /// A moderator's decision (`approve` or `reject`, with a reason code) on a claim in review or an
    /// open quality-control sample, as settlement plans it: a claim in review is decided and paid as
    /// the worker would; a sample's answer moves credits only when it overturns the machine. Anything
    /// else is a `conflict`.
    public func moderate(
        claimID: Int64,
        decision: ClaimDecision,
        reason: String,
        moderator: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ModerationOutcome {
        try await write { db in
            let claim = try Self.require(claimID, db)
            let facts = try Self.facts(of: claim, catalogue: catalogue, db)
            let sample = try db.value(
                String.self,
                sql: "SELECT machine_decision FROM qa_samples WHERE claim_id = ? AND answered_at IS NULL",
                arguments: [claimID]
            ).flatMap(ClaimDecision.init(rawValue:))
            let plan = try planned { () throws(SettlementConflict) in
                try Settlement(catalogue: catalogue).moderation(
                    decision,
                    reason: reason,
                    moderator: moderator,
                    on: facts,
                    openSample: sample,
                    now: now
                )
            }
            try Self.apply(plan, db)
            return ModerationOutcome(plan, claim: try Self.require(claimID, db))
        }
    }

    /// Moderators' agreement with the machine on answered quality-control samples, per heuristic version.
    public func agreementRates(site: SiteID?) async throws(StoreError) -> [AgreementRate] {
        try await read { db in
            let (scope, arguments) = Self.scope(site, column: "c.site")
            return try db.rows(
                sql: """
                    SELECT q.heuristic_version, COUNT(*) AS answered, SUM(q.answer = q.machine_decision) AS agreed
                    FROM qa_samples q JOIN claims c ON c.id = q.claim_id WHERE q.answered_at IS NOT NULL \(scope)
                    GROUP BY q.heuristic_version ORDER BY q.heuristic_version
                    """,
                arguments: arguments
            ).map { row in AgreementRate(heuristicVersion: row["heuristic_version"], answered: row["answered"], agreed: row["agreed"]) }
        }
    }

    // MARK: - Events feed

    /// Decisions (machine, moderator, re-verification) after the cursor, oldest first.
    public func decisionEvents(site: SiteID?, after cursor: Int64, limit: Int) async throws(StoreError) -> [DecisionEvent] {
        let query = Self.eventsQuery(site: site, after: cursor, limit: limit)
        return try await read { db in try db.rows(sql: query.sql, arguments: query.arguments).map(Self.event) }
    }

    static func eventsQuery(site: SiteID?, after cursor: Int64, limit: Int) -> (sql: String, arguments: StatementArguments) {
        let (scope, arguments) = scope(site, column: "site")
        return (
            "SELECT * FROM events WHERE id > ? AND ledger_entry_id IS NULL \(scope) ORDER BY id LIMIT ?", [cursor] + arguments + [limit]
        )
    }

    // MARK: - Ledger pages

    /// The account's ledger entries after `cursor` (an entry id), oldest first.
    public func entries(of account: AccountID, at site: SiteID, after cursor: Int64, limit: Int) async throws(StoreError) -> [LedgerLine] {
        let query = Self.ledgerPageQuery(of: account, at: site, after: cursor, limit: limit)
        return try await read { db in
            try db.rows(sql: query.sql, arguments: query.arguments).map { row in LedgerLine(id: row["id"], entry: try Self.entry(row)) }
        }
    }

    static func ledgerPageQuery(
        of account: AccountID,
        at site: SiteID,
        after cursor: Int64,
        limit: Int
    )
        -> (sql: String, arguments: StatementArguments)
    {
        (
            "SELECT * FROM ledger_entries WHERE site = ? AND account = ? AND id > ? ORDER BY id LIMIT ?",
            [site.rawValue, account.rawValue, cursor, limit]
        )
    }
}
