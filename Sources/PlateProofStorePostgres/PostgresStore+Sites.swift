public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Sites

    public func createSite(_ site: Site) async throws(StoreError) {
        let activities = try Site.stored(site.activities)
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

    public func setActivities(_ activities: [Activity]?, of site: SiteID, now: Timestamp) async throws(StoreError) -> Site {
        let stored = try Site.stored(activities)
        return try await update(site, "catalogue", now: now) { db in
            try await db.row("UPDATE sites SET activities = \(stored) WHERE id = \(site.rawValue) RETURNING *")
        }
    }

    public func deactivateSite(_ site: SiteID, now: Timestamp) async throws(StoreError) -> Site {
        try await update(site, "deactivate", now: now) { db in
            try await db.row("UPDATE sites SET active = FALSE WHERE id = \(site.rawValue) RETURNING *")
        }
    }

    /// One change to one site, audited, in one statement: concurrent changes never undo each other.
    private func update(
        _ site: SiteID,
        _ detail: String,
        now: Timestamp,
        _ statement: @Sendable @escaping (PostgresTransaction) async throws -> PostgresRandomAccessRow?
    ) async throws(StoreError) -> Site {
        try await transaction { db in
            guard let row = try await statement(db) else { throw StoreError(.notFound, "no site \(site)") }
            try await Self.audit(AuditLine(actor: "admin", action: .siteUpdate, claimID: nil, detail: "\(site) \(detail)", at: now), db)
            return try Self.site(row)
        }
    }

    public func site(_ id: SiteID) async throws(StoreError) -> Site? {
        try await transaction { db in try await db.row("SELECT * FROM sites WHERE id = \(id.rawValue)").map(Self.site) }
    }

    public func sites() async throws(StoreError) -> [Site] {
        try await transaction { db in try await db.rows("SELECT * FROM sites ORDER BY id").map(Self.site) }
    }

    /// `notFound` unless the site is stored: what belongs to a site is made at a site that exists.
    static func requireSite(_ site: SiteID, _ db: PostgresTransaction) async throws {
        guard try await db.value(Int64.self, "SELECT COUNT(*) FROM sites WHERE id = \(site.rawValue)") == 1 else {
            throw StoreError(.notFound, "no site \(site)")
        }
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
