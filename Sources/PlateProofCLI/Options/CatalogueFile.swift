import ArgumentParser
import Foundation
import PlateProofDomain

/// The activity catalogue as a file (`DATA/catalogue.json`), so amounts, caps and hours are
/// configuration: `{"utc_offset_hours": 8, "activities": [{"id": "clean-plate", "credits": 200,
/// "daily_cap": 3, "allowed_hours": [6, 23]}]}`. Without the file the standard catalogue applies.
struct CatalogueFile: Decodable {
    struct Entry: Decodable {
        var id: ActivityID
        var credits: Int64
        var dailyCap: Int?
        var allowedHours: [Int]?

        enum CodingKeys: String, CodingKey {
            case id, credits
            case dailyCap = "daily_cap"
            case allowedHours = "allowed_hours"
        }
    }

    var utcOffsetHours: Double?
    var activities: [Entry]

    enum CodingKeys: String, CodingKey {
        case activities
        case utcOffsetHours = "utc_offset_hours"
    }

    static func load(dataFolder: String) throws -> ActivityCatalogue {
        let path = (dataFolder as NSString).appendingPathComponent("catalogue.json")
        guard FileManager.default.fileExists(atPath: path) else { return .standard }
        let file: CatalogueFile
        do {
            file = try JSONDecoder().decode(CatalogueFile.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("\(path) is not a valid catalogue: \(error)")
        }
        var activities: [Activity] = []
        for entry in file.activities {
            var hours: HourWindow?
            if let window = entry.allowedHours {
                guard window.count == 2, (0...23).contains(window[0]), (0...24).contains(window[1]) else {
                    throw ValidationError("\(path): allowed_hours of \(entry.id) must be [start, end] with hours 0-24")
                }
                hours = HourWindow(start: window[0], end: window[1])
            }
            guard entry.credits >= 0, (entry.dailyCap ?? 0) >= 0 else {
                throw ValidationError("\(path): credits and daily_cap of \(entry.id) cannot be negative")
            }
            activities.append(Activity(id: entry.id, credits: Credits(entry.credits), dailyCap: entry.dailyCap, allowedHours: hours))
        }
        return ActivityCatalogue(activities: activities, utcOffsetSeconds: Int64((file.utcOffsetHours ?? 8) * 3600))
    }
}
