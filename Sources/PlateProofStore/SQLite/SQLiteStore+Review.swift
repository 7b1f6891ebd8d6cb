import GRDB
public import PlateProofDomain

extension SQLiteStore {
    // MARK: - Moderation

    /// Claims waiting for a moderator, oldest first: those in review, then quality-control samples.
    public func reviewQueue(limit: Int) async throws(StoreError) -> [ReviewItem] {
        try await read { db in
            let flagged = try db.values(
                Int64.self,
                sql: "SELECT id FROM claims WHERE status = 'review' AND decided_by_moderator = 0 ORDER BY claimed_at, id LIMIT ?",
                arguments: [limit]
            )
            var items = try flagged.compactMap { id in try Self.claim(id: id, db).map { ReviewItem(kind: .review, claim: $0) } }
            if items.count < limit {
                let sampled = try db.values(
                    Int64.self,
                    sql: "SELECT claim_id FROM qa_samples WHERE answered_at IS NULL ORDER BY sampled_at, claim_id LIMIT ?",
                    arguments: [limit - items.count]
                )
                items += try sampled.compactMap { id in try Self.claim(id: id, db).map { ReviewItem(kind: .qa, claim: $0) } }
            }
            return items
        }
    }

    /// Claims waiting for a moderator, by kind.
    public func reviewCounts() async throws(StoreError) -> (review: Int, qa: Int) {
        try await read { db in
            (
                try db.value(Int.self, sql: "SELECT COUNT(*) FROM claims WHERE status = 'review' AND decided_by_moderator = 0") ?? 0,
                try db.value(Int.self, sql: "SELECT COUNT(*) FROM qa_samples WHERE answered_at IS NULL") ?? 0
            )
        }
    }

    /// A moderator's decision (`approve` or `reject`, with a reason code) on a claim in review or an
    /// open quality-control sample. A claim in review is decided and paid as the worker would; a
    /// sample's answer moves credits only when it overturns the machine. Anything else (a claim
    /// already decided by a person, or one the machine decided and nobody sampled) is a `conflict`.
    public func moderate(
        claimID: Int64,
        decision: ClaimDecision,
        reason: String,
        moderator: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ModerationOutcome {
        try await write { db in
            guard decision != .review else { throw StoreError(.conflict, "a moderator's decision is approve or reject") }
            guard let claim = try Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            let actor = "moderator:\(moderator)"
            try Self.audit(db, at: now, actor: actor, action: "moderate", claim: claimID, detail: "\(decision.rawValue) \(reason)")
            if claim.state.status == .review && !claim.state.decidedByModerator {
                let written = try Self.redecide(claim, event: .moderated(decision), actor: actor, catalogue: catalogue, now: now, db)
                try Self.recordReason(reason, claim: claim, db)
                return ModerationOutcome(
                    kind: .review,
                    claim: try Self.require(claimID, db),
                    agreedWithMachine: nil,
                    ledgerEntriesWritten: written
                )
            }
            guard
                let machine = try db.value(
                    String.self,
                    sql: "SELECT machine_decision FROM qa_samples WHERE claim_id = ? AND answered_at IS NULL",
                    arguments: [claimID]
                ), !claim.state.decidedByModerator
            else {
                throw StoreError(.conflict, "claim \(claimID) is \(claim.state.status.rawValue) and waits for no decision")
            }
            try db.run(
                sql: "UPDATE qa_samples SET answer = ?, answer_reason = ?, moderator = ?, answered_at = ? WHERE claim_id = ?",
                arguments: [decision.rawValue, reason, moderator, now.secondsSince1970, claimID]
            )
            let agreed = machine == decision.rawValue
            var written = 0
            if !agreed {
                written = try Self.redecide(claim, event: .qualityChecked(decision), actor: actor, catalogue: catalogue, now: now, db)
                try Self.recordReason(reason, claim: claim, db)
            }
            return ModerationOutcome(
                kind: .qa,
                claim: try Self.require(claimID, db),
                agreedWithMachine: agreed,
                ledgerEntriesWritten: written
            )
        }
    }

    /// Moderators' agreement with the machine on answered quality-control samples, per heuristic version.
    public func agreementRates() async throws(StoreError) -> [AgreementRate] {
        try await read { db in
            try db.rows(
                sql: """
                    SELECT heuristic_version, COUNT(*) AS answered, SUM(answer = machine_decision) AS agreed
                    FROM qa_samples WHERE answered_at IS NOT NULL GROUP BY heuristic_version ORDER BY heuristic_version
                    """
            ).map { row in AgreementRate(heuristicVersion: row["heuristic_version"], answered: row["answered"], agreed: row["agreed"]) }
        }
    }

    // MARK: - Events feed

    /// Decisions (machine, moderator, re-verification) after the cursor, oldest first.
    public func decisionEvents(after cursor: Int64, limit: Int) async throws(StoreError) -> [DecisionEvent] {
        try await read { db in
            try db.rows(
                sql: """
                    SELECT a.id, a.claim_id, a.actor, a.action, a.detail, a.at, c.account FROM audit_log a JOIN claims c ON c.id = a.claim_id
                    WHERE a.id > ? AND a.action IN ('decide', 'redecide') ORDER BY a.id LIMIT ?
                    """,
                arguments: [cursor, limit]
            ).compactMap { row in
                let detail: String = row["detail"]
                guard let status = DecisionEvent.status(fromAuditDetail: detail),
                    let account = AccountID(rawValue: row["account"])
                else { return nil }
                return DecisionEvent(
                    id: row["id"],
                    claimID: row["claim_id"],
                    account: account,
                    status: status,
                    decidedBy: row["actor"],
                    at: Timestamp(secondsSince1970: row["at"])
                )
            }
        }
    }

    // MARK: - Ledger pages

    /// The account's ledger entries after `cursor` (an entry id), oldest first.
    public func entries(of account: AccountID, after cursor: Int64, limit: Int) async throws(StoreError) -> [LedgerLine] {
        try await read { db in
            try db.rows(
                sql: "SELECT * FROM ledger_entries WHERE account = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [account.rawValue, cursor, limit]
            ).map { row in LedgerLine(id: row["id"], entry: try Self.entry(row)) }
        }
    }

    // MARK: - Helpers

    /// Samples a machine decision for quality control, in the transaction that records it.
    static func sampleForQualityControl(
        claimID: Int64,
        decision: ClaimDecision,
        heuristicVersion: String,
        now: Timestamp,
        _ db: Database
    ) throws {
        try db.run(
            sql: "INSERT OR IGNORE INTO qa_samples (claim_id, machine_decision, heuristic_version, sampled_at) VALUES (?, ?, ?, ?)",
            arguments: [claimID, decision.rawValue, heuristicVersion, now.secondsSince1970]
        )
    }

    private static func recordReason(_ reason: String, claim: ClaimRecord, _ db: Database) throws {
        let reasons = (claim.reasons + ["moderator:\(reason)"]).joined(separator: ",")
        try db.run(sql: "UPDATE claims SET reasons = ? WHERE id = ?", arguments: [reasons, claim.id])
    }

    private static func require(_ id: Int64, _ db: Database) throws -> ClaimRecord {
        guard let claim = try claim(id: id, db) else { throw StoreError(.notFound, "no claim \(id)") }
        return claim
    }
}
