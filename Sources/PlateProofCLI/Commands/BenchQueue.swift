import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore

/// `plateproof bench-queue`: the queue's own cost, with the verifier replaced by a no-op.
struct BenchQueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-queue",
        abstract: "Time enqueue, lease and complete on a fresh SQLite database, with a no-op verifier.",
        discussion: "The database is created in a temporary folder (or --db) and each job pays one ledger entry."
    )

    @Option(help: "Jobs to run.")
    var jobs = 2000

    @Option(help: "Workers leasing and completing at once.")
    var workers = 1

    @Option(help: "Database file (default: a new temporary one).")
    var db: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard jobs >= 1, workers >= 1 else { throw ValidationError("--jobs and --workers must be at least 1") }
    }

    func run() async throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-bench-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        let now = Clock.now()
        let enqueueStart = ContinuousClock.now
        for index in 0..<jobs {
            let digest = String(format: "%064x", index)
            _ = try await store.enqueue(
                ClaimRequest(
                    uploader: "bench",
                    idempotencyKey: "job-\(index)",
                    account: AccountID(rawValue: "account-\(index % 500)")!,
                    activity: .cleanPlate,
                    photoSHA256: digest,
                    claimedAt: now
                )
            )
        }
        let enqueueSeconds = Self.seconds(since: enqueueStart)
        let verdict = MachineVerdict(decision: .approve, score: 0, reasons: [], heuristicVersion: "no-op", phash: nil)
        let processStart = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let owner = "bench-\(worker)"
                    while let job = try await store.leaseNextJob(owner: owner, now: now, leaseSeconds: 60) {
                        _ = try await store.complete(claimID: job.claimID, owner: owner, verdict: verdict, catalogue: .standard, now: now)
                    }
                }
            }
            try await group.waitForAll()
        }
        let processSeconds = Self.seconds(since: processStart)
        let report = QueueBenchReport(
            jobs: jobs,
            workers: workers,
            enqueuePerSecond: (Double(jobs) / enqueueSeconds).rounded(),
            processedPerSecond: (Double(jobs) / processSeconds).rounded(),
            jobsPerSecond: (Double(jobs) / (enqueueSeconds + processSeconds)).rounded()
        )
        if db == nil { try? FileManager.default.removeItem(atPath: path) }
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        BenchRun.milliseconds(ContinuousClock.now - start) / 1000
    }
}

struct QueueBenchReport: Encodable {
    var jobs: Int
    var workers: Int
    var enqueuePerSecond: Double
    var processedPerSecond: Double
    var jobsPerSecond: Double

    enum CodingKeys: String, CodingKey {
        case jobs, workers
        case enqueuePerSecond = "enqueue_per_second"
        case processedPerSecond = "processed_per_second"
        case jobsPerSecond = "jobs_per_second"
    }

    var text: String {
        "\(jobs) jobs, \(workers) worker(s): enqueue \(enqueuePerSecond)/s, lease+complete \(processedPerSecond)/s, "
            + "end to end \(jobsPerSecond) jobs/s"
    }
}
