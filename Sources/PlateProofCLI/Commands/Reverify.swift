import ArgumentParser
import Foundation
import PlateProofDomain
import PlateProofImaging
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// `plateproof reverify`: re-run the current heuristic over stored claims and correct the ledger.
struct Reverify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-verify decided claims with the current heuristic; correct claims and ledger with new entries.",
        discussion: """
            Reads each claim's original photo while retained, else its evidence image, and verifies it with \
            the plate models its site uses now (after `plates enrol`, `reverify --site S` re-runs that \
            site's claims; a claim is looked at again whenever its site's models changed). Approve to reject \
            writes a reversal, reject to approve a credit (daily caps as of the claim's day), anything \
            uncertain goes back to review; claims a moderator decided are reported, never changed. \
            Re-running with the same heuristic writes nothing new. The run's jobs use the ordinary job \
            queue: interrupted, the same command resumes it. --set changes thresholds (and so the \
            heuristic version). Dates are local (catalogue time zone), YYYY-MM-DD; --until includes its day.
            """
    )

    @Option(help: "First day of claims to examine (YYYY-MM-DD).") var since: String?
    @Option(help: "Last day of claims to examine (YYYY-MM-DD).") var until: String?
    @Option(help: "approved, rejected, review or all.") var status = "all"
    @Option(help: "Only this account's claims.") var account: String?
    @Option(help: "Only this site's claims.") var site: String?
    @Flag(help: "Report what would change; change nothing.") var dryRun = false
    @Option(help: "Write every change to this file (CSV when it ends in .csv, else JSON lines).") var report: String?
    @Option(help: "Photos assessed at once.") var concurrency = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Seconds a batch stays leased (an interrupted run's batch is taken again after this).")
    var leaseSeconds: Int64 = 60
    @OptionGroup(title: "Verifier") var verifier: VerifierOptions
    @OptionGroup(title: "Storage") var storage: StorageOptions
    @Flag(help: "Print the summary as one JSON object.") var json = false

    func validate() throws {
        guard ["approved", "rejected", "review", "all"].contains(status) else {
            throw ValidationError("--status takes approved, rejected, review or all")
        }
        guard concurrency >= 1, leaseSeconds >= 1 else { throw ValidationError("--concurrency and --lease-seconds must be at least 1") }
        if let site { let _: SiteID = try identifier(site) }
        for date in [since, until].compactMap({ $0 }) where Self.day(date) == nil {
            throw ValidationError("dates are YYYY-MM-DD, got \(date)")
        }
    }

    static func day(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    func run() async throws {
        try await storage.withStorage { store, blobs in
            let catalogue = try storage.catalogue()
            func start(of text: String?, plusDays: Int64 = 0) -> Timestamp? {
                guard let text, let (y, m, d) = Self.day(text) else { return nil }
                return Timestamp(year: y, month: m, day: d, hour: 0, minute: 0, second: 0, utcOffsetSeconds: catalogue.utcOffsetSeconds)
                    .adding(seconds: plusDays * 86400)
            }
            let selection = ReverifySelection(
                since: start(of: since),
                until: start(of: until, plusDays: 1),
                status: ClaimStatus(rawValue: status),
                account: try account.map { try identifier($0) },
                site: try site.map { try identifier($0) }
            )
            if let site = selection.site, try await store.site(site) == nil { throw ValidationError("no site \(site)") }
            let configuration = try verifier.configuration()
            let run = try await store.startReverifyRun(
                selection,
                heuristicVersion: configuration.heuristicVersion,
                dryRun: dryRun,
                now: Clock.now()
            )
            var reverifier = Reverifier(
                store: store,
                blobs: blobs,
                assessor: PhotoAssessor(verifier: Verifier(configuration: configuration)),
                catalogue: catalogue,
                owner: "reverify-\(ProcessInfo.processInfo.processIdentifier)",
                now: Clock.now
            )
            reverifier.leaseSeconds = leaseSeconds
            FileHandleOutput.standardError.write(
                "reverify run \(run.id) \(run.resumed ? "resumed" : "started"): \(run.total) claims, heuristic \(run.heuristicVersion)\n"
            )
            let bar = ProgressBar(total: run.total, enabled: FileHandleOutput.standardError.isTerminal && !json)
            let summary = try await reverifier.run(run, concurrency: concurrency) { summary in await bar.show(done: summary.examined) }
            bar.finish()
            if let report { try await Self.writeReport(try await store.reverifyReport(run: run.id), to: report) }
            let output = ReverifyJSON(run: run, summary: summary)
            FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
        }
    }

    static func writeReport(_ lines: [ReverifyReportLine], to path: String) async throws {
        let text: String
        if path.hasSuffix(".csv") {
            text =
                (["claim_id,account,from,decision,change,score,reasons"]
                + lines.map {
                    "\($0.claimID),\($0.account),\($0.from),\($0.decision ?? ""),\($0.change),\($0.score.map { String($0) } ?? ""),\"\($0.reasons)\""
                }).joined(separator: "\n") + "\n"
        } else {
            text =
                lines.map { line in
                    JSONLine.encode(
                        ReportJSON(
                            claimID: line.claimID,
                            account: line.account,
                            from: line.from,
                            decision: line.decision,
                            change: line.change,
                            score: line.score,
                            reasons: line.reasons
                        )
                    )
                }.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        }
        try Thumbnail.writeAtomically(Array(text.utf8), to: path)
    }

    struct ReportJSON: Encodable {
        var claimID: Int64
        var account: String
        var from: String
        var decision: String?
        var change: String
        var score: Double?
        var reasons: String

        enum CodingKeys: String, CodingKey {
            case account, from, decision, change, score, reasons
            case claimID = "claim_id"
        }
    }
}

/// The summary `reverify --json` prints.
struct ReverifyJSON: Encodable {
    var runID: Int64
    var heuristicVersion: String
    var dryRun: Bool
    var resumed: Bool
    var examined: Int
    var unchanged: Int
    var changed: Int
    var changes: [String: Int]
    var skippedModerated: Int
    var ledgerEntriesWritten: Int

    enum CodingKeys: String, CodingKey {
        case examined, unchanged, changed, changes, resumed
        case runID = "run_id"
        case heuristicVersion = "heuristic_version"
        case dryRun = "dry_run"
        case skippedModerated = "skipped_moderated"
        case ledgerEntriesWritten = "ledger_entries_written"
    }

    init(run: ReverifyRun, summary: ReverifySummary) {
        (runID, heuristicVersion, dryRun, resumed) = (run.id, run.heuristicVersion, run.dryRun, run.resumed)
        (examined, unchanged, changed, changes) = (summary.examined, summary.unchanged, summary.changed, summary.changes)
        (skippedModerated, ledgerEntriesWritten) = (summary.skippedModerated, summary.ledgerEntriesWritten)
    }

    var text: String {
        let kinds = changes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "run \(runID) (\(heuristicVersion)\(dryRun ? ", dry run" : "")): examined \(examined), unchanged \(unchanged), "
            + "changed \(changed)\(kinds.isEmpty ? "" : " (\(kinds))"), skipped (moderator) \(skippedModerated), "
            + "ledger entries written \(ledgerEntriesWritten)"
    }
}

/// A one-line progress bar with rate and ETA on standard error, for terminals.
actor ProgressBar {
    let total: Int
    let enabled: Bool
    let started = ContinuousClock.now

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func show(done: Int) {
        guard enabled, total > 0 else { return }
        let seconds = max(0.001, BenchRun.milliseconds(ContinuousClock.now - started) / 1000)
        let rate = Double(done) / seconds
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let filled = min(30, done * 30 / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandleOutput.standardError.write(String(format: "\r[%@] %d/%d  %.1f claims/s  ETA %.0fs ", bar, done, total, rate, eta))
    }

    nonisolated func finish() {
        if enabled { FileHandleOutput.standardError.write("\n") }
    }
}
