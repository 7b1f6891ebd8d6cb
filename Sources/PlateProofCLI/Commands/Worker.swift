import ArgumentParser
import Foundation
import Logging
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker
import ServiceLifecycle

/// `plateproof worker`: decide queued claims.
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide queued claims: verify each photo, store its evidence, credit approved claims once.",
        discussion: """
            SIGTERM or SIGINT stops taking jobs; the jobs in flight are finished, then the worker exits 0. \
            It also delivers webhooks (see `plateproof webhooks --help`). \
            With --drain it exits once the queue is empty. A job whose worker died is taken again when its \
            lease expires. `serve` takes the same claim-processing flags for its embedded workers.
            """
    )

    @Option(help: "Photos processed at once (decoding runs off the cooperative thread pool).")
    var concurrency = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Exit once the queue is empty.")
    var drain = false

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @OptionGroup(title: "Claim processing")
    var processing: ClaimProcessingOptions

    @OptionGroup(title: "Webhooks")
    var webhooks: WebhookOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let owner = "worker-\(ProcessInfo.processInfo.processIdentifier)"
        let (store, blobs, storeService) = try storage.open()
        let worker = try processing.worker(owner: owner, storage: (store, blobs), catalogue: try storage.catalogue()) {
            error,
            wait in
            FileHandleOutput.standardError.write("worker: \(error) (\(error.underlying ?? "")); retrying in \(wait)\n")
        }
        let heuristic = worker.assessor.verifier.configuration.heuristicVersion
        let announced = AnnouncedService(
            service: ClaimWorkerService(worker: worker, concurrency: concurrency, drain: drain),
            started: { [concurrency] in
                FileHandleOutput.standardError.write("worker \(owner) started: concurrency \(concurrency), heuristic \(heuristic)\n")
            },
            stopped: { FileHandleOutput.standardError.write("worker \(owner) stopped\n") }
        )
        let delivery = try webhooks.deliveryService(store: store, data: storage.data, owner: owner)
        var logger = Logger(label: "plateproof.worker")
        logger.logLevel = .warning
        try await ProcessServices.run(
            (storeService.map { [.init(service: $0)] } ?? []) + (delivery.map { [.init(service: $0)] } ?? []) + [
                .init(service: announced, successTerminationBehavior: .gracefullyShutdownGroup)
            ],
            logger: logger
        )
    }
}
