import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker
import Synchronization

/// `plateproof worker`: decide queued claims.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide queued claims: verify each photo, store its evidence, credit approved claims once.",
        discussion: """
            SIGTERM or SIGINT stops taking jobs; the jobs in flight are finished, then the worker exits 0. \
            With --drain it exits once the queue is empty. A job whose worker died is taken again when its \
            lease expires.
            """
    )

    @Option(help: "Photos processed at once (decoding runs off the cooperative thread pool).")
    var concurrency = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Exit once the queue is empty.")
    var drain = false

    @Option(help: "Seconds a job stays leased; a job whose worker died is taken again after this.")
    var leaseSeconds: Int64 = 120

    @Option(help: "Earlier claims compared for near-duplicate photos, in days.")
    var duplicateWindowDays = 30

    @Option(help: "Hamming distance up to which perceptual hashes are the same picture.")
    var nearDuplicateDistance = DuplicateRules().nearDuplicateDistance

    @Option(help: "A photo taken longer than this before its claim (EXIF) is stale, in hours.")
    var staleAfterHours = 24

    @Option(help: "Share of machine approvals and rejections sampled for moderators' quality checks.")
    var qaRate = 0.02

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        guard duplicateWindowDays >= 0, staleAfterHours >= 1, (0...63).contains(nearDuplicateDistance) else {
            throw ValidationError("--duplicate-window-days >= 0, --stale-after-hours >= 1, --near-duplicate-distance 0-63")
        }
        guard (0...1).contains(qaRate) else { throw ValidationError("--qa-rate takes a share from 0 to 1") }
    }

    func run() async throws {
        let (store, blobs) = try await storage.open()
        var configuration = ClaimWorker.Configuration(owner: "worker-\(ProcessInfo.processInfo.processIdentifier)")
        configuration.leaseSeconds = leaseSeconds
        configuration.qualityControlRate = qaRate
        configuration.onStoreFailure = { error, wait in
            FileHandleOutput.standardError.write("worker: \(error) (\(error.underlying ?? "")); retrying in \(wait)\n")
        }
        let rules = DuplicateRules(
            nearDuplicateDistance: nearDuplicateDistance,
            nearDuplicateWindowSeconds: Int64(duplicateWindowDays) * 86400,
            staleAfterSeconds: Int64(staleAfterHours) * 3600
        )
        let worker = ClaimWorker(
            store: store,
            blobs: blobs,
            assessor: PhotoAssessor(verifier: Verifier(configuration: try verifier.configuration()), keepsOverlays: true),
            catalogue: try storage.catalogue(),
            duplicateRules: rules,
            configuration: configuration,
            now: Clock.now
        )
        // Plain signal handlers, installed before "started" is printed, set a flag a task relays to the
        // workers (a Dispatch signal source could miss a signal that arrives before it is armed).
        let stop = StopSignal()
        signal(SIGTERM) { _ in terminationRequested.store(true, ordering: .relaxed) }
        signal(SIGINT) { _ in terminationRequested.store(true, ordering: .relaxed) }
        let relay = Task {
            while !Task.isCancelled {
                if terminationRequested.load(ordering: .relaxed) {
                    stop.stop()
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        defer { relay.cancel() }
        let heuristic = worker.assessor.verifier.configuration.heuristicVersion
        FileHandleOutput.standardError.write("worker \(configuration.owner) started: concurrency \(concurrency), heuristic \(heuristic)\n")
        await worker.run(concurrency: concurrency, drain: drain, stop: stop)
        FileHandleOutput.standardError.write("worker \(configuration.owner) stopped\n")
    }
}

/// Set by SIGTERM and SIGINT (an atomic store is safe in a signal handler).
let terminationRequested = Atomic<Bool>(false)
