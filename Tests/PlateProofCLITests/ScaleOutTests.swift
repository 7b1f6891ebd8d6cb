import Dispatch
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
import PlateProofStorePostgres
import PlateProofStoreSQLite
#endif

/// Many processes on one PostgreSQL, with failures in the middle; then the same photos on SQLite.
/// Needs the server `scripts/with-postgres.sh` starts (scripts/test.sh runs the tests with it).
@Suite("Scale-out on PostgreSQL")
struct ScaleOutTests {
    static let claims = 2000
    /// Two claims an account: below the daily cap, so balances do not depend on processing order.
    static func account(_ index: Int) -> String { "user\(index / 2)" }

    /// The test server `scripts/with-postgres.sh` runs, and its outage switch. Nothing here starts
    /// a short-lived child process: Foundation's `Process` was seen to lose track of those in this
    /// many-process test (a zombie, and `waitUntilExit()` waiting for good).
    struct Postgres {
        let url: String
        let control: String

        static func fromEnvironment() throws -> Postgres {
            Postgres(
                url: try TestPostgres.url(),
                control: try #require(
                    ProcessInfo.processInfo.environment["PLATEPROOF_TEST_POSTGRES_CONTROL"],
                    "PLATEPROOF_TEST_POSTGRES_CONTROL is not set: run the tests with scripts/with-postgres.sh (scripts/test.sh does)"
                )
            )
        }

        func freshDatabase() async throws -> String { try await TestPostgres.freshDatabase(on: url, prefix: "scale") }

        /// Asks the script to stop the server for `seconds`; returns once it is down.
        func startOutage(seconds: Int) async throws {
            try "\(seconds)".write(toFile: "\(control)/outage", atomically: true, encoding: .utf8)
            try await waitFor("stopped")
        }

        /// Returns once the server is back after an outage.
        func waitUntilBack() async throws { try await waitFor("started") }

