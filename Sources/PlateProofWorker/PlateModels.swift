import Foundation
public import PlateProofDomain
public import PlateProofStore
public import PlateProofVerifier

extension PlateModel {
    /// A freshly enrolled profile, to be stored as the next version of its name.
    public init(site: SiteID, profile: PlateProfile, createdAt: Timestamp) throws(StoreError) {
        let json: Data
        do { json = try JSONEncoder().encode(profile) } catch { throw StoreError(.storage, "the plate profile could not be encoded") }
        self.init(
            site: site,
            name: profile.name,
            version: profile.version,
            kind: profile.kind.rawValue,
            photos: profile.photos,
            profile: String(decoding: json, as: UTF8.self),
            createdAt: createdAt
        )
    }

    /// The verifier's profile, numbered as the store numbered it.
    public func plateProfile() throws(StoreError) -> PlateProfile {
        var profile: PlateProfile
        do { profile = try JSONDecoder().decode(PlateProfile.self, from: Data(self.profile.utf8)) } catch {
            throw StoreError(.storage, "the stored plate model \(reference) of site \(site) cannot be read")
        }
        profile.version = version
        return profile
    }
}

extension Store {
    /// The profiles a site's claims are verified with: its models in use.
    public func plateProfiles(at site: SiteID) async throws(StoreError) -> [PlateProfile] {
        var profiles: [PlateProfile] = []
        for model in try await plateModels(at: site) { profiles.append(try model.plateProfile()) }
        return profiles
    }
}
