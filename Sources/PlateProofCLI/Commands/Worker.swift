import ArgumentParser
import Dispatch
import Foundation
import PlateProofStore
import PlateProofWorker

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

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
    }

    func run() async throws {
        let (store, blobs) = try storage.open()
        var configuration = ClaimWorker.Configuration(owner: "worker-\(ProcessInfo.processInfo.processIdentifier)")
        configuration.leaseSeconds = leaseSeconds
        let worker = ClaimWorker(store: store, blobs: blobs, catalogue: try storage.catalogue(), configuration: configuration, now: Clock.now)
        let stop = StopSignal()
        let signals = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.stop() }
            source.resume()
            return source
        }
        FileHandleOutput.standardError.write("worker \(configuration.owner) started: concurrency \(concurrency)\n")
        await worker.run(concurrency: concurrency, drain: drain, stop: stop)
        signals.forEach { $0.cancel() }
        FileHandleOutput.standardError.write("worker \(configuration.owner) stopped\n")
    }
}
