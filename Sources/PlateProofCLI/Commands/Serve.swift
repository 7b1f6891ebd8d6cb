import ArgumentParser
import Foundation
import Logging
import PlateProofDomain
import PlateProofHTTP
import PlateProofIntake
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker
import ServiceLifecycle
import UnixSignals

/// `plateproof serve`: the HTTP API, the review page and embedded workers in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API, the moderators' review page and embedded claim workers.",
        discussion: """
            With no flags it keeps its data in ./plateproof-data (an SQLite database and the photos). \
            Create keys with `plateproof keys create --role uploader|moderator|admin --name NAME`, even while \
            it runs. SIGTERM or SIGINT stops accepting requests, finishes the jobs in flight and exits 0. \
            The API is described at /openapi.yaml; the review page is /review.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; the address is printed).")
    var port = 8080

    @Option(help: "Embedded claim workers (photos processed at once); 0 runs none.")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Share of machine approvals and rejections sampled for moderators' quality checks.")
    var qaRate = 0.02

    @Option(help: "Largest accepted photo, in bytes.")
    var maxPhotoBytes = 30_000_000

    @Option(help: "Seconds a job stays leased; a job whose worker died is taken again after this.")
    var leaseSeconds: Int64 = 120

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard (0...1).contains(qaRate) else { throw ValidationError("--qa-rate takes a share from 0 to 1") }
        guard maxPhotoBytes >= 1024 else { throw ValidationError("--max-photo-bytes must be at least 1024") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        var logger = Logger(label: "plateproof")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        _ = ServiceMetrics.registry  // swift-metrics reports to Prometheus from the start
        let verification = try verifier.configuration()
        let (store, blobs) = try await storage.open()
        let catalogue = try storage.catalogue()
        var dependencies = ServiceDependencies(store: store, blobs: blobs, catalogue: catalogue, now: Clock.now)
        dependencies.intake.maxPhotoBytes = maxPhotoBytes

        var services: [any Service] = []
        if workers > 0 {
            var configuration = ClaimWorker.Configuration(owner: "serve-\(ProcessInfo.processInfo.processIdentifier)")
            configuration.leaseSeconds = leaseSeconds
            configuration.qualityControlRate = qaRate
            let workerLogger = logger
            configuration.onStoreFailure = { error, wait in
                workerLogger.warning("store unavailable, retrying", metadata: ["error": "\(error)", "wait": "\(wait)"])
            }
            let worker = ClaimWorker(
                store: store,
                blobs: blobs,
                assessor: PhotoAssessor(verifier: Verifier(configuration: verification), keepsOverlays: true),
                catalogue: catalogue,
                configuration: configuration,
                now: Clock.now
            )
            services.append(ClaimWorkerService(worker: worker, concurrency: workers))
        }
        let hasKeys = try await !store.keys().isEmpty
        let data = storage.data
        let app = APIServer.application(dependencies, host: host, port: port, services: services, logger: logger) {
            [host, workers, verification] port in
            var lines = [
                "PlateProof listening on http://\(host):\(port) (data: \(data), workers: \(workers), heuristic: \(verification.heuristicVersion))"
            ]
            if !hasKeys {
                lines.append("No API keys yet. Create one with: plateproof keys create --role uploader --name backend --data \(data)")
            }
            FileHandleOutput.standardError.write(lines.joined(separator: "\n") + "\n")
        }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }
}
