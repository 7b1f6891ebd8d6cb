public import PlateProofDomain
import PostgresNIO

extension PostgresStore {
    public func reviewQueue(limit: Int) async throws(StoreError) -> [ReviewItem] {
        try await transaction { db in
            let flagged = try await db.values(
                Int64.self,
                "SELECT id FROM claims WHERE status = 'review' AND NOT decided_by_moderator ORDER BY claimed_at, id LIMIT \(limit)"
            )
            var items: [ReviewItem] = []
            for id in flagged { if let claim = try await Self.claim(id: id, db) { items.append(ReviewItem(kind: .review, claim: claim)) } }
            if items.count < limit {
                let sampled = try await db.values(
                    Int64.self,
                    "SELECT claim_id FROM qa_samples WHERE answered_at IS NULL ORDER BY sampled_at, claim_id LIMIT \(limit - items.count)"
                )
                for id in sampled { if let claim = try await Self.claim(id: id, db) { items.append(ReviewItem(kind: .qa, claim: claim)) } }
            }
            return items
        }
    }

    public func reviewCounts() async throws(StoreError) -> (review: Int, qa: Int) {
        let counts = try await transaction { db in
            [
                try await db.value(Int64.self, "SELECT COUNT(*) FROM claims WHERE status = 'review' AND NOT decided_by_moderator") ?? 0,
                try await db.value(Int64.self, "SELECT COUNT(*) FROM qa_samples WHERE answered_at IS NULL") ?? 0,
            ]
        }
        return (Int(counts[0]), Int(counts[1]))
    }

    public func moderate(
        claimID: Int64,
        decision: ClaimDecision,
        reason: String,
        moderator: String,
        catalogue: ActivityCatalogue,
        now: Timestamp
    ) async throws(StoreError) -> ModerationOutcome {
        try await transaction(.serializable) { db in
            guard decision != .review else { throw StoreError(.conflict, "a moderator's decision is approve or reject") }
            guard let claim = try await Self.claim(id: claimID, db) else { throw StoreError(.notFound, "no claim \(claimID)") }
            let actor = "moderator:\(moderator)"
            try await Self.audit(db, at: now, actor: actor, action: "moderate", claim: claimID, detail: "\(decision.rawValue) \(reason)")
            if claim.state.status == .review && !claim.state.decidedByModerator {
                let written = try await Self.redecide(claim, event: .moderated(decision), actor: actor, catalogue: catalogue, now: now, db)
                try await Self.recordReason(reason, claim: claim, db)
                return ModerationOutcome(
                    kind: .review,
                    claim: try await Self.require(claimID, db),
                    agreedWithMachine: nil,
                    ledgerEntriesWritten: written
                )
            }
            guard
                let machine = try await db.value(
                    String.self,
                    "SELECT machine_decision FROM qa_samples WHERE claim_id = \(claimID) AND answered_at IS NULL"
                ), !claim.state.decidedByModerator
            else {
                throw StoreError(.conflict, "claim \(claimID) is \(claim.state.status.rawValue) and waits for no decision")
            }
            try await db.run(
                """
                UPDATE qa_samples SET answer = \(decision.rawValue), answer_reason = \(reason), moderator = \(moderator),
                    answered_at = \(now.secondsSince1970) WHERE claim_id = \(claimID)
                """
            )
            let agreed = machine == decision.rawValue
            var written = 0
            if !agreed {
                written = try await Self.redecide(claim, event: .qualityChecked(decision), actor: actor, catalogue: catalogue, now: now, db)
                try await Self.recordReason(reason, claim: claim, db)
            }
            return ModerationOutcome(
                kind: .qa,
                claim: try await Self.require(claimID, db),
                agreedWithMachine: agreed,
                ledgerEntriesWritten: written
            )
        }
    }

    public func agreementRates() async throws(StoreError) -> [AgreementRate] {
        try await transaction { db in
            try await db.rows(
                """
                SELECT heuristic_version, COUNT(*) AS answered, SUM(CASE WHEN answer = machine_decision THEN 1 ELSE 0 END) AS agreed
                FROM qa_samples WHERE answered_at IS NOT NULL GROUP BY heuristic_version ORDER BY heuristic_version
                """
            ).map { row in
                AgreementRate(
                    heuristicVersion: try row.get("heuristic_version"),
                    answered: Int(try row.get("answered", as: Int64.self)),
                    agreed: Int(try row.get("agreed", as: Int64.self))
                )
            }
        }
    }

    public func decisionEvents(after cursor: Int64, limit: Int) async throws(StoreError) -> [DecisionEvent] {
        try await transaction { db in
            try await db.rows(
                """
                SELECT a.id, a.claim_id, a.actor, a.detail, a.at, c.account FROM audit_log a JOIN claims c ON c.id = a.claim_id
                WHERE a.id > \(cursor) AND a.action IN ('decide', 'redecide') ORDER BY a.id LIMIT \(limit)
                """
            ).compactMap { row in
                let detail = try row.get("detail", as: String.self)
                guard let status = DecisionEvent.status(fromAuditDetail: detail),
                    let account = AccountID(rawValue: try row.get("account"))
                else { return nil }
                return DecisionEvent(
                    id: try row.get("id"),
                    claimID: try row.get("claim_id"),
                    account: account,
                    status: status,
                    decidedBy: try row.get("actor"),
                    at: Timestamp(secondsSince1970: try row.get("at"))
                )
            }
        }
    }

    private static func recordReason(_ reason: String, claim: ClaimRecord, _ db: PostgresTransaction) async throws {
        let reasons = (claim.reasons + ["moderator:\(reason)"]).joined(separator: ",")
        try await db.run("UPDATE claims SET reasons = \(reasons) WHERE id = \(claim.id)")
    }

    private static func require(_ id: Int64, _ db: PostgresTransaction) async throws -> ClaimRecord {
        guard let claim = try await claim(id: id, db) else { throw StoreError(.notFound, "no claim \(id)") }
        return claim
    }
}
