public import PlateProofDomain
public import PlateProofImaging
public import PlateProofStore
public import PlateProofVerifier

/// Enrols a plate model at a site from photos of it clean and stores it as its name's next
/// version: what `plates enrol`, `POST /v1/sites/{site}/plates` and the review page share.
public struct PlateEnrolment: Sendable {
    public let store: any Store
    public let assessor: PhotoAssessor

    public init(store: any Store, assessor: PhotoAssessor) {
        self.store = store
        self.assessor = assessor
    }

    /// The stored model. Throws ``EnrolmentError`` when the photos are refused (nothing is stored),
    /// ``StoreError`` when storing fails.
    public func enrol(
        name: String,
        at site: SiteID,
        photos: [(name: String, source: ImageSource)],
        now: Timestamp
    ) async throws -> PlateModel {
        let assessor = self.assessor
        // Decoding and judging up to ten photos is long CPU work: off the cooperative pool.
        let profile = try await ClaimWorker.offCooperativePool {
            Result { () throws(EnrolmentError) in try assessor.enrolPlate(name: name, photos: photos) }
        }.get()
        return try await store.enrolPlateModel(try PlateModel(site: site, profile: profile, createdAt: now))
    }

    /// Enrols from claims' photos ("use as plate model" on the review page), each named `claim ID`.
    public func enrol(
        name: String,
        at site: SiteID,
        claims: [ClaimRecord],
        blobs: any BlobStore,
        now: Timestamp
    ) async throws -> PlateModel {
        var photos: [(name: String, source: ImageSource)] = []
        for claim in claims {
            guard let source = await blobs.photoSource(of: claim) else {
                throw EnrolmentError(code: "photo_unusable", message: "the photo of claim \(claim.id) is no longer stored")
            }
            photos.append((name: "claim \(claim.id)", source: source))
        }
        return try await enrol(name: name, at: site, photos: photos, now: now)
    }
}
