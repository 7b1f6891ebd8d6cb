public import PlateProofDomain
public import PlateProofIntake
public import PlateProofStore
import PlateProofVerifier
public import PlateProofWebhooks
public import PlateProofWorker

/// What the routes work with: storage, the claim intake, and the service's settings.
public struct ServiceDependencies: Sendable {
    public var store: any Store
    public var blobs: any BlobStore
    public var intake: ClaimIntake
    public var catalogue: ActivityCatalogue
    public var now: @Sendable () -> Timestamp
    /// Where browsers reach the service (`https://review.example.org`), when behind a proxy; forms
    /// must come from it. Without it, from the host a request was sent to.
    public var publicURL: String?
    /// Whether the session cookie is `Secure` (sent over HTTPS only).
    public var secureCookies = false
    /// Enrols plate models from photos, with the worker's verifier settings.
    public var plateEnrolment: PlateEnrolment
    /// Registers and changes webhook endpoints; nil, a server without webhooks.
    public var webhooks: WebhookAdmin?
    let health = HealthCheck()
    private(set) var uploadBudget = UploadBudget(bytes: 128_000_000)

    /// Memory for upload bodies in flight at once, in bytes (an upload is held in about three
    /// copies while it is read); uploads beyond it are answered 503 with Retry-After.
    public var uploadMemoryBytes: Int {
        get { uploadBudget.bytes }
        set { uploadBudget = UploadBudget(bytes: newValue) }
    }

    public init(store: any Store, blobs: any BlobStore, catalogue: ActivityCatalogue, now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.blobs = blobs
        self.catalogue = catalogue
        self.now = now
        self.intake = ClaimIntake(store: store, blobs: blobs, catalogue: catalogue)
        self.plateEnrolment = PlateEnrolment(store: store, assessor: PhotoAssessor())
    }

    /// The claim's duplicate matches at sites `caller` may not see.
    func matchesElsewhere(of claim: ClaimRecord, for caller: Caller) async throws -> Set<Int64> {
        guard caller.key.site != nil else { return [] }
        var elsewhere = Set<Int64>()
        for id in claim.matches where caller.visible(try await store.claim(id: id)) == nil { elsewhere.insert(id) }
        return elsewhere
    }

    /// The catalogue a site's claims settle by (its own, or the platform's).
    func catalogue(of site: SiteID) async throws -> ActivityCatalogue {
        try await store.site(site)?.catalogue(platform: catalogue) ?? catalogue
    }
}
