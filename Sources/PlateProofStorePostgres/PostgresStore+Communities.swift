public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Households

    public func createHousehold(_ id: HouseholdID, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            guard
                try await db.value(Int64.self, "SELECT COUNT(*) FROM households WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 0
            else {
                throw StoreError(.conflict, "household \(id) exists")
            }
            try await Self.requireSite(site, db)
            try await db.run(
                "INSERT INTO households (site, id, created_at) VALUES (\(site.rawValue), \(id.rawValue), \(now.secondsSince1970))"
            )
        }
    }

    public func addToHousehold(_ id: HouseholdID, at site: SiteID, accounts: [AccountID]) async throws(StoreError) {
        try await transaction(.serializable) { db in
            guard
                try await db.value(Int64.self, "SELECT COUNT(*) FROM households WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 1
            else {
                throw StoreError(.notFound, "no household \(id)")
            }
            for account in accounts {
                let current = try await db.value(
                    String.self,
                    "SELECT household_id FROM household_members WHERE site = \(site.rawValue) AND account = \(account.rawValue)"
                )
                if current == id.rawValue { continue }
                if let current { throw StoreError(.conflict, "\(account) already belongs to household \(current)") }
                try await db.run(
                    """
                    INSERT INTO household_members (site, household_id, account) VALUES (\(site.rawValue), \(id.rawValue), \(account.rawValue))
                    """
                )
            }
        }
    }

    public func household(_ id: HouseholdID, at site: SiteID) async throws(StoreError) -> HouseholdRecord? {
        try await transaction { db in
            guard
                try await db.value(Int64.self, "SELECT COUNT(*) FROM households WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 1
            else { return nil }
            let members = try await db.values(
                String.self,
                "SELECT account FROM household_members WHERE site = \(site.rawValue) AND household_id = \(id.rawValue) ORDER BY account"
            )
            .compactMap(AccountID.init(rawValue:))
            let balance =
                try await db.value(
                    Int64.self,
                    """
                    SELECT COALESCE(SUM(l.amount), 0)::BIGINT FROM ledger_entries l
                    JOIN household_members m ON m.site = l.site AND m.account = l.account
                    WHERE m.site = \(site.rawValue) AND m.household_id = \(id.rawValue)
                    """
                ) ?? 0
            return HouseholdRecord(id: id, members: members, balance: Credits(balance))
        }
    }

    // MARK: - Groups

    public func createGroup(_ id: GroupID, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            guard try await db.value(Int64.self, "SELECT COUNT(*) FROM groups WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 0
            else {
                throw StoreError(.conflict, "group \(id) exists")
            }
            try await Self.requireSite(site, db)
            try await db.run("INSERT INTO groups (site, id, created_at) VALUES (\(site.rawValue), \(id.rawValue), \(now.secondsSince1970))")
        }
    }

    public func addToGroup(_ id: GroupID, at site: SiteID, accounts: [AccountID]) async throws(StoreError) {
        try await transaction { db in
            guard try await db.value(Int64.self, "SELECT COUNT(*) FROM groups WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 1
            else {
                throw StoreError(.notFound, "no group \(id)")
            }
            for account in accounts {
                try await db.run(
                    """
                    INSERT INTO group_members (site, group_id, account) VALUES (\(site.rawValue), \(id.rawValue), \(account.rawValue))
                    ON CONFLICT DO NOTHING
                    """
                )
            }
        }
    }

    public func groupMembers(_ id: GroupID, at site: SiteID) async throws(StoreError) -> [AccountID]? {
        try await transaction { db in
            guard try await db.value(Int64.self, "SELECT COUNT(*) FROM groups WHERE site = \(site.rawValue) AND id = \(id.rawValue)") == 1
            else { return nil }
            return try await db.values(
                String.self,
                """
                SELECT account FROM group_members WHERE site = \(site.rawValue) AND group_id = \(id.rawValue) ORDER BY account
                """
            )
            .compactMap(AccountID.init(rawValue:))
        }
    }

    // MARK: - Leaderboard

    public func leaderboard(at site: SiteID, group: GroupID?, since: Timestamp, limit: Int) async throws(StoreError) -> [LeaderboardEntry] {
        try await transaction { db in
            try await db.rows(Self.leaderboardQuery(at: site, group: group, since: since, limit: limit)).compactMap { row in
                let credits = Credits(try row.get("credits", as: Int64.self))
                return AccountID(rawValue: try row.get("account")).map { LeaderboardEntry(account: $0, credits: credits) }
            }
        }
    }

    static func leaderboardQuery(at site: SiteID, group: GroupID?, since: Timestamp, limit: Int) -> PostgresQuery {
        guard let group else {
            return """
                SELECT account, SUM(amount)::BIGINT AS credits FROM ledger_entries
                WHERE site = \(site.rawValue) AND created_at >= \(since.secondsSince1970)
                GROUP BY account ORDER BY credits DESC, account LIMIT \(limit)
                """
        }
        return """
            SELECT m.account AS account, COALESCE(SUM(l.amount), 0)::BIGINT AS credits FROM group_members m
            LEFT JOIN ledger_entries l ON l.site = m.site AND l.account = m.account AND l.created_at >= \(since.secondsSince1970)
            WHERE m.site = \(site.rawValue) AND m.group_id = \(group.rawValue) GROUP BY m.account ORDER BY credits DESC, m.account LIMIT \(limit)
            """
    }

    // MARK: - Retention

    public func originalsPastRetention(before cutoff: Timestamp) async throws(StoreError) -> [String] {
        try await transaction { db in
            try await db.values(
                String.self,
                """
                SELECT photo_sha256 FROM claims GROUP BY photo_sha256
                HAVING MAX(claimed_at) <= \(cutoff.secondsSince1970) AND SUM(CASE WHEN status IN ('queued', 'processing') THEN 1 ELSE 0 END) = 0
                   AND SUM(CASE WHEN original_deleted_at IS NULL THEN 1 ELSE 0 END) > 0
                """
            )
        }
    }

    public func markOriginalsDeleted(_ digests: [String], at time: Timestamp) async throws(StoreError) {
        try await transaction { db in
            for digest in digests {
                try await db.run(
                    "UPDATE claims SET original_deleted_at = \(time.secondsSince1970) WHERE photo_sha256 = \(digest) AND original_deleted_at IS NULL"
                )
                try await Self.audit(AuditLine(actor: "retention", action: .deleteOriginal, claimID: nil, detail: digest, at: time), db)
            }
        }
    }
}