        private func waitFor(_ marker: String) async throws {
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: "\(control)/\(marker)") {
                guard Date() < deadline else {
                    Issue.record("the test server never reported \(marker)")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// A `plateproof worker` whose log goes to a file.
    func startWorker(_ arguments: [String], log: String) throws -> Process {
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["worker"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 600) { kill(pid, SIGKILL) }  // never hang CI
        return process
    }

    /// POSTs a photo until it is accepted; the idempotency key makes retries safe.
    func upload(_ photo: [UInt8], index: Int, to server: ServeProcess, key: String) async throws -> Int {
        var attempts = 0
        while true {
            attempts += 1
            let result = try? await server.request(
                "v1/claims?account=\(Self.account(index))",
                method: "POST",
                key: key,
                body: Data(photo),
                headers: ["Content-Type": "image/jpeg", "Idempotency-Key": "photo-\(index)"]
            )
            if let (status, claim) = result, status == 202, let id = claim["claim_id"] as? Int { return id }
            guard attempts < 300, server.process.isRunning else {
                Issue.record("upload \(index) was not accepted: \(String(describing: result))")
                return -1
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test(
        "4 workers and 2 servers on one PostgreSQL, 2,000 claims, a worker SIGKILLed and the database restarted: exactly once, balances as on SQLite"
    )
    func scaleOut() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        func phase(_ name: String) { print("scale-out: \(name) after \(clock.now - started)") }
        let postgres = try Postgres.fromEnvironment()
        let database = try await postgres.freshDatabase()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-scale-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let photos = try (0..<Self.claims).map(ScaleOutPhotos.photo)
        let storage = ["--db", database, "--blobs", "postgres", "--data", data]
        phase("photos drawn")

        #expect(try await CLIRunner.run(["migrate"] + storage).status == 0)
        let created = try await CLIRunner.run(["keys", "create", "--role", "uploader", "--name", "loader", "--json"] + storage)
        let key = try #require(try CLIRunner.jsonObjects(created).first?["key"] as? String, "\(created.standardError)")
        let servers = try (0..<2).map { _ in try ServeProcess.start(data: data, arguments: storage + ["--workers", "0"]) }
        let workerArguments = storage + ["--concurrency", "1", "--lease-seconds", "3", "--near-duplicate-distance", "0"]
        let logs = (0..<4).map { "\(data)/worker-\($0).log" }
        let workers = try logs.map { try startWorker(workerArguments, log: $0) }
        defer { for process in workers + servers.map(\.process) where process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Upload from 8 clients through both servers; a worker dies at a quarter, the database is down for 11 s at half.
        var sawUnhealthy = false
        try await withThrowingTaskGroup(of: Int.self) { group in
            var next = 0
            var done = 0
            func schedule() {
                guard next < Self.claims else { return }
                let index = next
                next += 1
                group.addTask { try await upload(photos[index], index: index, to: servers[index % 2], key: key) }
            }
            for _ in 0..<8 { schedule() }
            while let id = try await group.next() {
                #expect(id > 0)
                done += 1
                if done == Self.claims / 4 {
                    kill(workers[0].processIdentifier, SIGKILL)
                }
                if done == Self.claims / 2 {
                    try await postgres.startOutage(seconds: 12)
                    let (status, _) = try await servers[0].request("healthz", key: key)
                    sawUnhealthy = status == 503
                    try await postgres.waitUntilBack()
                }
                schedule()
            }
        }
        #expect(sawUnhealthy, "/healthz did not report the database down")
        phase("\(Self.claims) uploads accepted")

        try await TestPostgres.withStore(url: database) { store in
            let deadline = Date().addingTimeInterval(400)
            while try await store.pendingJobs() > 0, Date() < deadline { try await Task.sleep(for: .milliseconds(250)) }
            phase("queue drained")
            // Every survivor of the database restart stops gracefully.
            let survivors = workers.dropFirst() + servers.map(\.process)
            for process in survivors { kill(process.processIdentifier, SIGTERM) }
            for process in survivors {
                let exit = ChildExit.wait(process, atMost: .seconds(60))
                #expect(exit == .exited(0), "process \(process.processIdentifier) did not stop on SIGTERM: \(String(describing: exit))")
                if exit == nil { kill(process.processIdentifier, SIGKILL) }
            }
            #expect(ChildExit.wait(workers[0]) == .signalled(SIGKILL))
            phase("stopped")

            // Exactly once.
            let claims = try await store.allClaims()
            #expect(claims.count == Self.claims)
            #expect(try await store.pendingJobs() == 0)
            #expect(claims.allSatisfy { ![.queued, .processing].contains($0.state.status) }, "a claim was left undecided")
            let counts = try await store.entryCountsByClaim()
            #expect(counts.values.allSatisfy { $0 == 1 }, "a claim has more than one ledger entry")
            let approved = claims.filter { $0.state.status == .approved }
            #expect(approved.count > Self.claims / 2)
            #expect(try await store.ledgerTotal() == approved.reduce(Credits.zero) { $0 + $1.credits })
            #expect(approved.allSatisfy { $0.credits == 200 })
            #expect(!claims.contains { $0.reasons.contains(.duplicatePhoto) || $0.reasons.contains(.nearDuplicate) })

            // The same photos and accounts on SQLite, decided by one worker.
            let sqlitePath = "\(data)/reference.sqlite"
            let reference = try SQLiteStore(path: sqlitePath)
            let blobs = try FileBlobStore(root: "\(data)/reference-blobs")
            for (index, photo) in photos.enumerated() {
                let request = ClaimRequest(
                    uploader: "loader",
                    idempotencyKey: "photo-\(index)",
                    account: try #require(AccountID(rawValue: Self.account(index))),
                    activity: .cleanPlate,
                    photoSHA256: try blobs.put(photo),
                    claimedAt: Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
                )
                _ = try await reference.enqueue(request)
            }
            let drained = try await CLIRunner.run([
                "worker", "--drain", "--near-duplicate-distance", "0", "--db", sqlitePath, "--blobs", "\(data)/reference-blobs", "--data",
                data,
            ])
            #expect(drained.status == 0, "\(drained.standardError)")
            phase("SQLite reference decided")
            for account in Set((0..<Self.claims).map(Self.account)) {
                let id = try #require(AccountID(rawValue: account))
                let (onPostgres, onSQLite) = (
                    try await store.balance(of: id, at: .default), try await reference.balance(of: id, at: .default)
                )
                #expect(onPostgres == onSQLite, "\(account): \(onPostgres) on PostgreSQL, \(onSQLite) on SQLite")
            }
        }
    }
}

/// How a child process ended. Foundation's own exit monitoring was seen to miss children's exits
/// in this many-process test (leaving zombies and `waitUntilExit()` waiting for good), so this
/// reaps with `waitpid` itself, and falls back to Foundation's answer when Foundation reaped first.
enum ChildExit: Equatable {
    case exited(Int32)
    case signalled(Int32)

    /// How `process` ended, or nil when it is still running after `limit`.
    static func wait(_ process: Process, atMost limit: Duration) -> ChildExit? {
        let deadline = ContinuousClock.now + limit
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            switch waitpid(process.processIdentifier, &status, WNOHANG) {
            case 0: usleep(50_000)
            case -1 where errno == EINTR: continue
            case -1: return wait(process)
            default: return ChildExit(status: status)
            }
        }
        return nil
    }

    static func wait(_ process: Process) -> ChildExit {
        var status: Int32 = 0
        while waitpid(process.processIdentifier, &status, 0) == -1 {
            guard errno == EINTR else {
                while process.isRunning { usleep(10_000) }
                return process.terminationReason == .exit ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
            }
        }
        return ChildExit(status: status)
    }

    /// Reads a `waitpid` status.
    init(status: Int32) {
        let signal = status & 0x7F
        self = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }
}
