import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    /// How SQLite runs the reads a site's clients make most (rankings, the events feed, a ledger
    /// page): `EXPLAIN QUERY PLAN` of the very queries the store runs, one line per step. For
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
        return try await read { db in
            try queries.map { name, query in
                let steps = try db.rows(sql: "EXPLAIN QUERY PLAN " + query.sql, arguments: query.arguments).map { $0["detail"] as String }
                return (name, steps.joined(separator: "; "))
            }
        }
    }
}
