public import PlateProofDomain
public import PlateProofStore
import PostgresNIO

extension PostgresStore {
    // MARK: - Plate models

    public func enrolPlateModel(_ model: PlateModel) async throws(StoreError) -> PlateModel {
        try await transaction { db in
            guard let active = try await db.value(Bool.self, "SELECT active FROM sites WHERE id = \(model.site.rawValue) FOR SHARE") else {
                throw StoreError(.notFound, "no site \(model.site)")
            }
            guard active else { throw StoreError(.siteInactive, "site \(model.site) is deactivated") }
            // Two enrolments under one name at once: the primary key turns the second away, and the
            // retry numbers it after the first.
            guard
                let row = try await db.row(
                    """
                    INSERT INTO plate_models (site, name, version, kind, photos, profile, created_at)
                    SELECT \(model.site.rawValue), \(model.name), COALESCE(MAX(version), 0) + 1, \(model.kind), \(model.photos),
                        \(model.profile), \(model.createdAt.secondsSince1970)
                    FROM plate_models WHERE site = \(model.site.rawValue) AND name = \(model.name)
                    RETURNING *
                    """
                )
            else { throw StoreError(.storage, "the plate model was not stored") }
            let stored = try Self.plateModel(row)
            try await Self.audit(
                AuditLine(
                    actor: "admin",
                    action: .plateEnrol,
                    claimID: nil,
                    detail: "\(model.site) \(stored.reference)",
                    at: model.createdAt
                ),
                db
            )
            return stored
        }
    }

    public func plateModels(at site: SiteID) async throws(StoreError) -> [PlateModel] {
        try await transaction { db in
            try await db.rows(
                """
                SELECT * FROM plate_models p
                WHERE site = \(site.rawValue) AND removed_at IS NULL
                  AND version = (SELECT MAX(version) FROM plate_models WHERE site = p.site AND name = p.name)
                ORDER BY name
                """
            ).map(Self.plateModel)
        }
    }

    public func removePlateModel(_ name: String, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await transaction { db in
            let removed = try await db.rows(
                """
                UPDATE plate_models SET removed_at = \(now.secondsSince1970)
                WHERE site = \(site.rawValue) AND name = \(name) AND removed_at IS NULL RETURNING version
                """
            )
            guard !removed.isEmpty else { throw StoreError(.notFound, "site \(site) has no plate model \(name)") }
            try await Self.audit(AuditLine(actor: "admin", action: .plateRemove, claimID: nil, detail: "\(site) \(name)", at: now), db)
        }
    }

    static func plateModel(_ row: PostgresRandomAccessRow) throws -> PlateModel {
        guard let site = SiteID(rawValue: try row.get("site")) else { throw StoreError(.storage, "a stored site id is not valid") }
        return PlateModel(
            site: site,
            name: try row.get("name"),
            version: try row.get("version"),
            kind: try row.get("kind"),
            photos: try row.get("photos"),
            profile: try row.get("profile"),
            createdAt: Timestamp(secondsSince1970: try row.get("created_at"))
        )
    }
}
