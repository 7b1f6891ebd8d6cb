import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import Testing

@Suite("Webhooks across a worker killed between its decisions and their delivery")
struct WebhookCrashTests {
    enum Engine: String, CaseIterable, Sendable {
        case sqlite
        case postgres
    }

    /// Runs `body` on the store the CLI's `storage` arguments name, opened once (SQLite's off the
    /// cooperative pool: opening may wait out another process's lock).
    func withStore(_ engine: Engine, data: String, url: String?, _ body: (any Store) async throws -> Void) async throws {
        switch engine {
        case .sqlite: try await body(try await offCooperativePool { try SQLiteStore(path: data + "/plateproof.sqlite") })
        case .postgres: try await TestPostgres.withStore(url: try #require(url)) { try await body($0) }
        }
    }

    @Test("every decision has its outbox row when the worker dies, and is delivered, once, after a restart", arguments: Engine.allCases)
    func killedBeforeDelivery(engine: Engine) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-webhook-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let url = engine == .postgres ? try await TestPostgres.freshDatabase(on: try TestPostgres.url(), prefix: "plateproof_hooks") : nil
        let storage = ["--data", data] + (url.map { ["--db", $0] } ?? [])
        let receiver = try await LoopbackReceiver { _ in .status(200) }
        defer { Task { await receiver.stop() } }

        let created = try await CLIRunner.run(
            [
                "webhooks", "create", "--url", receiver.url, "--events", EventType.allCases.map(\.rawValue).joined(separator: ","),
                "--allow-insecure-webhooks", "--json",
            ] + storage
        )
        #expect(created.status == 0, "\(created.standardError)")
        let endpoint = try #require(try CLIRunner.jsonObjects(created).first?["id"] as? String)
        let crash = WorkerCrashTests()
        #expect(try await CLIRunner.run(["enqueue", "--account", "alice"] + storage + crash.photos(40, in: data)).status == 0)

        try await withStore(engine, data: data, url: url) { store in
            // A worker that decides but sends nothing, killed after a second and a half.
            let first = try crash.startWorker(
                ["--concurrency", "1", "--lease-seconds", "2", "--webhook-concurrency", "0"] + storage,
                signal: SIGKILL,
                delay: 1.5
            )
            try await offCooperativePool { first.waitUntilExit() }
            #expect(first.terminationReason == .uncaughtSignal)
            #expect(receiver.received.isEmpty)
            let decided = try await store.allClaims().filter { [.approved, .rejected, .review].contains($0.state.status) }.count
            #expect(decided > 0, "the worker decided nothing before it was killed")
            // No decision without its outbox row: one delivery per decision and per ledger entry.
            let paid = try await store.entryCountsByClaim().values.reduce(0, +)
            let queued = try await store.deliveries(endpoint: endpoint, limit: 1000)
            #expect(queued.count == decided + paid)
            #expect(queued.allSatisfy { $0.state == .pending && $0.attempts.isEmpty })

            // Restarted, it finishes the queue and delivers everything.
            try await Task.sleep(for: .seconds(2.2))  // the dead worker's lease expires
            let second = try crash.startWorker(["--concurrency", "2", "--lease-seconds", "2", "--allow-insecure-webhooks"] + storage)
            var outbox: [WebhookDelivery] = []
            for _ in 0..<300 {
                let pending = try await store.pendingJobs()
                let deliveries = try await store.deliveries(endpoint: endpoint, limit: 1000)
                if pending == 0 && deliveries.allSatisfy({ $0.state == .delivered }) { outbox = deliveries }
                if !outbox.isEmpty { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            kill(second.processIdentifier, SIGTERM)
            try await offCooperativePool { second.waitUntilExit() }
            #expect(second.terminationStatus == 0)

            let claims = try await store.allClaims().count
            let entries = try await store.entryCountsByClaim().values.reduce(0, +)
            #expect(claims == 40 && outbox.count == 40 + entries, "\(outbox.count) deliveries for 40 claims and \(entries) entries")
            let ids = receiver.received.compactMap { $0.headers["plateproof-event-id"].flatMap { Int64($0) } }
            #expect(ids.count == outbox.count && Set(ids) == Set(outbox.map(\.event.id)), "each event once, none missing")
        }
    }
}
