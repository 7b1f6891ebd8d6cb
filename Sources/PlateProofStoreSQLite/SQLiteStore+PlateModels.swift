import GRDB
public import PlateProofDomain
public import PlateProofStore

extension SQLiteStore {
    // MARK: - Plate models

    public func enrolPlateModel(_ model: PlateModel) async throws(StoreError) -> PlateModel {
        try await write { db in
            guard let active = try db.value(Bool.self, sql: "SELECT active FROM sites WHERE id = ?", arguments: [model.site.rawValue])
            else { throw StoreError(.notFound, "no site \(model.site)") }
            guard active else { throw StoreError(.siteInactive, "site \(model.site) is deactivated") }
            var stored = model
            stored.version =
                try db.value(
                    Int.self,
                    sql: "SELECT COALESCE(MAX(version), 0) + 1 FROM plate_models WHERE site = ? AND name = ?",
                    arguments: [model.site.rawValue, model.name]
                ) ?? 1
            try db.run(
                sql: """
                    INSERT INTO plate_models (site, name, version, kind, photos, profile, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    model.site.rawValue, model.name, stored.version, model.kind, model.photos, model.profile,
                    model.createdAt.secondsSince1970,
                ]
            )
            try Self.audit(
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
        try await read { db in
            try db.rows(
                sql: """
                    SELECT * FROM plate_models p
                    WHERE site = ? AND removed_at IS NULL
                      AND version = (SELECT MAX(version) FROM plate_models WHERE site = p.site AND name = p.name)
                    ORDER BY name
                    """,
                arguments: [site.rawValue]
            ).map(Self.plateModel)
        }
    }

    public func removePlateModel(_ name: String, at site: SiteID, now: Timestamp) async throws(StoreError) {
        try await write { db in
            try db.run(
                sql: "UPDATE plate_models SET removed_at = ? WHERE site = ? AND name = ? AND removed_at IS NULL",
                arguments: [now.secondsSince1970, site.rawValue, name]
            )
            guard db.changesCount > 0 else { throw StoreError(.notFound, "site \(site) has no plate model \(name)") }
            try Self.audit(AuditLine(actor: "admin", action: .plateRemove, claimID: nil, detail: "\(site) \(name)", at: now), db)
        }
    }

    static func plateModel(_ row: Row) throws -> PlateModel {
        guard let site = SiteID(rawValue: row["site"]) else { throw StoreError(.storage, "a stored site id is not valid") }
        return PlateModel(
            site: site,
            name: row["name"],
            version: row["version"],
            kind: row["kind"],
            photos: row["photos"],
            profile: row["profile"],
            createdAt: Timestamp(secondsSince1970: row["created_at"])
        )
    }
}
