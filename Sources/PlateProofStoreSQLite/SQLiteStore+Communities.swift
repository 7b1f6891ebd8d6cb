import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Households

    public func createHousehold(_ id: HouseholdID, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await write { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM households WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 0
            else {
                throw StoreError(.conflict, "household \(id) exists")
            }
            try Self.requireSite(site, db)
            try db.run(
                sql: "INSERT INTO households (site, id, created_at) VALUES (?, ?, ?)",
                arguments: [site.rawValue, id.rawValue, now.secondsSince1970]
            )
        }
    }

    /// Adds accounts to a household; an account already in another household is a `conflict`.
    public func addToHousehold(_ id: HouseholdID, at site: SiteID, accounts: [AccountID]) async throws(StoreError) {
        try await write { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM households WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 1
            else {
                throw StoreError(.notFound, "no household \(id)")
            }
            for account in accounts {
                let current = try db.value(
                    String.self,
                    sql: "SELECT household_id FROM household_members WHERE site = ? AND account = ?",
                    arguments: [site.rawValue, account.rawValue]
                )
                if current == id.rawValue { continue }
                if let current { throw StoreError(.conflict, "\(account) already belongs to household \(current)") }
                try db.run(
                    sql: "INSERT INTO household_members (site, household_id, account) VALUES (?, ?, ?)",
                    arguments: [site.rawValue, id.rawValue, account.rawValue]
                )
            }
        }
    }

    public func household(_ id: HouseholdID, at site: SiteID) async throws(StoreError) -> HouseholdRecord? {
        try await read { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM households WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 1
            else {
                return nil
            }
            let members = try db.values(
                String.self,
                sql: "SELECT account FROM household_members WHERE site = ? AND household_id = ? ORDER BY account",
                arguments: [site.rawValue, id.rawValue]
            )
            .compactMap(AccountID.init(rawValue:))
            let balance =
                try db.value(
                    Int64.self,
                    sql: """
                        SELECT COALESCE(SUM(l.amount), 0) FROM ledger_entries l
                        JOIN household_members m ON m.site = l.site AND m.account = l.account
                        WHERE m.site = ? AND m.household_id = ?
                        """,
                    arguments: [site.rawValue, id.rawValue]
                ) ?? 0
            return HouseholdRecord(id: id, members: members, balance: Credits(balance))
        }
    }

    // MARK: - Groups

    public func createGroup(_ id: GroupID, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await write { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM groups WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 0
            else {
                throw StoreError(.conflict, "group \(id) exists")
            }
            try Self.requireSite(site, db)
            try db.run(
                sql: "INSERT INTO groups (site, id, created_at) VALUES (?, ?, ?)",
                arguments: [site.rawValue, id.rawValue, now.secondsSince1970]
            )
        }
    }

    /// Adds accounts to a group (an account may be in many groups).
    public func addToGroup(_ id: GroupID, at site: SiteID, accounts: [AccountID]) async throws(StoreError) {
        try await write { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM groups WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 1
            else {
                throw StoreError(.notFound, "no group \(id)")
            }
            for account in accounts {
                try db.run(
                    sql: "INSERT OR IGNORE INTO group_members (site, group_id, account) VALUES (?, ?, ?)",
                    arguments: [site.rawValue, id.rawValue, account.rawValue]
                )
            }
        }
    }

    public func groupMembers(_ id: GroupID, at site: SiteID) async throws(StoreError) -> [AccountID]? {
        try await read { db in
            guard
                try db.value(
                    Int.self,
                    sql: "SELECT COUNT(*) FROM groups WHERE site = ? AND id = ?",
                    arguments: [site.rawValue, id.rawValue]
                ) == 1
            else { return nil }
            return try db.values(
                String.self,
                sql: "SELECT account FROM group_members WHERE site = ? AND group_id = ? ORDER BY account",
                arguments: [site.rawValue, id.rawValue]
            )
            .compactMap(AccountID.init(rawValue:))
        }
    }

    // MARK: - Leaderboard

    /// A site's accounts ranked by credits earned since `since` (all of them, or a group's members), best first.
    public func leaderboard(at site: SiteID, group: GroupID?, since: Timestamp, limit: Int) async throws(StoreError) -> [LeaderboardEntry] {
        let query = Self.leaderboardQuery(at: site, group: group, since: since, limit: limit)
        return try await read { db in
            try db.rows(sql: query.sql, arguments: query.arguments).compactMap { row in
                AccountID(rawValue: row["account"]).map { LeaderboardEntry(account: $0, credits: Credits(row["credits"])) }
            }
        }
    }

    static func leaderboardQuery(
        at site: SiteID,
        group: GroupID?,
        since: Timestamp,
        limit: Int
    ) -> (sql: String, arguments: StatementArguments) {
        guard let group else {
            return (
                """
                SELECT account, SUM(amount) AS credits FROM ledger_entries WHERE site = ? AND created_at >= ?
                GROUP BY account ORDER BY credits DESC, account LIMIT ?
                """,
                [site.rawValue, since.secondsSince1970, limit]
            )
        }
        return (
            """
            SELECT m.account AS account, COALESCE(SUM(l.amount), 0) AS credits FROM group_members m
            LEFT JOIN ledger_entries l ON l.site = m.site AND l.account = m.account AND l.created_at >= ?
            WHERE m.site = ? AND m.group_id = ? GROUP BY m.account ORDER BY credits DESC, m.account LIMIT ?
            """,
            [since.secondsSince1970, site.rawValue, group.rawValue, limit]
        )
    }
}
