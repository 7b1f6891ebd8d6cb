import Foundation
public import PlateProofDomain

/// A site as `plateproof sites … --json` and `/v1/sites` show it; `catalogue` is null when the
/// site uses the platform's.
public struct SiteJSON: Codable, Sendable, Equatable {
    public var site: String
    public var name: String
    public var timeZone: String?
    public var utcOffsetHours: Double?
    public var active: Bool
    public var createdAt: Int64
    public var catalogue: CatalogueJSON?

    enum CodingKeys: String, CodingKey {
        case site, name, active, catalogue
        case timeZone = "time_zone"
        case utcOffsetHours = "utc_offset_hours"
        case createdAt = "created_at"
    }

    public init(_ site: Site) {
        self.site = site.id.rawValue
        name = site.name
        timeZone = site.timeZone
        utcOffsetHours = site.utcOffsetSeconds.map { Double($0) / 3600 }
        active = site.active
        createdAt = site.createdAt.secondsSince1970
        catalogue = site.activities.map { CatalogueJSON($0) }
    }

    /// One line for people: id, state, name, time zone and whose catalogue.
    public var text: String {
        let zone = timeZone ?? "platform time zone"
        let rules = catalogue.map { "\($0.activities.count) own activities" } ?? "platform catalogue"
        return "\(site)\t\(active ? "active" : "inactive")\t\(name)\t\(zone)\t\(rules)"
    }
}

/// A site's time zone as given: an IANA name (`Asia/Shanghai`, `UTC`) or an offset (`+08:00`).
public enum SiteTimeZone {
    /// Its offset from UTC in seconds; nil when it is neither. A zone with daylight saving time
    /// is taken at its offset of today: credit days follow a fixed offset.
    public static func utcOffsetSeconds(_ name: String) -> Int64? {
        if let sign = name.first, sign == "+" || sign == "-" {
            let parts = name.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let hours = Int(parts[0]), (0...14).contains(hours) else { return nil }
            let minutes = parts.count == 2 ? Int(parts[1]) : 0
            guard let minutes, (0..<60).contains(minutes) else { return nil }
            return Int64((sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60))
        }
        guard name.count <= 64, let zone = TimeZone(identifier: name) else { return nil }
        return Int64(zone.secondsFromGMT())
    }
}
