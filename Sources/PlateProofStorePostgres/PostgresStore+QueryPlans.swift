public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    /// How PostgreSQL runs the reads a site's clients make most (rankings, the events feed, a
    /// ledger page): `EXPLAIN` of the very queries the store runs, one line per plan node. For
    /// the scale tests and the notes that report them.
    package func mainReadPlans(
        site: SiteID,
        group: GroupID,
        account: AccountID,
        since: Timestamp
    ) async throws(StoreError)
        -> [(read: String, plan: String)]
    {
        let queries = [
            ("leaderboard", Self.leaderboardQuery(at: site, group: nil, since: since, limit: 20)),
            ("group leaderboard", Self.leaderboardQuery(at: site, group: group, since: since, limit: 20)),
            ("site events", Self.eventsQuery(site: site, after: 0, limit: 100)),
            ("ledger page", Self.ledgerPageQuery(of: account, at: site, after: 0, limit: 100)),
        ]
        return try await transaction { db in
            var plans: [(read: String, plan: String)] = []
            for (name, query) in queries {
                let explained = PostgresQuery(unsafeSQL: "EXPLAIN " + query.sql, binds: query.binds)
                let lines = try await db.values(String.self, explained)
                plans.append((name, lines.map { $0.drop { $0 == " " } }.joined(separator: "; ")))
            }
            return plans
        }
    }
}
