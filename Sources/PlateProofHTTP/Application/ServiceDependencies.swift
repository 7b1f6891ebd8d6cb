public import PlateProofDomain
public import PlateProofIntake
public import PlateProofStore

/// What the routes work with: storage, the claim intake, and the service's settings.
public struct ServiceDependencies: Sendable {
    public var store: any Store
    public var blobs: any BlobStore
    public var intake: ClaimIntake
    public var catalogue: ActivityCatalogue
    public var now: @Sendable () -> Timestamp
    let health = HealthCheck()

    public init(store: any Store, blobs: any BlobStore, catalogue: ActivityCatalogue, now: @escaping @Sendable () -> Timestamp) {
        self.store = store
        self.blobs = blobs
        self.catalogue = catalogue
        self.now = now
        self.intake = ClaimIntake(store: store, blobs: blobs, catalogue: catalogue)
    }
}
