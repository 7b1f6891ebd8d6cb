import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Sites

    public func createSite(_ site: Site) async throws(StoreError) {
        let activities = try Site.stored(site.activities)
        try await write { db in
            guard try db.value(Int.self, sql: "SELECT COUNT(*) FROM sites WHERE id = ?", arguments: [site.id.rawValue]) == 0 else {
                throw StoreError(.conflict, "site \(site.id) exists")
            }
            try db.run(
                sql: """
                    INSERT INTO sites (id, name, time_zone, utc_offset_seconds, activities, active, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    site.id.rawValue, site.name, site.timeZone, site.utcOffsetSeconds, activities, site.active,
                    site.createdAt.secondsSince1970,
                ]
            )
            try Self.audit(AuditLine(actor: "admin", action: .siteCreate, claimID: nil, detail: site.id.rawValue, at: site.createdAt), db)
        }
    }

    public func setActivities(_ activities: [Activity]?, of site: SiteID, now: Timestamp) async throws(StoreError) -> Site {
        let stored = try Site.stored(activities)
        return try await update(site, "activities = ?", [stored], detail: "catalogue", now: now)
    }

    public func deactivateSite(_ site: SiteID, now: Timestamp) async throws(StoreError) -> Site {
        try await update(site, "active = 0", [], detail: "deactivate", now: now)
    }

    /// One change to one site, audited, in one statement: concurrent changes never undo each other.
    private func update(
        _ site: SiteID,
        _ assignment: String,
        _ arguments: StatementArguments,
        detail: String,
        now: Timestamp
    )
        async throws(StoreError) -> Site
    {
        try await write { db in
            try db.run(sql: "UPDATE sites SET \(assignment) WHERE id = ?", arguments: arguments + [site.rawValue])
            guard db.changesCount == 1, let row = try db.row(sql: "SELECT * FROM sites WHERE id = ?", arguments: [site.rawValue]) else {
                throw StoreError(.notFound, "no site \(site)")
            }
            try Self.audit(AuditLine(actor: "admin", action: .siteUpdate, claimID: nil, detail: "\(site) \(detail)", at: now), db)
            return try Self.site(row)
        }
    }

    public func site(_ id: SiteID) async throws(StoreError) -> Site? {
        try await read { db in try db.row(sql: "SELECT * FROM sites WHERE id = ?", arguments: [id.rawValue]).map(Self.site) }
    }

    public func sites() async throws(StoreError) -> [Site] {
        try await read { db in try db.rows(sql: "SELECT * FROM sites ORDER BY id").map(Self.site) }
    }

    static func site(_ row: Row) throws -> Site {
        guard let id = SiteID(rawValue: row["id"]) else { throw StoreError(.storage, "a stored site id is not valid") }
        return Site(
            id: id,
            name: row["name"],
            timeZone: row["time_zone"],
            utcOffsetSeconds: row["utc_offset_seconds"],
            activities: try Site.activities(stored: row["activities"]),
            active: row["active"],
            createdAt: Timestamp(secondsSince1970: row["created_at"])
        )
    }

    /// `notFound` unless the site is stored: what belongs to a site is made at a site that exists.
    static func requireSite(_ site: SiteID, _ db: Database) throws {
        guard try db.value(Int.self, sql: "SELECT COUNT(*) FROM sites WHERE id = ?", arguments: [site.rawValue]) == 1 else {
            throw StoreError(.notFound, "no site \(site)")
        }
    }

    /// A condition on `column` that keeps one site's rows (nothing for all sites), and its argument.
    static func scope(_ site: SiteID?, column: String) -> (sql: String, arguments: StatementArguments) {
        guard let site else { return ("", []) }
        return ("AND \(column) = ?", [site.rawValue])
    }
}
