import GRDB
import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    /// The facts settlement decides on, read inside the transaction that applies its plan.
    static func facts(of claim: ClaimRecord, catalogue: ActivityCatalogue, _ db: Database) throws -> ClaimFacts {
        let day = catalogue.localDayBounds(of: claim.request.claimedAt)
        let paid =
            try db.value(
                Int.self,
                sql: """
                    SELECT COUNT(*) FROM claims c
                    WHERE c.site = ? AND c.account = ? AND c.activity = ? AND c.claimed_at >= ? AND c.claimed_at < ? AND c.id != ?
                      AND (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.claim_id = c.id) > 0
                    """,
                arguments: [
                    claim.request.site.rawValue, claim.request.account.rawValue, claim.request.activity.rawValue,
                    day.start.secondsSince1970,
                    day.end.secondsSince1970, claim.id,
                ]
            ) ?? 0
        return claim.facts(paidThatDay: paid)
    }

    /// Writes a settlement plan as it stands; the caller's transaction makes it all or nothing.
    static func apply(_ plan: SettlementPlan, _ db: Database) throws {
        let id = plan.claimID
        let change = plan.claim
        if !change.isEmpty {
            try db.run(
                sql: """
                    UPDATE claims SET status = COALESCE(?, status), decided_by_moderator = COALESCE(?, decided_by_moderator),
                        decided_at = COALESCE(?, decided_at), decision = COALESCE(?, decision), reasons = COALESCE(?, reasons),
                        score = COALESCE(?, score), heuristic_version = COALESCE(?, heuristic_version), phash = COALESCE(?, phash),
                        evidence_sha256 = COALESCE(?, evidence_sha256), overlay_sha256 = COALESCE(?, overlay_sha256),
                        plate_profile = COALESCE(?, plate_profile), matches = COALESCE(?, matches)
                    WHERE id = ?
                    """,
                arguments: [
                    change.state?.status.rawValue, change.state?.decidedByModerator, change.decidedAt?.secondsSince1970,
                    change.decision?.rawValue, change.reasons?.stored, change.score, change.heuristicVersion, change.phash,
                    change.evidenceSHA256, change.overlaySHA256, change.plateProfile, change.matches?.stored, id,
                ]
            )
        }
        for line in plan.audit { try audit(line, db) }
        if let sample = plan.qualityControlSample {
            try db.run(
                sql: "INSERT OR IGNORE INTO qa_samples (claim_id, machine_decision, heuristic_version, sampled_at) VALUES (?, ?, ?, ?)",
                arguments: [id, sample.machineDecision.rawValue, sample.heuristicVersion, sample.sampledAt.secondsSince1970]
            )
        }
        if let answer = plan.qualityControlAnswer {
            try db.run(
                sql: "UPDATE qa_samples SET answer = ?, answer_reason = ?, moderator = ?, answered_at = ? WHERE claim_id = ?",
                arguments: [answer.answer.rawValue, answer.reason, answer.moderator, answer.answeredAt.secondsSince1970, id]
            )
        }
        if let record = plan.reverification {
            try db.run(
                sql: "INSERT INTO reverifications (claim_id, heuristic_version, decision, at) VALUES (?, ?, ?, ?)",
                arguments: [id, record.heuristicVersion, record.decision.rawValue, record.at.secondsSince1970]
            )
        }
        if let decision = plan.decision { try announce(decision.type, decision, ledgerEntryID: nil, db) }
        if let entry = plan.ledgerEntry {
            // The entry takes the claim's next sequence number (UNIQUE, so a racing writer fails).
            try db.run(
                sql: """
                    INSERT INTO ledger_entries (site, account, kind, amount, claim_id, claim_sequence, reason, created_at)
                    SELECT (SELECT site FROM claims WHERE id = ?), ?, ?, ?, ?, COUNT(*), ?, ? FROM ledger_entries WHERE claim_id = ?
                    """,
                arguments: [
                    id, entry.account.rawValue, entry.kind.rawValue, entry.amount.rawValue, id, entry.reason,
                    entry.createdAt.secondsSince1970, id,
                ]
            )
            if let decision = plan.decision { try announce(.ledgerEntryCreated, decision, ledgerEntryID: db.lastInsertedRowID, db) }
        }
    }

    /// Writes an event and queues its delivery to every active endpoint that subscribes to its type.
    static func announce(_ type: EventType, _ decision: DecisionRecord, ledgerEntryID: Int64?, _ db: Database) throws {
        try db.run(
            sql: """
                INSERT INTO events (type, claim_id, ledger_entry_id, site, account, status, decided_by, at)
                VALUES (?, ?, ?, (SELECT site FROM claims WHERE id = ?), ?, ?, ?, ?)
                """,
            arguments: [
                type.rawValue, decision.claimID, ledgerEntryID, decision.claimID, decision.account.rawValue, decision.status.rawValue,
                decision.decidedBy, decision.at.secondsSince1970,
            ]
        )
        try db.run(
            sql: """
                INSERT INTO webhook_deliveries (endpoint_id, event_id, state, next_attempt_at, queued_at)
                SELECT id, ?, 'pending', ?, ? FROM webhook_endpoints WHERE status = 'active' AND instr(events, ?) > 0
                  AND (site IS NULL OR site = (SELECT site FROM claims WHERE id = ?))
                """,
            arguments: [db.lastInsertedRowID, decision.at.secondsSince1970, decision.at.secondsSince1970, [type].stored, decision.claimID]
        )
    }

    static func audit(_ line: AuditLine, _ db: Database) throws {
        try db.run(
            sql: "INSERT INTO audit_log (at, actor, action, claim_id, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [line.at.secondsSince1970, line.actor, line.action.rawValue, line.claimID, line.detail]
        )
    }
}
