import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import PlateProofWebhooks
import Synchronization
import Testing

/// Deliveries to real receivers on loopback, with the service's clock in the test's hands.
@Suite("Webhook delivery to a loopback receiver")
struct WebhookDeliveryTests {
    let alice = AccountID(rawValue: "alice")!
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A store in a new folder, and the folder (for the key).
    func newStore() throws -> (store: SQLiteStore, folder: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-webhooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder + "/plateproof.sqlite")
        return (store, folder)
    }

    func decide(_ verdicts: [ClaimDecision], in store: any Store, at time: Date) async throws {
        let now = Timestamp(secondsSince1970: Int64(time.timeIntervalSince1970))
        for (index, decision) in verdicts.enumerated() {
            _ = try await store.enqueue(
                ClaimRequest(
                    uploader: "backend",
                    idempotencyKey: "k\(index)-\(UUID().uuidString)",
                    account: alice,
                    activity: .cleanPlate,
                    photoSHA256: String(repeating: "\(index % 10)", count: 63) + "\(Int.random(in: 0...9))",
                    claimedAt: now
                )
            )
            let job = try #require(try await store.leaseNextJob(owner: "w", now: now, leaseSeconds: 60))
            let verdict = MachineVerdict(decision: decision, score: 0.1, reasons: [], heuristicVersion: "plates-3", phash: nil)
            _ = try await store.complete(claimID: job.claimID, owner: "w", verdict: verdict, catalogue: .standard, now: now)
        }
    }

    /// The service, its clock set by the test.
    func service(_ store: any Store, folder: String, clock: TestClock, timeout: Duration = .seconds(5)) throws -> WebhookDeliveryService {
        WebhookDeliveryService(
            store: store,
            secrets: try WebhookSecretBox.load(folder: folder, environment: [:]),
            sender: WebhookSender(policy: WebhookURLPolicy(allowInsecure: true), timeout: timeout),
            owner: "test",
            clock: { clock.now }
        )
    }

    func admin(_ store: any Store, folder: String) throws -> WebhookAdmin {
        WebhookAdmin(
            store: store,
            secrets: try WebhookSecretBox.load(folder: folder, environment: [:]),
            policy: WebhookURLPolicy(allowInsecure: true)
        )
    }

    var now: Timestamp { Timestamp(secondsSince1970: Int64(Self.start.timeIntervalSince1970)) }

    @Test("events arrive signed with the endpoint's secret, once each, their ids unique and in the header")
    func signedEvents() async throws {
        let receiver = try await LoopbackReceiver { _ in .status(200) }
        defer { Task { await receiver.stop() } }
        let (store, folder) = try newStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (endpoint, secret) = try await admin(store, folder: folder).create(
            url: receiver.url,
            events: EventType.allCases.map(\.rawValue),
            description: "all",
            actor: "t",
            now: now
        )
        try await decide([.approve, .reject, .review], in: store, at: Self.start)
        let clock = TestClock(Self.start)
        let service = try service(store, folder: folder, clock: clock)
        #expect(try await service.deliverDue() == 4)
        #expect(try await service.deliverDue() == 0, "nothing is sent twice")

        let received = receiver.received
        #expect(received.count == 4)
        var ids: [Int64] = []
        var types: [String] = []
        for request in received {
            let signature = try #require(request.headers["plateproof-signature"])
            #expect(WebhookSignature.verify(header: signature, body: request.body, secret: secret, now: 1_800_000_000))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            let id = try #require(json["id"] as? Int64 ?? (json["id"] as? Int).map(Int64.init))
            #expect(request.headers["plateproof-event-id"] == String(id))
            #expect(json["created_at"] as? Int == 1_800_000_000 && json["data"] is [String: Any])
            ids.append(id)
            types.append(try #require(json["type"] as? String))
        }
        #expect(Set(ids).count == 4)
        #expect(types.sorted() == ["claim.approved", "claim.rejected", "claim.review", "ledger.entry_created"])
        let ledger = try #require(received.first { $0.body.contains("ledger.entry_created") })
        #expect(ledger.body.contains(#""amount":200"#) && ledger.body.contains(#""account":"alice""#))
        let deliveries = try await store.deliveries(endpoint: endpoint.id, limit: 10)
        #expect(deliveries.allSatisfy { $0.state == .delivered && $0.attempts.count == 1 && $0.attempts[0].statusCode == 200 })
    }

    @Test("an endpoint answering 500 is retried about 2, 4 and 8 s later, and delivered once it answers 200")
    func retriedUntilAcknowledged() async throws {
        let receiver = try await LoopbackReceiver { n in n < 3 ? .status(500) : .status(200) }
        defer { Task { await receiver.stop() } }
        let (store, folder) = try newStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (endpoint, _) = try await admin(store, folder: folder).create(
            url: receiver.url,
            events: ["claim.approved"],
            description: "",
            actor: "t",
            now: now
        )
        try await decide([.approve], in: store, at: Self.start)
        let clock = TestClock(Self.start)
        let service = try service(store, folder: folder, clock: clock)
        var times: [Int64] = []
        for _ in 0..<10 {
            let current = clock.now
            if try await service.deliverDue() > 0 { times.append(Int64(current.timeIntervalSince1970)) }
            let delivery = try #require(try await store.deliveries(endpoint: endpoint.id, limit: 1).first)
            guard delivery.state == .pending, let next = delivery.nextAttemptAt else { break }
            clock.set(next)
        }
        let delivery = try #require(try await store.deliveries(endpoint: endpoint.id, limit: 1).first)
        #expect(delivery.state == .delivered && delivery.attempts.map(\.statusCode) == [500, 500, 500, 200])
        #expect(receiver.received.count == 4)
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.count == 3 && (1...3).contains(gaps[0]) && (3...5).contains(gaps[1]) && (6...10).contains(gaps[2]), "\(gaps)")
        #expect(try await store.webhook(id: endpoint.id)?.failingSince == nil)
    }

    @Test("an endpoint that never accepts is tried for 3 days, then the delivery is failed")
    func threeDaySchedule() async throws {
        let receiver = try await LoopbackReceiver { _ in .status(503) }
        defer { Task { await receiver.stop() } }
        let (store, folder) = try newStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (endpoint, _) = try await admin(store, folder: folder).create(
            url: receiver.url,
            events: ["claim.rejected"],
            description: "",
            actor: "t",
            now: now
        )
        try await decide([.reject], in: store, at: Self.start)
        let clock = TestClock(Self.start)
        let service = try service(store, folder: folder, clock: clock)
        var last = Self.start
        while true {
            try await service.deliverDue()
            let delivery = try #require(try await store.deliveries(endpoint: endpoint.id, limit: 1).first)
            guard delivery.state == .pending, let next = delivery.nextAttemptAt else { break }
            clock.set(next)
            last = clock.now
        }
        let delivery = try #require(try await store.deliveries(endpoint: endpoint.id, limit: 1).first)
        #expect(delivery.state == .failed && (75...85).contains(delivery.attempts.count), "\(delivery.attempts.count) attempts")
        #expect(receiver.received.count == delivery.attempts.count)
        let span = last.timeIntervalSince(Self.start)
        #expect(span <= 3 * 86400 && span > 3 * 86400 - 2 * 3600)
        // Still active: it has failed for 3 days, not 5.
        #expect(try await store.webhook(id: endpoint.id)?.status == .active)
    }

    @Test("an endpoint that never answers holds up only its own share of the senders")
    func slowEndpointDoesNotStarveOthers() async throws {
        let silent = try await LoopbackReceiver { _ in .silence }
        let fast = try await LoopbackReceiver { _ in .status(200) }
        defer { Task { for receiver in [silent, fast] { await receiver.stop() } } }
        let (store, folder) = try newStore()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let admin = try admin(store, folder: folder)
        _ = try await admin.create(url: silent.url, events: ["claim.review"], description: "", actor: "t", now: now)
        _ = try await admin.create(url: fast.url, events: ["claim.review"], description: "", actor: "t", now: now)
        try await decide(Array(repeating: .review, count: 6), in: store, at: Date())
        let service = WebhookDeliveryService(
            store: store,
            secrets: try WebhookSecretBox.load(folder: folder, environment: [:]),
            sender: WebhookSender(policy: WebhookURLPolicy(allowInsecure: true), timeout: .seconds(20)),
            owner: "test",
            concurrency: 4,
            pollInterval: .milliseconds(20)
        )
        let started = ContinuousClock.now
        let running = Task { try await service.run() }
        while fast.received.count < 6 && ContinuousClock.now - started < .seconds(15) { try await Task.sleep(for: .milliseconds(20)) }
        let elapsed = ContinuousClock.now - started
        running.cancel()
        #expect(fast.received.count == 6 && elapsed < .seconds(10), "\(fast.received.count) delivered in \(elapsed)")
        #expect(
            service.perEndpoint == 3 && (1...service.perEndpoint).contains(silent.received.count),
            "the silent endpoint took \(silent.received.count) senders"
        )
    }

    @Test("a receiver that never answers, one that streams an endless body and one that redirects inside: bounded, not followed")
    func hostileReceivers() async throws {
        let silent = try await LoopbackReceiver { _ in .silence }
        let endless = try await LoopbackReceiver { _ in .endlessBody }
        let inside = try await LoopbackReceiver { _ in .status(200) }
        let redirecting = try await LoopbackReceiver { [url = inside.url] _ in .redirect(url) }
        defer { Task { for receiver in [silent, endless, inside, redirecting] { await receiver.stop() } } }
        let sender = WebhookSender(policy: WebhookURLPolicy(allowInsecure: true), timeout: .seconds(2))

        let started = ContinuousClock.now
        let unanswered = await sender.send(body: "{}", eventID: 1, signature: "t=1,v1=00", to: silent.url)
        #expect(unanswered.outcome == .failed && unanswered.statusCode == nil && unanswered.error != nil)
        #expect(ContinuousClock.now - started < .seconds(8))

        let streamed = await sender.send(body: "{}", eventID: 2, signature: "t=1,v1=00", to: endless.url)
        #expect(streamed.statusCode == 200 && streamed.outcome == .succeeded && streamed.response.utf8.count <= 512)

        let redirected = await sender.send(body: "{}", eventID: 3, signature: "t=1,v1=00", to: redirecting.url)
        #expect(redirected.statusCode == 302 && redirected.outcome == .failed)
        #expect(inside.received.isEmpty, "the redirect was followed")
        #expect(ContinuousClock.now - started < .seconds(15))
    }

    @Test("a host is checked after it is resolved, and the connection goes to the address that was checked")
    func resolvedAddresses() async throws {
        let receiver = try await LoopbackReceiver { _ in .status(200) }
        defer { Task { await receiver.stop() } }
        // An answer pointing inside is refused, whatever the name.
        let rebinding = WebhookSender(policy: WebhookURLPolicy(), resolver: { _, _ in "169.254.169.254" })
        let refused = await rebinding.send(body: "{}", eventID: 1, signature: "t=1,v1=00", to: "https://receiver.example.org/hook")
        #expect(refused.statusCode == nil && refused.error?.contains("refused") == true && refused.error?.contains("link-local") == true)
        // The name is looked up once: the request reaches the checked address with the name as its host.
        let pinned = WebhookSender(policy: WebhookURLPolicy(allowInsecure: true), resolver: { _, _ in "127.0.0.1" })
        let reached = await pinned.send(body: "{}", eventID: 2, signature: "t=1,v1=00", to: "http://receiver.test:\(receiver.port)/hook")
        #expect(reached.statusCode == 200)
        #expect(receiver.received.first?.headers["host"]?.hasPrefix("receiver.test") == true)
    }
}

/// The delivery service's clock, set by the test.
final class TestClock: Sendable {
    private let date: Mutex<Date>

    init(_ date: Date) { self.date = Mutex(date) }

    var now: Date { date.withLock { $0 } }

    func set(_ time: Timestamp) { date.withLock { $0 = Date(timeIntervalSince1970: TimeInterval(time.secondsSince1970)) } }
}
