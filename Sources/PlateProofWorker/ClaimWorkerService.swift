public import ServiceLifecycle

/// A claim worker as a ServiceLifecycle service: runs until graceful shutdown, then finishes the
/// jobs in flight.
public struct ClaimWorkerService: Service {
    public let worker: ClaimWorker
    public let concurrency: Int

    public init(worker: ClaimWorker, concurrency: Int) {
        self.worker = worker
        self.concurrency = concurrency
    }

    public func run() async throws {
        let stop = StopSignal()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await worker.run(concurrency: concurrency, drain: false, stop: stop)
            } onCancel: {
                stop.stop()
            }
        } onGracefulShutdown: {
            stop.stop()
        }
    }
}
