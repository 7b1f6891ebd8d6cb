public import Foundation
import Metrics
public import PlateProofDomain
public import PlateProofStore
public import ServiceLifecycle

/// Delivers the outbox: a ServiceLifecycle service inside `serve` and `worker`. It leases due
/// deliveries (so each event goes to each endpoint from one process at a time, however many run),
/// sends them signed, records every attempt and moves each along the retry schedule; once an hour
/// it prunes deliveries delivered more than `retentionDays` ago.
public struct WebhookDeliveryService: Service {
    public let store: any Store
    public let secrets: WebhookSecretBox
    public let sender: WebhookSender
    public let schedule: DeliverySchedule
    public let owner: String
    /// Deliveries sent at once.
    public let concurrency: Int
    /// Deliveries in flight to one endpoint at once, across every process (three quarters of the
    /// concurrency, at least one): an endpoint that times out leaves the rest to the others.
    public var perEndpoint: Int { max(1, concurrency - max(1, concurrency / 4)) }
    public let pollInterval: Duration
    public let retentionDays: Int64
    /// The time deliveries are due by and stamped with (injectable, so a schedule of days runs in a test).
    public let clock: @Sendable () -> Date

    public init(
        store: any Store,
        secrets: WebhookSecretBox,
        sender: WebhookSender,
        schedule: DeliverySchedule = .init(),
        owner: String,
        concurrency: Int = 8,
        pollInterval: Duration = .milliseconds(250),
        retentionDays: Int64 = 30,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.secrets = secrets
        self.sender = sender
        self.schedule = schedule
        self.owner = owner
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        self.retentionDays = retentionDays
        self.clock = clock
    }

    /// Keeps up to `concurrency` deliveries in flight, leasing more as a quarter of them end (not
    /// waiting for the rest), so a slow endpoint holds up only its own deliveries.
    public func run() async throws {
        let connections = WebhookConnections()
        await withTaskGroup(of: Bool.self) { group in
            var inFlight = 0
            // Whether to lease again: after a delivery ended, or the poll interval passed since a lease
            // found less than it asked for.
            var lookAgain = true
            var ticking = false
            var lastPrune = ContinuousClock.now - .seconds(3600)
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let wanted = concurrency - inFlight
                if lookAgain && wanted >= max(1, concurrency / 4) {
                    var due: [LeasedDelivery] = []
                    do {
                        due = try await store.leaseDeliveries(
                            owner: owner,
                            limit: wanted,
                            perEndpoint: perEndpoint,
                            now: now,
                            leaseSeconds: leaseSeconds
                        )
                        if ContinuousClock.now - lastPrune >= .seconds(3600) {
                            _ = try await store.pruneDeliveries(deliveredBefore: now.adding(seconds: -retentionDays * 86400))
                            lastPrune = .now
                        }
                    } catch {
                        // The database is busy or gone for a moment: the leases expire and a later pass retries.
                        report(error)
                    }
                    for delivery in due {
                        group.addTask {
                            if let failure = await deliver(delivery, connections: connections) { report(failure) }
                            return true
                        }
                    }
                    inFlight += due.count
                    lookAgain = due.count == wanted
                    if !lookAgain && !ticking {
                        ticking = true
                        group.addTask {
                            try? await Task.sleep(for: pollInterval)
                            return false
                        }
                    }
                }
                guard let delivered = await group.next() else { continue }
                if delivered { inFlight -= 1 } else { ticking = false }
                lookAgain = true
            }
            // Graceful shutdown: the deliveries in flight finish (within the timeout) and are recorded.
            for await _ in group {}
        }
        await connections.shutdown()
    }

    var leaseSeconds: Int64 { Int64(sender.timeout.components.seconds) * 3 + 5 }

    func report(_ error: any Error) {
        if !Task.isCancelled { FileHandle.standardError.write(Data("webhooks: \(error)\n".utf8)) }
    }

    var now: Timestamp { Timestamp(secondsSince1970: Int64(clock().timeIntervalSince1970)) }

    /// One pass: leases what is due now, sends it (each delivery on a connection of its own) and
    /// records the attempts; returns how many were sent. Tests drive a schedule with it.
    @discardableResult
    public func deliverDue() async throws(StoreError) -> Int {
        let due = try await store.leaseDeliveries(
            owner: owner,
            limit: concurrency,
            perEndpoint: perEndpoint,
            now: now,
            leaseSeconds: leaseSeconds
        )
        guard !due.isEmpty else { return 0 }
        let failures = await withTaskGroup(of: StoreError?.self) { group in
            for delivery in due { group.addTask { await deliver(delivery, connections: nil) } }
            return await group.compactMap { $0 }.reduce(into: []) { $0.append($1) }
        }
        if let failure = failures.first { throw failure }
        return due.count
    }

    /// Sends one leased delivery and records how it went.
    func deliver(_ delivery: LeasedDelivery, connections: WebhookConnections?) async -> StoreError? {
        do {
            let attempt: DeliveryAttempt
            do {
                let body: String
                if let kept = delivery.body {
                    body = kept
                } else {
                    body = try await store.keepEventBody(
                        eventID: delivery.event.id,
                        body: try await WebhookEventBody.render(delivery.event, from: store)
                    )
                }
                let keys = try delivery.endpoint.sealedSecrets(at: now).map { (sealed) throws(WebhookKeyError) in try secrets.open(sealed) }
                let timestamp = Int64(clock().timeIntervalSince1970)
                let signature = WebhookSignature.sign(body: body, timestamp: timestamp, secrets: keys)
                attempt = await sender.send(
                    body: body,
                    eventID: delivery.event.id,
                    signature: signature,
                    to: delivery.endpoint.url,
                    connections: connections,
                    now: clock
                )
            } catch let error as WebhookKeyError {
                attempt = DeliveryAttempt(at: now, statusCode: nil, error: error.description, latencyMilliseconds: 0, response: "")
            }
            let result = try await store.finishDelivery(
                id: delivery.id,
                owner: owner,
                attempt: attempt,
                schedule: schedule,
                draw: Double.random(in: 0..<1),
                now: now
            )
            WebhookMetrics.attempted(attempt, result: result, now: clock())
            return nil
        } catch let error as StoreError {
            return error
        } catch {
            return StoreError(.storage, "\(error)")
        }
    }
}

/// The delivery metrics, through swift-metrics (handles looked up per use, as the worker's are).
enum WebhookMetrics {
    static func attempted(_ attempt: DeliveryAttempt, result: DeliveryResult, now: Date) {
        Counter(label: "plateproof_webhook_attempts_total", dimensions: [("outcome", attempt.outcome.rawValue)]).increment()
        if result.step.state != .pending {
            Counter(label: "plateproof_webhook_deliveries_total", dimensions: [("outcome", result.step.state.rawValue)]).increment()
        }
        if result.firstAttempt {
            let lag = max(0, now.timeIntervalSince1970 - Double(result.eventAt.secondsSince1970))
            Recorder(label: "plateproof_webhook_lag_seconds", aggregate: true).record(lag)
        }
        if result.step.disablesEndpoint { Counter(label: "plateproof_webhook_endpoints_disabled_total").increment() }
    }
}
