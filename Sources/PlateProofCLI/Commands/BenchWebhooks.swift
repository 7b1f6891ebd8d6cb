import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofWebhooks
import Synchronization

/// `plateproof bench-webhooks`: what the outbox costs the queue, and how fast it drains to a fast
/// local receiver.
struct BenchWebhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-webhooks",
        abstract: "Time webhook delivery to a local receiver, and the queue with and without an endpoint (no-op verifier, SQLite).",
        discussion: """
            Five runs on new temporary SQLite databases, each deciding --claims approved claims (two events each: \
            claim.approved, ledger.entry_created): the queue with no endpoint; with one endpoint and no delivery \
            (the outbox's own cost); a backlog of that many events drained by one delivery service (events/s); the \
            queue at full speed with delivery beside it (claims/s), then the outbox's rows before and after pruning \
            what was delivered; and the queue at --rate claims/s with delivery beside it (the lag from each decision \
            to its event's arrival, p50/p99).
            """
    )

    @Option(help: "Claims decided in each run.")
    var claims = 2000

    @Option(help: "Deliveries sent at once.")
    var concurrency = 8

    @Option(help: "Claims per second decided in the run that measures the lag.")
    var rate = 200

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard claims >= 1, concurrency >= 1, rate >= 1 else {
            throw ValidationError("--claims, --concurrency and --rate must be at least 1")
        }
    }

    func run() async throws {
        let receiver = BenchReceiver()
        let report = try await receiver.serving { url in try await measure(url: url, receiver: receiver) }
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    func measure(url: String, receiver: BenchReceiver) async throws -> WebhookBenchReport {
        var report = WebhookBenchReport(claims: claims, concurrency: concurrency)
        report.claimsPerSecondWithoutEndpoint = try await withScratchStore { store, _ in try await decide(on: store).perSecond }
        report.claimsPerSecondWithEndpoint = try await withScratchStore { store, folder in
            _ = try await endpoint(store, folder: folder, url: url + "/outbox")
            return try await decide(on: store).perSecond
        }
        // A backlog drained.
        try await withScratchStore { store, folder in
            _ = try await endpoint(store, folder: folder, url: url + "/backlog")
            _ = try await decide(on: store)
            let service = try delivery(store, folder: folder)
            let start = ContinuousClock.now
            try await untilDelivered(2 * claims, receiver: receiver, phase: "backlog", running: service)
            report.eventsPerSecond = (Double(2 * claims) / BenchQueue.seconds(since: start)).rounded()
        }
        // Delivery beside the queue, at full speed, then at --rate claims/s for the lag.
        try await withScratchStore { store, folder in
            let live = try await besideTheQueue(store, folder: folder, url: url, receiver: receiver, phase: "full", pace: nil)
            report.claimsPerSecondWhileDelivering = live.perSecond
            let counts = try await store.outboxCounts()
            report.outboxDelivered = counts.delivered
            report.outboxAttempts = counts.attempts
            report.prunedAfter30Days = try await store.pruneDeliveries(deliveredBefore: Clock.now().adding(seconds: 31 * 86400))
            let left = try await store.outboxCounts()
            report.outboxLeftAfterPruning = left.pending + left.delivered + left.failed + left.attempts
        }
        try await withScratchStore { store, folder in
            let paced = try await besideTheQueue(store, folder: folder, url: url, receiver: receiver, phase: "paced", pace: rate)
            let run = BenchRun(wallSeconds: 0, milliseconds: paced.lags, failures: 0)
            report.lagMsP50 = (run.percentile(0.5) * 10).rounded() / 10
            report.lagMsP99 = (run.percentile(0.99) * 10).rounded() / 10
            report.pacedClaimsPerSecond = paced.perSecond
        }
        return report
    }

    /// Decides claims (at `pace` claims/s, or as fast as it can) while a delivery service runs, until
    /// every event is delivered; the claims' rate, and each event's lag from decision to arrival.
    func besideTheQueue(
        _ store: any Store,
        folder: String,
        url: String,
        receiver: BenchReceiver,
        phase: String,
        pace: Int?
    ) async throws -> (perSecond: Double, lags: [Double]) {
        _ = try await endpoint(store, folder: folder, url: url + "/" + phase)
        let service = try delivery(store, folder: folder)
        let decided = try await withThrowingTaskGroup(of: (perSecond: Double, at: [Int64: ContinuousClock.Instant])?.self) { group in
            group.addTask {
                try await service.run()
                return nil
            }
            defer { group.cancelAll() }
            let decided = try await decide(on: store, pace: pace)
            while try await store.outboxCounts().delivered < 2 * claims { try await Task.sleep(for: .milliseconds(5)) }
            return decided
        }
        let lags = receiver.arrivals.withLock { $0.filter { $0.phase == phase } }.compactMap { arrival in
            decided.at[arrival.claim].map { BenchRun.milliseconds(arrival.at - $0) }
        }
        return (decided.perSecond, lags)
    }

    /// Every approval paid, so that each claim has its two events.
    static let uncapped = ActivityCatalogue(activities: [Activity(id: .cleanPlate, credits: 200)])

    /// Enqueues, leases and approves `claims` claims; their rate, and when each was decided.
    func decide(on store: any Store, pace: Int? = nil) async throws -> (perSecond: Double, at: [Int64: ContinuousClock.Instant]) {
        let now = Clock.now()
        let verdict = MachineVerdict(decision: .approve, score: 0, reasons: [], heuristicVersion: "no-op", phash: nil)
        var decidedAt: [Int64: ContinuousClock.Instant] = [:]
        let start = ContinuousClock.now
        for index in 0..<claims {
            if let pace { try await Task.sleep(until: start + .seconds(Double(index) / Double(pace)), clock: .continuous) }
            _ = try await store.enqueue(
                ClaimRequest(
                    uploader: "bench",
                    idempotencyKey: "\(index)",
                    account: AccountID(rawValue: "account-\(index % 500)")!,
                    activity: .cleanPlate,
                    photoSHA256: String(format: "%064x", index),
                    claimedAt: now
                )
            )
            guard let job = try await store.leaseNextJob(owner: "bench", now: now, leaseSeconds: 60) else { continue }
            _ = try await store.complete(claimID: job.claimID, owner: "bench", verdict: verdict, catalogue: Self.uncapped, now: now)
            decidedAt[job.claimID] = .now
        }
        return ((Double(claims) / BenchQueue.seconds(since: start)).rounded(), decidedAt)
    }

    func endpoint(_ store: any Store, folder: String, url: String) async throws -> WebhookEndpoint {
        let admin = WebhookAdmin(
            store: store,
            secrets: try WebhookSecretBox.load(folder: folder),
            policy: WebhookURLPolicy(allowInsecure: true)
        )
        return try await admin.create(
            url: url,
            events: ["claim.approved", "ledger.entry_created"],
            description: "bench",
            actor: "bench",
            now: Clock.now()
        ).endpoint
    }

    func delivery(_ store: any Store, folder: String) throws -> WebhookDeliveryService {
        WebhookDeliveryService(
            store: store,
            secrets: try WebhookSecretBox.load(folder: folder),
            sender: WebhookSender(policy: WebhookURLPolicy(allowInsecure: true)),
            owner: "bench",
            concurrency: concurrency,
            pollInterval: .milliseconds(5)
        )
    }

    func untilDelivered(_ count: Int, receiver: BenchReceiver, phase: String, running service: WebhookDeliveryService) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            defer { group.cancelAll() }
            while receiver.count(phase) < count { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    /// Runs `body` on a new SQLite store in a temporary folder, removed after.
    func withScratchStore<T>(_ body: (any Store, String) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-bench-hooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(try SQLiteStore(path: folder + "/plateproof.sqlite"), folder)
    }
}

struct WebhookBenchReport: Encodable, Sendable {
    var claims: Int
    var concurrency: Int
    var claimsPerSecondWithoutEndpoint = 0.0
    var claimsPerSecondWithEndpoint = 0.0
    var claimsPerSecondWhileDelivering = 0.0
    var eventsPerSecond = 0.0
    var pacedClaimsPerSecond = 0.0
    var lagMsP50 = 0.0
    var lagMsP99 = 0.0
    var outboxDelivered = 0
    var outboxAttempts = 0
    var prunedAfter30Days = 0
    var outboxLeftAfterPruning = 0

    enum CodingKeys: String, CodingKey {
        case claims, concurrency
        case claimsPerSecondWithoutEndpoint = "claims_per_second_without_endpoint"
        case claimsPerSecondWithEndpoint = "claims_per_second_with_endpoint"
        case claimsPerSecondWhileDelivering = "claims_per_second_while_delivering"
        case eventsPerSecond = "events_per_second"
        case pacedClaimsPerSecond = "paced_claims_per_second"
        case lagMsP50 = "lag_ms_p50"
        case lagMsP99 = "lag_ms_p99"
        case outboxDelivered = "outbox_delivered"
        case outboxAttempts = "outbox_attempts"
        case prunedAfter30Days = "pruned_after_30_days"
        case outboxLeftAfterPruning = "outbox_rows_left_after_pruning"
    }

    var text: String {
        """
        \(claims) claims, 2 events each, delivery concurrency \(concurrency)
        queue: \(claimsPerSecondWithoutEndpoint) claims/s without an endpoint, \(claimsPerSecondWithEndpoint) with one (outbox written), \
        \(claimsPerSecondWhileDelivering) while delivering
        delivery: \(eventsPerSecond) events/s from a backlog; at \(pacedClaimsPerSecond) claims/s, lag from decision to arrival \
        p50 \(lagMsP50) ms, p99 \(lagMsP99) ms
        outbox: \(outboxDelivered) delivered, \(outboxAttempts) attempts; \(prunedAfter30Days) pruned 30 days on, \
        \(outboxLeftAfterPruning) rows left
        """
    }
}
