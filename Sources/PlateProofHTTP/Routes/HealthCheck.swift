import PlateProofDomain
import PlateProofStore
import Synchronization

/// Whether the service can do its work: the database takes a write, the blob folder has room and
/// takes a write. Checked at most once per `interval`, so probes cost next to nothing.
final class HealthCheck: Sendable {
    /// What each check found: nil when it passed, else why not.
    struct Result: Sendable {
        var database: String?
        var blobs: String?
        var queueDepth: Int?

        var healthy: Bool { database == nil && blobs == nil }
    }

    private let interval: Duration
    private let last = Mutex<(at: ContinuousClock.Instant, result: Result)?>(nil)

    init(interval: Duration = .seconds(2)) { self.interval = interval }

    func current(_ dependencies: ServiceDependencies) async -> Result {
        if let last = last.withLock({ $0 }), ContinuousClock.now - last.at < interval { return last.result }
        var result = Result()
        do {
            try await dependencies.store.checkWritable(now: dependencies.now())
            result.queueDepth = try await dependencies.store.pendingJobs()
        } catch {
            result.database = error.description
        }
        do {
            try await dependencies.blobs.checkWritable()
        } catch {
            result.blobs = error.description
        }
        let checked = result
        last.withLock { $0 = (ContinuousClock.now, checked) }
        return result
    }
}
