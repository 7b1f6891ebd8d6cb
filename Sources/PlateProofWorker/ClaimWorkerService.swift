public import ServiceLifecycle

/// A claim worker as a ServiceLifecycle service: runs until graceful shutdown (or, with `drain`,
/// until the queue is empty), then finishes the jobs in flight.
public struct ClaimWorkerService: Service {
    public let worker: ClaimWorker
    public let concurrency: Int
    public let drain: Bool

    public init(worker: ClaimWorker, concurrency: Int, drain: Bool = false) {
        self.worker = worker
        self.concurrency = concurrency
        self.drain = drain
    }

    public func run() async throws {
        let stop = StopSignal()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await worker.run(concurrency: concurrency, drain: drain, stop: stop)
            } onCancel: {
                stop.stop()
            }
        } onGracefulShutdown: {
            stop.stop()
        }
    }
}
