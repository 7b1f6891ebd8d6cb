import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    /// The facts settlement decides on, read inside the transaction that applies its plan.
    static func facts(of claim: ClaimRecord, catalogue: ActivityCatalogue, _ db: PostgresTransaction) async throws -> ClaimFacts {
        let day = catalogue.localDayBounds(of: claim.request.claimedAt)
        let (start, end) = (day.start.secondsSince1970, day.end.secondsSince1970)
        let paid =
            try await db.value(
                Int64.self,
                """
                SELECT COUNT(*) FROM claims c
                WHERE c.account = \(claim.request.account.rawValue) AND c.activity = \(claim.request.activity.rawValue)
                  AND c.claimed_at >= \(start) AND c.claimed_at < \(end) AND c.id != \(claim.id)
                  AND (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.claim_id = c.id) > 0
                """
            ) ?? 0
        return claim.facts(paidThatDay: Int(paid))
    }

    /// Writes a settlement plan as it stands; the caller's transaction makes it all or nothing.
    static func apply(_ plan: SettlementPlan, _ db: PostgresTransaction) async throws {
        let id = plan.claimID
        let change = plan.claim
        if !change.isEmpty {
            let (status, byModerator, decidedAt) = (
                change.state?.status.rawValue, change.state?.decidedByModerator, change.decidedAt?.secondsSince1970
            )
            let (decision, reasons, matches) = (change.decision?.rawValue, change.reasons?.stored, change.matches?.stored)
            try await db.run(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE claims SET status = COALESCE($1, status), decided_by_moderator = COALESCE($2, decided_by_moderator),
                            decided_at = COALESCE($3, decided_at), decision = COALESCE($4, decision), reasons = COALESCE($5, reasons),
                            score = COALESCE($6, score), heuristic_version = COALESCE($7, heuristic_version), phash = COALESCE($8, phash),
                            evidence_sha256 = COALESCE($9, evidence_sha256), overlay_sha256 = COALESCE($10, overlay_sha256),
                            matches = COALESCE($11, matches)
                        WHERE id = $12
                        """,
                    binds: try binds(
                        status,
                        byModerator,
                        decidedAt,
                        decision,
                        reasons,
                        change.score,
                        change.heuristicVersion,
                        change.phash,
                        change.evidenceSHA256,
                        change.overlaySHA256,
                        matches,
                        id
                    )
                )
            )
        }
        if !plan.audit.isEmpty {
            // Every audit line in one round trip, in order.
            try await db.run(
                """
                INSERT INTO audit_log (at, actor, action, claim_id, detail)
                SELECT * FROM unnest(\(plan.audit.map(\.at.secondsSince1970))::BIGINT[], \(plan.audit.map(\.actor))::TEXT[],
                    \(plan.audit.map(\.action.rawValue))::TEXT[], \(plan.audit.map { $0.claimID ?? id })::BIGINT[],
                    \(plan.audit.map(\.detail))::TEXT[])
                """
            )
        }
        if let entry = plan.ledgerEntry {
            // The entry takes the claim's next sequence number (UNIQUE, so a racing writer fails).
            let (account, kind, amount, time) = (
                entry.account.rawValue, entry.kind.rawValue, entry.amount.rawValue, entry.createdAt.secondsSince1970
            )
            try await db.run(
                """
                INSERT INTO ledger_entries (account, kind, amount, claim_id, claim_sequence, reason, created_at)
                SELECT \(account), \(kind), \(amount), \(id), COUNT(*), \(entry.reason), \(time) FROM ledger_entries WHERE claim_id = \(id)
                """
            )
        }
        if let sample = plan.qualityControlSample {
            try await db.run(
                """
                INSERT INTO qa_samples (claim_id, machine_decision, heuristic_version, sampled_at)
                VALUES (\(id), \(sample.machineDecision.rawValue), \(sample.heuristicVersion), \(sample.sampledAt.secondsSince1970))
                ON CONFLICT DO NOTHING
                """
            )
        }
        if let answer = plan.qualityControlAnswer {
            try await db.run(
                """
                UPDATE qa_samples SET answer = \(answer.answer.rawValue), answer_reason = \(answer.reason), moderator = \(answer.moderator),
                    answered_at = \(answer.answeredAt.secondsSince1970) WHERE claim_id = \(id)
                """
            )
        }
        if let record = plan.reverification {
            try await db.run(
                """
                INSERT INTO reverifications (claim_id, heuristic_version, decision, at)
                VALUES (\(id), \(record.heuristicVersion), \(record.decision.rawValue), \(record.at.secondsSince1970))
                """
            )
        }
        if let decision = plan.decision {
            try await db.run(
                """
                INSERT INTO decision_events (claim_id, account, status, decided_by, at)
                VALUES (\(id), \(decision.account.rawValue), \(decision.status.rawValue), \(decision.decidedBy), \(decision.at.secondsSince1970))
                """
            )
        }
    }

    static func audit(_ line: AuditLine, _ db: PostgresTransaction) async throws {
        try await db.run(
            """
            INSERT INTO audit_log (at, actor, action, claim_id, detail)
            VALUES (\(line.at.secondsSince1970), \(line.actor), \(line.action.rawValue), \(line.claimID), \(line.detail))
            """
        )
    }
}
