import Dispatch
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import Synchronization
import Testing

@Suite("Exactly once across a worker killed mid-batch")
struct WorkerCrashTests {
    /// `count` photos with distinct bytes (a counter after the JPEG's end) in a new data folder.
    func photos(_ count: Int, in data: String) throws -> [String] {
        let source = try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg"))
        let folder = URL(fileURLWithPath: data).appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try (0..<count).map { index in
            let url = folder.appendingPathComponent("photo-\(index).jpg")
            try (source + Data("copy \(index)".utf8)).write(to: url)
            return url.path
        }
    }

    /// Starts `plateproof worker ARGUMENTS`; when the worker reports it has started (its signal
    /// handlers in place), sends it `signal` after `delay` seconds, from a thread of its own (the
    /// test's own tasks may be starved by other suites).
    func startWorker(_ arguments: [String], signal: Int32? = nil, delay: Double = 0) throws -> Process {
        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments = ["worker"] + arguments
        process.standardOutput = FileHandle.nullDevice
        let log = Pipe()
        process.standardError = log
        try process.run()
        let pid = process.processIdentifier
        // A watchdog: whatever happens, the process is gone within two minutes and the test fails, not hangs.
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) { kill(pid, SIGKILL) }
        // Its own thread: Dispatch's pool may be taken up for minutes by other suites' blocking waits.
        Thread {
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("started") {
                let chunk = log.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                seen += chunk
            }
            if let signal {
                usleep(useconds_t(delay * 1_000_000))
                kill(pid, signal)
            }
            while !log.fileHandleForReading.availableData.isEmpty {}  // keep the pipe drained
        }.start()
        return process
    }

    func decided(_ claims: [ClaimRecord]) -> Int {
        claims.filter { ![.queued, .processing].contains($0.state.status) }.count
    }

    @Test("a worker killed with SIGKILL loses nothing and pays nothing twice once two others finish")
    func killAndResume() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let paths = try photos(300, in: data)
        for account in 0..<15 {
            let outcome = try await CLIRunner.run(
                ["enqueue", "--account", "user\(account)", "--data", data] + paths[(account * 20)..<(account * 20 + 20)]
            )
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }

        // 300 photos take the worker well over the 0.05 s it gets before SIGKILL.
        let first = try startWorker(["--concurrency", "1", "--lease-seconds", "1", "--data", data], signal: SIGKILL, delay: 0.05)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        #expect(decided(try await store.allClaims()) < 300, "the worker finished before it was killed")

        try await Task.sleep(for: .seconds(1.2))  // let the dead worker's lease expire
        // Two worker processes share the database to finish the queue.
        let finishers = try (0..<2).map { _ in try startWorker(["--drain", "--concurrency", "2", "--lease-seconds", "1", "--data", data]) }
        for process in finishers {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let claims = try await store.allClaims()
        #expect(claims.count == 300)
        #expect(decided(claims) == 300, "a claim was left undecided")
        #expect(try await store.pendingJobs() == 0)
        let counts = try await store.entryCountsByClaim()
        #expect(counts.values.allSatisfy { $0 == 1 }, "a claim has more than one ledger entry: \(counts)")
        let approvedCredits = claims.filter { $0.state.status == .approved }.reduce(Credits.zero) { $0 + $1.credits }
        #expect(try await store.ledgerTotal() == approvedCredits)
        #expect(claims.filter { $0.state.status == .approved }.allSatisfy { $0.credits == 200 })
        // The same picture 300 times: one claim is paid, the others name an earlier claim.
        #expect(claims.filter { $0.state.status == .review }.allSatisfy { !$0.matches.isEmpty })
    }

    @Test("SIGTERM stops taking jobs, finishes the one in flight, and exits 0")
    func gracefulStop() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-term-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Enough photos that the worker cannot finish them all before the signal reaches it, even on a busy machine.
        #expect(try await CLIRunner.run(["enqueue", "--account", "a", "--data", data] + photos(400, in: data)).status == 0)
        let worker = try startWorker(["--concurrency", "1", "--data", data], signal: SIGTERM)
        worker.waitUntilExit()
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        let claims = try await SQLiteStore(path: data + "/plateproof.sqlite").allClaims()
        #expect(!claims.contains { $0.state.status == .processing }, "a job was left half done")
        #expect(claims.contains { $0.state.status == .queued }, "the worker did not stop early")
    }

    @Test("every enqueue claims its photo while workers on the same database are being killed")
    func enqueueWhileWorkersDie() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-enqueue-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let paths = try photos(220, in: data)
        #expect(try await CLIRunner.run(["enqueue", "--account", "busy", "--data", data] + paths[..<20]).status == 0)
        // A thread of its own starts workers and kills each (SIGKILL) soon after, until told to stop.
        let stop = Atomic<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let killer = Thread {
            defer { finished.signal() }
            var delay = 0.02
            while !stop.load(ordering: .relaxed) {
                guard let worker = try? self.startWorker(["--concurrency", "1", "--lease-seconds", "1", "--data", data]) else { return }
                usleep(useconds_t(delay * 1_000_000))
                kill(worker.processIdentifier, SIGKILL)
                worker.waitUntilExit()
                delay = delay >= 0.2 ? 0.02 : delay + 0.03
            }
        }
        killer.start()
        var failure: (any Error)?
        do {
            for (index, path) in paths[20...].enumerated() {
                let outcome = try await CLIRunner.run(["enqueue", "--account", "user\(index)", "--data", data, "--json", path])
                #expect(outcome.status == 0, "enqueue \(index): \(outcome.standardError)")
                #expect(outcome.standardOutput.contains("\"claim_id\""), "enqueue \(index) printed no claim: \(outcome.standardOutput)")
            }
        } catch {
            failure = error
        }
        // The last worker is killed before the test ends, so none outlives it.
        stop.store(true, ordering: .relaxed)
        try await offCooperativePool { finished.wait() }
        if let failure { throw failure }
        let claims = try await SQLiteStore(path: data + "/plateproof.sqlite").allClaims()
        #expect(claims.count == 220)
    }
}
