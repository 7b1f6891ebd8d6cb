import Dispatch
public import PlateProofDomain
import PlateProofImaging
public import PlateProofStore
public import PlateProofVerifier
import Synchronization

/// Settles queued claims: takes a job with a lease, reads the photo once (evidence and analysis
/// image in one pass), runs the verifier, stores the evidence, and records the verdict and its
/// credit in one transaction.
///
/// A claim at a site with enrolled plate models is verified with the models the site uses at
/// that moment. Damaged photos are rejected with their error; transient failures (busy database, unreadable
/// blob) are retried with exponential backoff and jitter, and after `maxAttempts` the claim goes to
/// review with the error. Nothing is dropped: a job whose worker dies is taken again when its lease
/// expires.
public struct ClaimWorker: Sendable {
    public struct Configuration: Sendable {
        /// Names this worker in leases and the audit log.
        public var owner: String
        public var leaseSeconds: Int64 = 120
        public var maxAttempts = 5
        /// First retry delay; it doubles with every attempt.
        public var retryBaseSeconds: Int64 = 2
        /// How long an idle worker waits before looking at the queue again.
        public var idleWait: Duration = .milliseconds(200)
        /// Longest wait after repeated store failures (the wait doubles from `idleWait`, with jitter).
        public var maxBackoff: Duration = .seconds(30)
        /// Told about store failures (the database busy or unreachable) and the wait before the next try.
        public var onStoreFailure: (@Sendable (StoreError, Duration) -> Void)?
        /// Share of machine approvals and rejections sampled for a moderator's quality check.
        public var qualityControlRate = 0.02

        public init(owner: String) { self.owner = owner }
    }

    public let store: any Store
    public let blobs: any BlobStore
    public let assessor: PhotoAssessor
    public let catalogue: ActivityCatalogue
    public let duplicateRules: DuplicateRules
    public let configuration: Configuration
    private let plateProfiles: PlateProfileCache
    private let now: @Sendable () -> Timestamp

    public init(
        store: any Store,
        blobs: any BlobStore,
        assessor: PhotoAssessor = .init(keepsOverlays: true),
        catalogue: ActivityCatalogue = .standard,
        duplicateRules: DuplicateRules = .init(),
        configuration: Configuration,
        now: @escaping @Sendable () -> Timestamp
    ) {
        self.store = store
        self.blobs = blobs
        self.assessor = assessor
        self.catalogue = catalogue
        self.duplicateRules = duplicateRules
        self.configuration = configuration
        self.plateProfiles = PlateProfileCache(store: store)
        self.now = now
    }

    /// What a verdict on a claim at `site` settles by: the site's catalogue (or the worker's),
    /// the duplicate rules, the quality-control rate.
    func settlement(at site: SiteID) async throws(StoreError) -> Settlement {
        Settlement(
            catalogue: try await store.site(site)?.catalogue(platform: catalogue) ?? catalogue,
            duplicates: duplicateRules,
            qualityControlRate: configuration.qualityControlRate
        )
    }

