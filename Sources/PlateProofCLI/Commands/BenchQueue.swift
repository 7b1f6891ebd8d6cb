import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStorePostgres
import PlateProofStoreSQLite

/// `plateproof bench-queue`: the queue's own cost, with the verifier replaced by a no-op.
struct BenchQueue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-queue",
        abstract: "Time enqueue, lease and complete with a no-op verifier, on SQLite or PostgreSQL.",
        discussion: """
            The database is a new temporary SQLite file unless --db names one (or postgres://…); each job pays one \
            ledger entry. --phase enqueue and --phase process split the run, so several processes can share the \
            process phase (scripts/bench-queue-processes.sh does).
            """
    )

    enum Phase: String, ExpressibleByArgument, CaseIterable {
        case both, enqueue, process
    }

    @Option(help: "Jobs to run.")
    var jobs = 2000

    @Option(help: "Workers leasing and completing at once.")
    var workers = 1

    @Option(help: "Database: an SQLite file or postgres://USER[:PASSWORD]@HOST:PORT/DB (default: a new temporary SQLite file).")
    var db: String?

    @Option(help: "both, enqueue (only queue the jobs) or process (only lease and complete until the queue is empty).")
    var phase = Phase.both

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard jobs >= 1, workers >= 1 else { throw ValidationError("--jobs and --workers must be at least 1") }
    }

    func run() async throws {
        let path = db ?? FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-bench-\(UUID().uuidString).sqlite").path
        let postgres = PostgresStore.isURL(path) ? try PostgresStore(url: path) : nil
        let store: any Store = try postgres ?? SQLiteStore(path: path)
        let report = try await StorageOptions.running(postgres) { try await measure(store) }
        if db == nil { try? FileManager.default.removeItem(atPath: path) }
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    /// Enqueues, then leases and completes, `jobs` claims on `store`.
    func measure(_ store: any Store) async throws -> QueueBenchReport {
        let now = Clock.now()
        let run = UUID().uuidString.prefix(8)
        let enqueueStart = ContinuousClock.now
        for index in 0..<(phase == .process ? 0 : jobs) {
            let digest = String(format: "%064x", index)
            _ = try await store.enqueue(
                ClaimRequest(
                    uploader: "bench",
                    idempotencyKey: "\(run)-\(index)",
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
        var processed = 0
        if phase != .enqueue {
            processed = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        let owner = "bench-\(run)-\(worker)"
                        var count = 0
                        while let job = try await store.leaseNextJob(owner: owner, now: now, leaseSeconds: 60) {
                            _ = try await store.complete(
                                claimID: job.claimID,
                                owner: owner,
                                verdict: verdict,
                                catalogue: .standard,
                                now: now
                            )
                            count += 1
                        }
                        return count
                    }
                }
                return try await group.reduce(0, +)
            }
        }
        let processSeconds = Self.seconds(since: processStart)
        return QueueBenchReport(
            jobs: jobs,
            workers: workers,
            enqueuePerSecond: (Double(jobs) / enqueueSeconds).rounded(),
            processedPerSecond: (Double(processed) / processSeconds).rounded(),
            jobsPerSecond: (Double(jobs) / (enqueueSeconds + processSeconds)).rounded()
        )
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        BenchRun.milliseconds(ContinuousClock.now - start) / 1000
    }
}

struct QueueBenchReport: Encodable, Sendable {
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
