public import Foundation
public import PlateProofDomain

/// An activity catalogue as JSON, the one shape `DATA/catalogue.json`, `plateproof sites create
/// --catalogue FILE` and `PUT /v1/sites/{id}/catalogue` take:
/// `{"utc_offset_hours": 8, "activities": [{"id": "clean-plate", "credits": 200, "daily_cap": 3,
/// "allowed_hours": [6, 23]}]}`. A site's catalogue has no `utc_offset_hours`: its time zone is the site's.
public struct CatalogueJSON: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var credits: Int64
        public var dailyCap: Int?
        public var allowedHours: [Int]?

        enum CodingKeys: String, CodingKey {
            case id, credits
            case dailyCap = "daily_cap"
            case allowedHours = "allowed_hours"
        }
    }

    public var utcOffsetHours: Double?
    public var activities: [Entry]

    enum CodingKeys: String, CodingKey {
        case activities
        case utcOffsetHours = "utc_offset_hours"
    }

    /// Why a catalogue is refused: the field at fault (`activities[0].credits`) and what is wrong.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    public init(_ activities: [Activity], utcOffsetHours: Double? = nil) {
        self.utcOffsetHours = utcOffsetHours
        self.activities = activities.sorted { $0.id.rawValue < $1.id.rawValue }.map {
            Entry(
                id: $0.id.rawValue,
                credits: $0.credits.rawValue,
                dailyCap: $0.dailyCap,
                allowedHours: $0.allowedHours.map { [$0.start, $0.end] }
            )
        }
    }

    /// Reads a catalogue document; what is not one is refused naming the field at fault.
    public static func decode(_ data: Data) throws(Invalid) -> CatalogueJSON {
        do { return try JSONDecoder().decode(CatalogueJSON.self, from: data) } catch { throw invalid(error) }
    }

    /// What a failure to decode a document (or one holding a catalogue) says: the field at
    /// fault, as a path from the document's top (`catalogue.activities[0].credits`).
    public static func invalid(_ error: any Error) -> Invalid {
        switch error {
        case let DecodingError.keyNotFound(key, context): Invalid(field: path(context.codingPath + [key]), message: "is required")
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            Invalid(field: path(context.codingPath), message: "has the wrong type")
        default: Invalid(field: "body", message: "is not JSON of the expected shape")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { path, key in
            if let index = key.intValue { return "\(path)[\(index)]" }
            return path.isEmpty ? key.stringValue : "\(path).\(key.stringValue)"
        }
    }

    /// The activities, each checked: a valid id, credits and caps not negative, hours in 0-24, no id twice.
    public func validatedActivities() throws(Invalid) -> [Activity] {
        var seen = Set<ActivityID>()
        var result: [Activity] = []
        for (index, entry) in activities.enumerated() {
            let field = "activities[\(index)]"
            let id: ActivityID
            do { id = try ActivityID(validating: entry.id) } catch { throw Invalid(field: "\(field).id", message: error.description) }
            guard seen.insert(id).inserted else { throw Invalid(field: "\(field).id", message: "\(id) is listed twice") }
            guard entry.credits >= 0 else { throw Invalid(field: "\(field).credits", message: "cannot be negative") }
            if let cap = entry.dailyCap, cap < 0 { throw Invalid(field: "\(field).daily_cap", message: "cannot be negative") }
            var hours: HourWindow?
            if let window = entry.allowedHours {
                guard window.count == 2, (0...23).contains(window[0]), (0...24).contains(window[1]) else {
                    throw Invalid(field: "\(field).allowed_hours", message: "must be [start, end] with hours 0-24")
                }
                hours = HourWindow(start: window[0], end: window[1])
            }
            result.append(Activity(id: id, credits: Credits(entry.credits), dailyCap: entry.dailyCap, allowedHours: hours))
        }
        return result
    }

    /// The platform catalogue this document describes (China Standard Time when it names no offset).
    public func catalogue() throws(Invalid) -> ActivityCatalogue {
        if let hours = utcOffsetHours, !(-14...14).contains(hours) {
            throw Invalid(field: "utc_offset_hours", message: "must be from -14 to 14")
        }
        return ActivityCatalogue(activities: try validatedActivities(), utcOffsetSeconds: Int64((utcOffsetHours ?? 8) * 3600))
    }

    /// A site's own activities: its days and hours follow the site's time zone, not an offset here.
    public func siteActivities() throws(Invalid) -> [Activity] {
        guard utcOffsetHours == nil else {
            throw Invalid(field: "utc_offset_hours", message: "a site's days follow its time zone (--time-zone, time_zone)")
        }
        return try validatedActivities()
    }
}
