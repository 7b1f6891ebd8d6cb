import ArgumentParser
import Foundation
import Logging
import PlateProofDomain
import PlateProofHTTP
import PlateProofIntake
import PlateProofStore
import PlateProofVerifier
import PlateProofWebhooks
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

    @Option(help: "Seconds a connection may take to send a complete request head (also how long a keep-alive connection may idle).")
    var headerTimeout = 20.0

    @Option(help: "Connections open at once; more wait to be accepted.")
    var maxConnections = 1024

    @Option(help: "Memory for upload bodies being read at once, in bytes; uploads beyond it are answered 503 with Retry-After.")
    var uploadMemory = 128_000_000

    @Option(help: "Where browsers reach the service (https://review.example.org), when behind a proxy: review forms must come from it.")
    var publicURL: String?

    @Flag(
        inversion: .prefixedNo,
        help: "Mark the review session cookie Secure (HTTPS only); on by default when --public-url is https."
    )
    var secureCookies: Bool?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @OptionGroup(title: "Claim processing")
    var processing: ClaimProcessingOptions

    @OptionGroup(title: "Webhooks")
    var webhooks: WebhookOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard headerTimeout > 0, maxConnections >= 1, uploadMemory >= 1_000_000 else {
            throw ValidationError("--header-timeout must be positive, --max-connections at least 1, --upload-memory at least 1000000")
        }
        if let publicURL {
            guard let url = URLComponents(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url takes an http:// or https:// address, such as https://review.example.org")
            }
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        var logger = Logger(label: "plateproof")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        _ = ServiceMetrics.registry  // swift-metrics reports to Prometheus from the start
        let (store, blobs, storeService) = try self.storage.open()
        let storage = (store: store, blobs: blobs)
        let catalogue = try self.storage.catalogue()
        var dependencies = ServiceDependencies(store: store, blobs: blobs, catalogue: catalogue, now: Clock.now)
        dependencies.intake.limits = processing.decodeLimits
        dependencies.publicURL = publicURL
        dependencies.uploadMemoryBytes = uploadMemory
        dependencies.secureCookies = secureCookies ?? (publicURL?.hasPrefix("https://") == true)
        dependencies.webhooks = try webhooks.admin(store: store, data: self.storage.data)
        let owner = "serve-\(ProcessInfo.processInfo.processIdentifier)"
        let worker = try processing.worker(
            owner: owner,
            storage: storage,
            catalogue: catalogue
        ) {
            [logger] error, wait in
            logger.warning("store unavailable, retrying", metadata: ["error": "\(error)", "wait": "\(wait)"])
        }
        let verification = worker.assessor.verifier.configuration
        dependencies.plateEnrolment = PlateEnrolment(store: store, assessor: PhotoAssessor(verifier: worker.assessor.verifier))
        let delivery = try webhooks.deliveryService(store: store, data: self.storage.data, owner: owner)
        let services: [any Service] =
            (workers > 0 ? [ClaimWorkerService(worker: worker, concurrency: workers)] : []) + (delivery.map { [$0] } ?? [])
        let data = self.storage.data
        let app = APIServer.application(
            dependencies,
            host: host,
            port: port,
            services: services,
            limits: ConnectionLimits(headerTimeout: .milliseconds(Int64(headerTimeout * 1000)), maxConnections: maxConnections),
            logger: logger
        ) {
            [host, workers, verification] port in
            var lines = [
                "PlateProof listening on http://\(host):\(port) (data: \(data), workers: \(workers), heuristic: \(verification.heuristicVersion))"
            ]
            if (try? await store.keys().isEmpty) == true {
                lines.append("No API keys yet. Create one with: plateproof keys create --role uploader --name backend --data \(data)")
            }
            FileHandleOutput.standardError.write(lines.joined(separator: "\n") + "\n")
        }
        try await ProcessServices.run((storeService.map { [.init(service: $0)] } ?? []) + [.init(service: app)], logger: logger)
    }
}
