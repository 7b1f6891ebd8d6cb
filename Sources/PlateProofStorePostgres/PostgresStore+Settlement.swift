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
                WHERE c.site = \(claim.request.site.rawValue) AND c.account = \(claim.request.account.rawValue) AND c.activity = \(claim.request.activity.rawValue)
                  AND c.claimed_at >= \(start) AND c.claimed_at < \(end) AND c.id != \(claim.id)
                  AND (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries l WHERE l.claim_id = c.id) > 0
                """
            ) ?? 0
        return claim.facts(paidThatDay: Int(paid))
    }

    /// Writes a settlement plan as it stands; the caller's transaction makes it all or nothing. The
    /// claim's change, the audit lines, the ledger entry and the event go in one round trip.
    static func apply(_ plan: SettlementPlan, _ db: PostgresTransaction) async throws {
        let id = plan.claimID
        let change = plan.claim
        let (status, byModerator, decidedAt) = (
            change.state?.status.rawValue, change.state?.decidedByModerator, change.decidedAt?.secondsSince1970
        )
        let (decision, reasons, matches) = (change.decision?.rawValue, change.reasons?.stored, change.matches?.stored)
        let audit = plan.audit
        let entry = plan.ledgerEntry
        let event = plan.decision
        try await db.run(
            PostgresQuery(
                unsafeSQL: """
                    WITH changed AS (
                        UPDATE claims SET status = COALESCE($1, status), decided_by_moderator = COALESCE($2, decided_by_moderator),
                            decided_at = COALESCE($3, decided_at), decision = COALESCE($4, decision), reasons = COALESCE($5, reasons),
                            score = COALESCE($6, score), heuristic_version = COALESCE($7, heuristic_version), phash = COALESCE($8, phash),
                            evidence_sha256 = COALESCE($9, evidence_sha256), overlay_sha256 = COALESCE($10, overlay_sha256),
                            matches = COALESCE($11, matches), plate_profile = COALESCE($31, plate_profile)
                        WHERE id = $12 AND $13
                    ), audited AS (
                        INSERT INTO audit_log (at, actor, action, claim_id, detail)
                        SELECT * FROM unnest($14::BIGINT[], $15::TEXT[], $16::TEXT[], $17::BIGINT[], $18::TEXT[])
                    ), credited AS (
                        -- The entry takes the claim's next sequence number (UNIQUE, so a racing writer fails).
                        INSERT INTO ledger_entries (site, account, kind, amount, claim_id, claim_sequence, reason, created_at)
                        SELECT (SELECT site FROM claims WHERE id = $12), $20, $21, $22, $12, COUNT(*), $23, $24
                        FROM ledger_entries WHERE claim_id = $12 HAVING $19
                        RETURNING id
                    ), announced AS (
                        -- The decision's event, then its ledger entry's, each queued to the endpoints that want it.
                        INSERT INTO events (type, claim_id, ledger_entry_id, site, account, status, decided_by, at)
                        SELECT type, $12, entry, (SELECT site FROM claims WHERE id = $12), $26, $27, $28, $29 FROM (
                            SELECT 0 AS n, $30::TEXT AS type, NULL::BIGINT AS entry WHERE $25
                            UNION ALL SELECT 1, 'ledger.entry_created', credited.id FROM credited WHERE $25
                        ) planned ORDER BY n
                        RETURNING id, type
                    ), queued AS (
                        INSERT INTO webhook_deliveries (endpoint_id, event_id, state, next_attempt_at, queued_at)
                        SELECT e.id, a.id, 'pending', $29, $29 FROM announced a
                        JOIN webhook_endpoints e ON e.status = 'active' AND position(',' || a.type || ',' in e.events) > 0
                            AND (e.site IS NULL OR e.site = (SELECT site FROM claims WHERE id = $12))
                    )
                    SELECT 1
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
                    id,
                    !change.isEmpty,
                    audit.map(\.at.secondsSince1970),
                    audit.map(\.actor),
                    audit.map(\.action.rawValue),
                    audit.map { $0.claimID ?? id },
                    audit.map(\.detail),
                    entry != nil,
                    entry?.account.rawValue ?? "",
                    entry?.kind.rawValue ?? "",
                    entry?.amount.rawValue ?? 0,
                    entry?.reason ?? "",
                    entry?.createdAt.secondsSince1970 ?? 0,
                    event != nil,
                    event?.account.rawValue ?? "",
                    event?.status.rawValue ?? "",
                    event?.decidedBy ?? "",
                    event?.at.secondsSince1970 ?? 0,
                    event?.type.rawValue ?? "",
                    change.plateProfile
                )
            )
        )
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
