public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Sites

    public func createSite(_ site: Site) async throws(StoreError) {
        let activities = try site.storedActivities
        try await transaction { db in
            guard try await db.value(Int64.self, "SELECT COUNT(*) FROM sites WHERE id = \(site.id.rawValue)") == 0 else {
                throw StoreError(.conflict, "site \(site.id) exists")
            }
            try await db.run(
                """
                INSERT INTO sites (id, name, time_zone, utc_offset_seconds, activities, active, created_at)
                VALUES (\(site.id.rawValue), \(site.name), \(site.timeZone), \(site.utcOffsetSeconds), \(activities), \(site.active),
                    \(site.createdAt.secondsSince1970))
                """
            )
            try await Self.audit(
                AuditLine(actor: "admin", action: .siteCreate, claimID: nil, detail: site.id.rawValue, at: site.createdAt),
                db
            )
        }
    }

    public func updateSite(_ site: Site, now: Timestamp) async throws(StoreError) {
        let activities = try site.storedActivities
        try await transaction { db in
            let updated = try await db.value(
                String.self,
                """
                UPDATE sites SET name = \(site.name), time_zone = \(site.timeZone), utc_offset_seconds = \(site.utcOffsetSeconds),
                    activities = \(activities), active = \(site.active)
                WHERE id = \(site.id.rawValue) RETURNING id
                """
            )
            guard updated != nil else { throw StoreError(.notFound, "no site \(site.id)") }
            try await Self.audit(AuditLine(actor: "admin", action: .siteUpdate, claimID: nil, detail: site.id.rawValue, at: now), db)
        }
    }

    public func site(_ id: SiteID) async throws(StoreError) -> Site? {
        try await transaction { db in try await db.row("SELECT * FROM sites WHERE id = \(id.rawValue)").map(Self.site) }
    }

    public func sites() async throws(StoreError) -> [Site] {
        try await transaction { db in try await db.rows("SELECT * FROM sites ORDER BY id").map(Self.site) }
    }

    static func site(_ row: PostgresRandomAccessRow) throws -> Site {
        guard let id = SiteID(rawValue: try row.get("id")) else { throw StoreError(.storage, "a stored site id is not valid") }
        return Site(
            id: id,
            name: try row.get("name"),
            timeZone: try row.optional("time_zone"),
            utcOffsetSeconds: try row.optional("utc_offset_seconds"),
            activities: try Site.activities(stored: try row.optional("activities")),
            active: try row.get("active"),
            createdAt: Timestamp(secondsSince1970: try row.get("created_at"))
        )
    }
}
