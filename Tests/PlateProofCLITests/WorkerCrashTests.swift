import Dispatch
import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@Suite("Exactly once across a worker killed mid-batch")
struct WorkerCrashTests {
    @Test("a worker killed with SIGKILL loses nothing and pays nothing twice once two others finish")
    func killAndResume() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        // Distinct bytes (a counter after the JPEG's end) for 150 claims by 15 accounts.
        let source = try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg"))
        let folder = URL(fileURLWithPath: data).appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for index in 0..<150 {
            let url = folder.appendingPathComponent("photo-\(index).jpg")
            try (source + Data("copy \(index)".utf8)).write(to: url)
            paths.append(url.path)
        }
        for account in 0..<15 {
            let outcome = try CLIRunner.run(["enqueue", "--account", "user\(account)", "--data", data] + paths[(account * 10)..<(account * 10 + 10)])
            #expect(outcome.status == 0, "\(outcome.standardError)")
        }

        let first = Process()
        first.executableURL = try CLIRunner.executable()
        first.arguments = ["worker", "--concurrency", "1", "--lease-seconds", "1", "--data", data]
        first.standardOutput = FileHandle.nullDevice
        let log = Pipe()
        first.standardError = log
        try first.run()
        // Killed from a Dispatch thread 0.2 s after the worker starts: 150 photos take it well over
        // that, and the test's own tasks may be starved by other suites, so no polling of the queue.
        let pid = first.processIdentifier
        DispatchQueue.global().async {
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("started") {
                let chunk = log.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                seen += chunk
            }
            usleep(200_000)
            kill(pid, SIGKILL)
        }
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        let midway = try await store.allClaims().filter { ![.queued, .processing].contains($0.state.status) }.count
        #expect(midway < 150, "the worker finished before it was killed")

        try await Task.sleep(for: .seconds(1.2))  // let the dead worker's lease expire
        // Two worker processes share the database to finish the queue.
        let finishers = try (0..<2).map { _ -> Process in
            let process = Process()
            process.executableURL = try CLIRunner.executable()
            process.arguments = ["worker", "--drain", "--concurrency", "2", "--lease-seconds", "1", "--data", data]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for process in finishers {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }

        let claims = try await store.allClaims()
        #expect(claims.count == 150)
        #expect(claims.allSatisfy { ![.queued, .processing].contains($0.state.status) }, "a claim was left undecided")
        #expect(try await store.pendingJobs() == 0)
        let counts = try await store.entryCountsByClaim()
        #expect(counts.values.allSatisfy { $0 == 1 }, "a claim has more than one ledger entry: \(counts)")
        let approvedCredits = claims.filter { $0.state.status == .approved }.reduce(Credits.zero) { $0 + $1.credits }
        #expect(try await store.ledgerTotal() == approvedCredits)
        #expect(claims.filter { $0.state.status == .approved }.allSatisfy { $0.credits == 200 })
        // The same picture 150 times: one claim is paid, the others name an earlier claim.
        #expect(claims.filter { $0.state.status == .review }.allSatisfy { !$0.matches.isEmpty })
    }

    @Test("SIGTERM stops taking jobs, finishes the one in flight, and exits 0")
    func gracefulStop() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-term-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let source = try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg"))
        let folder = URL(fileURLWithPath: data).appendingPathComponent("incoming")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let paths = try (0..<100).map { index -> String in
            let url = folder.appendingPathComponent("p\(index).jpg")
            try (source + Data("\(index)".utf8)).write(to: url)
            return url.path
        }
        #expect(try CLIRunner.run(["enqueue", "--account", "a", "--data", data] + paths).status == 0)
        let worker = Process()
        worker.executableURL = try CLIRunner.executable()
        worker.arguments = ["worker", "--concurrency", "1", "--data", data]
        worker.standardOutput = FileHandle.nullDevice
        let log = Pipe()
        worker.standardError = log
        try worker.run()
        // SIGTERM as soon as the worker says it has started (its signal handlers are in place).
        let pid = worker.processIdentifier
        DispatchQueue.global().async {
            var seen = Data()
            while !String(decoding: seen, as: UTF8.self).contains("started") {
                let chunk = log.fileHandleForReading.availableData
                if chunk.isEmpty { return }
                seen += chunk
            }
            kill(pid, SIGTERM)
        }
        worker.waitUntilExit()
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        let claims = try await SQLiteStore(path: data + "/plateproof.sqlite").allClaims()
        #expect(!claims.contains { $0.state.status == .processing }, "a job was left half done")
        #expect(claims.contains { $0.state.status == .queued }, "the worker did not stop early")
    }
}