    /// Takes and settles one due job; false when there was none.
    public func processNext() async throws(StoreError) -> Bool {
        let owner = configuration.owner
        guard let job = try await store.leaseNextJob(owner: owner, now: now(), leaseSeconds: configuration.leaseSeconds) else {
            return false
        }
        let started = ContinuousClock.now
        guard let source = await blobs.imageSource(job.request.photoSHA256) else {
            try await retryOrGiveUp(job, error: "unreadable: the photo \(job.request.photoSHA256) cannot be read from the blob store")
            return true
        }
        let assessor = assessor.measuring(against: try await plateProfiles.profiles(at: job.request.site))
        let assessment = await Self.offCooperativePool { assessor.assess(source) }
        WorkerMetrics.decoded(in: assessment.decodeDuration)

        if let error = assessment.error, error.code == .unreadable {
            try await retryOrGiveUp(job, error: "\(error.code): \(error.message)")
            return true
        }
        var evidenceSHA256: String?, overlaySHA256: String?
        do {
            if let evidence = assessment.output?.evidence { evidenceSHA256 = try await blobs.put(evidence.jpeg) }
            // The picture of what the verifier saw, for the moderator of a claim it did not approve.
            if let overlay = assessment.overlay, let jpeg = try? JPEGEncoder.encode(overlay, quality: 85) {
                overlaySHA256 = try await blobs.put(jpeg)
            }
        } catch {
            try await retryOrGiveUp(job, error: error.description)
            return true
        }
        let v = assessment.verification
        let settlement = try await settlement(at: job.request.site)
        // Camera clocks have no zone: the capture time is read in the site's.
        let capture = assessment.output?.header.exif?.captureTime.map {
            Timestamp(
                year: $0.year,
                month: $0.month,
                day: $0.day,
                hour: $0.hour,
                minute: $0.minute,
                second: $0.second,
                utcOffsetSeconds: settlement.catalogue.utcOffsetSeconds
            )
        }
        var reasons = v.reasons.map { ClaimReason.machine($0.rawValue) }
        if let error = assessment.error { reasons.append(.machine(error.code.rawValue)) }
        let verdict = MachineVerdict(
            decision: ClaimDecision(v.decision),
            score: v.score,
            reasons: reasons,
            heuristicVersion: v.heuristicVersion,
            phash: assessment.output == nil ? nil : v.phash.description,
            evidenceSHA256: evidenceSHA256,
            overlaySHA256: overlaySHA256,
            captureTime: capture,
            plateProfile: v.plateProfile
        )
        let claim = try await store.complete(
            claimID: job.claimID,
            owner: owner,
            verdict: verdict,
            settlement: settlement,
            qualityControlDraw: Double.random(in: 0..<1),
            now: now()
        )
        WorkerMetrics.decided(claim.decision, after: ContinuousClock.now - started)
        return true
    }

    private func retryOrGiveUp(_ job: LeasedJob, error: String) async throws(StoreError) {
        if job.attempts >= configuration.maxAttempts {
            let verdict = MachineVerdict(
                decision: .review,
                score: 0,
                reasons: [.machine("processing_failed")],
                heuristicVersion: assessor.verifier.configuration.heuristicVersion,
                phash: nil
            )
            let claim = try await store.complete(
                claimID: job.claimID,
                owner: configuration.owner,
                verdict: verdict,
                settlement: try await settlement(at: job.request.site),
                qualityControlDraw: Double.random(in: 0..<1),
                now: now()
            )
            WorkerMetrics.decided(claim.decision, after: nil)
            return
        }
        let delay = configuration.retryBaseSeconds << Int64(min(job.attempts - 1, 16))
        let jitter = Int64.random(in: 0...max(0, delay / 2))
        let at = now()
        try await store.retry(
            claimID: job.claimID,
            owner: configuration.owner,
            error: error,
            nextAttempt: at.adding(seconds: delay + jitter),
            now: at
        )
    }

    /// Runs `concurrency` loops until `stop` is set (finishing the jobs in flight), or, with
    /// `drain`, until the queue is empty.
    public func run(concurrency: Int, drain: Bool, stop: StopSignal) async {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    var failures = 0
                    while !stop.isStopped {
                        do throws(StoreError) {
                            if try await processNext() {
                                failures = 0
                                continue
                            }
                            if drain, try await store.pendingJobs() == 0 { return }
                            failures = 0
                            try? await Task.sleep(for: configuration.idleWait)
                        } catch {
                            // The job in hand stays leased and is taken again when its lease expires.
                            failures += 1
                            let wait = backoff(after: failures)
                            configuration.onStoreFailure?(error, wait)
                            try? await Task.sleep(for: wait)
                        }
                    }
                }
            }
        }
    }

    /// `idleWait` doubled per consecutive failure, capped, plus up to half again of jitter.
    func backoff(after failures: Int) -> Duration {
        let base = configuration.idleWait * (1 << min(failures, 20))
        let capped = min(base, configuration.maxBackoff)
        return capped + capped * Double.random(in: 0...0.5)
    }

    /// CPU-bound work on a Dispatch thread, so it does not hold a cooperative-pool thread.
    static func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

extension ClaimDecision {
    init(_ decision: Decision) {
        switch decision {
        case .approve: self = .approve
        case .reject: self = .reject
        case .review: self = .review
        }
    }
}

/// Asks running workers to stop taking jobs; the jobs in flight are finished.
public final class StopSignal: Sendable {
    private let stopped = Atomic<Bool>(false)

    public init() {}

    public func stop() { stopped.store(true, ordering: .relaxed) }

    public var isStopped: Bool { stopped.load(ordering: .relaxed) }
}
