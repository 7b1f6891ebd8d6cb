public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    public func reviewQueue(site: SiteID?, limit: Int) async throws(StoreError) -> [ReviewItem] {
        let site = site?.rawValue
        return try await transaction { db in
            let flagged = try await db.values(
                Int64.self,
                """
                SELECT id FROM claims WHERE status = 'review' AND NOT decided_by_moderator AND (\(site)::TEXT IS NULL OR site = \(site))
                ORDER BY claimed_at, id LIMIT \(limit)
                """
            )
            var items: [ReviewItem] = []
            for id in flagged { if let claim = try await Self.claim(id: id, db) { items.append(ReviewItem(kind: .review, claim: claim)) } }
            if items.count < limit {
                let sampled = try await db.values(
                    Int64.self,
                    """
                    SELECT q.claim_id FROM qa_samples q JOIN claims c ON c.id = q.claim_id
                    WHERE q.answered_at IS NULL AND (\(site)::TEXT IS NULL OR c.site = \(site))
                    ORDER BY q.sampled_at, q.claim_id LIMIT \(limit - items.count)
                    """
                )
                for id in sampled { if let claim = try await Self.claim(id: id, db) { items.append(ReviewItem(kind: .qa, claim: claim)) } }
            }
            return items
        }
    }

    public func plateCandidates(at site: SiteID, limit: Int) async throws(StoreError) -> [ClaimRecord] {
        let site = site.rawValue
        return try await transaction { db in
            let ids = try await db.values(
                Int64.self,
                """
                SELECT id FROM claims WHERE site = \(site) AND status = 'approved' AND COALESCE(plate_profile, '') = ''
                ORDER BY claimed_at DESC, id DESC LIMIT \(limit)
                """
            )
            var claims: [ClaimRecord] = []
            for id in ids { if let claim = try await Self.claim(id: id, db) { claims.append(claim) } }
            return claims
        }
    }

    public func reviewCounts(site: SiteID?) async throws(StoreError) -> (review: Int, qa: Int) {
        let site = site?.rawValue
        let counts = try await transaction { db in
            [
                try await db.value(
                    Int64.self,
                    """
                    SELECT COUNT(*) FROM claims
                    WHERE status = 'review' AND NOT decided_by_moderator AND (\(site)::TEXT IS NULL OR site = \(site))
                    """
                ) ?? 0,
                try await db.value(
                    Int64.self,
                    """
                    SELECT COUNT(*) FROM qa_samples q JOIN claims c ON c.id = q.claim_id
                    WHERE q.answered_at IS NULL AND (\(site)::TEXT IS NULL OR c.site = \(site))
                    """
                ) ?? 0,
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
            let claim = try await Self.require(claimID, db)
            let facts = try await Self.facts(of: claim, catalogue: catalogue, db)
            let sample = try await db.value(
                String.self,
                "SELECT machine_decision FROM qa_samples WHERE claim_id = \(claimID) AND answered_at IS NULL"
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
            try await Self.apply(plan, db)
            return ModerationOutcome(plan, claim: try await Self.require(claimID, db))
        }
    }

    public func agreementRates(site: SiteID?) async throws(StoreError) -> [AgreementRate] {
        let site = site?.rawValue
        return try await transaction { db in
            try await db.rows(
                """
                SELECT q.heuristic_version, COUNT(*) AS answered,
                    SUM(CASE WHEN q.answer = q.machine_decision THEN 1 ELSE 0 END) AS agreed
                FROM qa_samples q JOIN claims c ON c.id = q.claim_id
                WHERE q.answered_at IS NOT NULL AND (\(site)::TEXT IS NULL OR c.site = \(site))
                GROUP BY q.heuristic_version ORDER BY q.heuristic_version
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

    public func decisionEvents(site: SiteID?, after cursor: Int64, limit: Int) async throws(StoreError) -> [DecisionEvent] {
        try await transaction { db in try await db.rows(Self.eventsQuery(site: site, after: cursor, limit: limit)).map(Self.event) }
    }

    static func eventsQuery(site: SiteID?, after cursor: Int64, limit: Int) -> PostgresQuery {
        let site = site?.rawValue
        return """
            SELECT * FROM events WHERE id > \(cursor) AND ledger_entry_id IS NULL AND (\(site)::TEXT IS NULL OR site = \(site))
            ORDER BY id LIMIT \(limit)
            """
    }
}
