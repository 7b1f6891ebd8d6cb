import Foundation
public import PlateProofDomain

extension Site {
    /// The site's own activities as the stores keep them (JSON), nil when it has none.
    package var storedActivities: String? {
        get throws(StoreError) {
            guard let activities else { return nil }
            do {
                return String(decoding: try JSONEncoder().encode(activities), as: UTF8.self)
            } catch {
                throw StoreError(.storage, "cannot store the catalogue of site \(id)", underlying: "\(error)")
            }
        }
    }

    /// Activities read back from `storedActivities`.
    package static func activities(stored: String?) throws(StoreError) -> [Activity]? {
        guard let stored else { return nil }
        do {
            return try JSONDecoder().decode([Activity].self, from: Data(stored.utf8))
        } catch {
            throw StoreError(.storage, "a stored site catalogue cannot be read", underlying: "\(error)")
        }
    }
}

extension StoreError {
    /// Enqueueing at a site that was deactivated.
    package static func siteInactive(_ site: SiteID) -> StoreError {
        StoreError(.siteInactive, "site \(site) is deactivated and takes no uploads")
    }
}
