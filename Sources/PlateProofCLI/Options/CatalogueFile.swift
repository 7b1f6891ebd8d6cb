import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofRepresentations

/// The platform's activity catalogue as a file (`DATA/catalogue.json`, in the shape of
/// ``CatalogueJSON``), so amounts, caps and hours are configuration. Without the file the
/// standard catalogue applies.
enum CatalogueFile {
    static func load(dataFolder: String) throws -> ActivityCatalogue {
        let path = (dataFolder as NSString).appendingPathComponent("catalogue.json")
        guard FileManager.default.fileExists(atPath: path) else { return .standard }
        do {
            return try read(path).catalogue()
        } catch let error as CatalogueJSON.Invalid {
            throw ValidationError("\(path) is not a valid catalogue: \(error)")
        }
    }

    /// A site's own activities from the file at `path` (no `utc_offset_hours`: the site's time zone counts).
    static func siteActivities(_ path: String) throws -> [Activity] {
        do {
            return try read(path).siteActivities()
        } catch let error as CatalogueJSON.Invalid {
            throw ValidationError("\(path) is not a valid site catalogue: \(error)")
        }
    }

    /// The catalogue document in the file at `path`.
    static func read(_ path: String) throws -> CatalogueJSON {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
        do {
            return try CatalogueJSON.decode(data)
        } catch {
            throw ValidationError("\(path) is not a valid catalogue: \(error)")
        }
    }
}
