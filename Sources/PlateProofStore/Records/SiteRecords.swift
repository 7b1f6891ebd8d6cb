import Foundation
public import PlateProofDomain

extension Site {
    /// Activities as the stores keep them (JSON); nil stays nil.
    package static func stored(_ activities: [Activity]?) throws(StoreError) -> String? {
        guard let activities else { return nil }
        do {
            return String(decoding: try JSONEncoder().encode(activities), as: UTF8.self)
        } catch {
            throw StoreError(.storage, "cannot store a site catalogue", underlying: "\(error)")
        }
    }

    /// Activities read back from what `stored(_:)` made.
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
