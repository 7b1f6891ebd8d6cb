public import PlateProofDomain
public import PlateProofStore
public import PlateProofVerifier

/// A site's current plate profiles, as the worker and re-verification verify its claims with.
///
/// The store is asked which models are in use for every claim, so an enrolment or a removal counts
/// from the next claim on; only a model's stored JSON is decoded once per version.
public actor PlateProfileCache {
    private let store: any Store
    private var decoded: [SiteID: [String: PlateProfile]] = [:]

    public init(store: any Store) { self.store = store }

    /// The profiles of the models `site` uses now, in the store's order.
    public func profiles(at site: SiteID) async throws(StoreError) -> [PlateProfile] {
        let models = try await store.plateModels(at: site)
        guard !models.isEmpty else {
            decoded[site] = nil
            return []
        }
        let known = decoded[site] ?? [:]
        var current: [String: PlateProfile] = [:]
        var profiles: [PlateProfile] = []
        for model in models {
            let profile: PlateProfile
            if let known = known[model.reference] { profile = known } else { profile = try model.plateProfile() }
            current[model.reference] = profile
            profiles.append(profile)
        }
        decoded[site] = current
        return profiles
    }
}
