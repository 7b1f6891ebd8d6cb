public import PlateProofDomain
import PlateProofImaging
public import PlateProofStore
public import PlateProofVerifier

/// Re-runs the current heuristic over decided claims and corrects them and their ledger.
///
/// It reads each claim's original photo while it is retained, else its evidence image, and verifies
/// it with the plate models its site uses now. Its jobs go
/// through the ordinary job queue in batches, with leases, so several processes can share a run and an
/// interrupted run resumes where it stopped.
public struct Reverifier: Sendable {
    public let store: any Store
    public let blobs: any BlobStore
    public let assessor: PhotoAssessor
    public let catalogue: ActivityCatalogue
    public var owner: String
    public var batchSize = 16
    public var leaseSeconds: Int64 = 60
    private let plateProfiles: PlateProfileCache
    private let now: @Sendable () -> Timestamp

    public init(
        store: any Store,
        blobs: any BlobStore,
        assessor: PhotoAssessor,
        catalogue: ActivityCatalogue,
        owner: String,
        now: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.blobs = blobs
        self.assessor = assessor
        self.catalogue = catalogue
        self.owner = owner
        self.plateProfiles = PlateProfileCache(store: store)
        self.now = now
    }

    /// Works through the run's jobs until none is left to lease, calling `progress` after each batch.
    public func run(
        _ run: ReverifyRun,
        concurrency: Int,
        progress: @Sendable (ReverifySummary) async -> Void = { _ in }
    ) async throws(StoreError) -> ReverifySummary {
        while true {
            let batch = try await store.leaseReverifyJobs(
                run: run.id,
                owner: owner,
                limit: batchSize,
                now: now(),
                leaseSeconds: leaseSeconds
            )
            if batch.isEmpty { break }
            // Each claim settles by its site's catalogue and is verified with its site's plate models,
            // read once a batch.
            var catalogues: [SiteID: ActivityCatalogue] = [:]
            var profiles: [SiteID: [PlateProfile]] = [:]
            for site in Set(batch.map(\.request.site)) {
                catalogues[site] = try await store.site(site)?.catalogue(platform: catalogue) ?? catalogue
                profiles[site] = try await plateProfiles.profiles(at: site)
            }
            let verdicts = await assess(batch, profiles: profiles, concurrency: concurrency)
            for (claim, verification) in zip(batch, verdicts) {
                _ = try await store.completeReverify(
                    run: run,
                    claimID: claim.id,
                    owner: owner,
                    decision: verification.map { ClaimDecision($0.decision) },
                    score: verification?.score,
                    reasons: verification?.reasons.map { .machine($0.rawValue) } ?? [],
                    plateModels: profiles[claim.request.site, default: []].map(\.reference),
                    plateProfile: verification?.plateProfile,
                    catalogue: catalogues[claim.request.site] ?? catalogue,
                    now: now()
                )
            }
            await progress(try await store.reverifySummary(run: run.id))
        }
        return try await store.reverifySummary(run: run.id)
    }

    /// Verdicts for a batch, `concurrency` photos at a time off the cooperative pool; nil where
    /// neither the original nor the evidence could be read.
    private func assess(_ claims: [ClaimRecord], profiles: [SiteID: [PlateProfile]], concurrency: Int) async -> [Verification?] {
        var sources: [ImageSource?] = []
        for claim in claims { sources.append(await blobs.photoSource(of: claim)) }
        var results = [Verification?](repeating: nil, count: claims.count)
        await withTaskGroup(of: (Int, Verification?).self) { group in
            var next = 0
            func schedule() {
                guard next < sources.count else { return }
                let index = next, source = sources[index]
                let assessor = assessor.measuring(against: profiles[claims[index].request.site, default: []])
                next += 1
                group.addTask {
                    guard let source else { return (index, nil) }
                    let assessment = await ClaimWorker.offCooperativePool { assessor.assess(source) }
                    return (index, assessment.error == nil ? assessment.verification : nil)
                }
            }
            for _ in 0..<max(1, concurrency) { schedule() }
            for await (index, verification) in group {
                results[index] = verification
                schedule()
            }
        }
        return results
    }
}
