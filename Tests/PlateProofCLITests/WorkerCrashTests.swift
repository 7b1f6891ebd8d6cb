import Dispatch
import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@Suite("Exactly once across a worker killed mid-batch")
struct WorkerCrashTests {
    @Test("a worker killed with SIGKILL loses nothing and pays nothing twice once another finishes")
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
        first.standardError = FileHandle.nullDevice
        try first.run()
        // Killed from a Dispatch thread after a fixed delay: 150 photos take the worker well over a
        // second, and the test's own tasks may be starved by other suites, so no polling.
        let pid = first.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) { kill(pid, SIGKILL) }
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        let midway = try await store.allClaims().filter { ![.queued, .processing].contains($0.state.status) }.count
        #expect(midway < 150, "the worker finished before it was killed")

        try await Task.sleep(for: .seconds(1.2))  // let the dead worker's lease expire
        let second = try CLIRunner.run(["worker", "--drain", "--concurrency", "2", "--lease-seconds", "1", "--data", data])
        #expect(second.status == 0, "\(second.standardError)")

        let claims = try await store.allClaims()
        #expect(claims.count == 150)
        #expect(claims.allSatisfy { ![.queued, .processing].contains($0.state.status) }, "a claim was left undecided")
        #expect(try await store.pendingJobs() == 0)
        let counts = try await store.entryCountsByClaim()
        #expect(counts.values.allSatisfy { $0 == 1 }, "a claim has more than one ledger entry: \(counts)")
        let approvedCredits = claims.filter { $0.state.status == .approved }.reduce(Credits.zero) { $0 + $1.credits }
        #expect(try await store.ledgerTotal() == approvedCredits)
        #expect(claims.filter { $0.state.status == .approved }.allSatisfy { $0.credits == 200 })
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
        worker.standardError = FileHandle.nullDevice
        try worker.run()
        let pid = worker.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.4) { kill(pid, SIGTERM) }
        worker.waitUntilExit()
        #expect(worker.terminationReason == .exit && worker.terminationStatus == 0)
        let claims = try await SQLiteStore(path: data + "/plateproof.sqlite").allClaims()
        #expect(!claims.contains { $0.state.status == .processing }, "a job was left half done")
        #expect(claims.contains { $0.state.status == .queued }, "the worker did not stop early")
    }
}

