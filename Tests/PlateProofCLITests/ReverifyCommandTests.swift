import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofVerifier
import Testing

@Suite("plateproof reverify")
struct ReverifyCommandTests {
    func data() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-reverify-\(UUID().uuidString)").path
    }

    func summary(_ arguments: [String]) async throws -> [String: Any] {
        let outcome = try await CLIRunner.run(["reverify", "--json"] + arguments)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return try #require(try CLIRunner.jsonObjects(outcome).first)
    }

    /// A stricter heuristic rejects everything; a lenient one approves everything.
    let strict = ["--set", "approve_at_most=-1", "--set", "reject_at_least=0"]
    let lenient = [
        "--set", "approve_at_most=0.5", "--set", "reject_at_least=0.9", "--set", "min_dish_share_to_approve=0",
        "--set", "food_elsewhere_to_block=1", "--set", "max_unexamined_tableware=1",
    ]

    @Test(
        "a new heuristic flips claims both ways with reversal and credit entries; dry runs and re-runs write nothing; moderators' decisions stand"
    )
    func flips() async throws {
        let data = data()
        defer { try? FileManager.default.removeItem(atPath: data) }
        for (account, photo) in [("alice", "synthetic-clean"), ("bob", "synthetic-food"), ("carol", "synthetic-no-plate")] {
            #expect(
                try await CLIRunner.run(["enqueue", "--account", account, "--data", data, "TestImages/plates/\(photo).jpg"]).status == 0
            )
        }
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 0)
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        let review = try #require(try await store.allClaims().first { $0.state.status == .review })  // the no-plate photo
        _ = try await store.redecide(
            claimID: review.id,
            event: .moderated(.reject),
            actor: "moderator:ann",
            catalogue: .standard,
            now: review.request.claimedAt
        )
        #expect(try await store.ledgerTotal() == 200)

        let dry = try await summary(strict + ["--dry-run", "--data", data])
        #expect(dry["dry_run"] as? Bool == true && dry["changed"] as? Int == 1 && dry["ledger_entries_written"] as? Int == 0)
        #expect(try await store.ledgerTotal() == 200)

        let report = data + "/changes.csv"
        let strictRun = try await summary(strict + ["--data", data, "--report", report])
        #expect(strictRun["examined"] as? Int == 3 && strictRun["unchanged"] as? Int == 1)
        #expect((strictRun["changes"] as? [String: Int]) == ["approve_to_reject": 1])
        #expect(strictRun["skipped_moderated"] as? Int == 1 && strictRun["ledger_entries_written"] as? Int == 1)
        #expect(try await store.ledgerTotal() == .zero)
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("approve_to_reject"))

        let again = try await summary(strict + ["--data", data])
        #expect(again["changed"] as? Int == 0 && again["ledger_entries_written"] as? Int == 0)

        let lenientRun = try await summary(lenient + ["--data", data])
        #expect((lenientRun["changes"] as? [String: Int]) == ["reject_to_approve": 2])
        #expect(try await store.ledgerTotal() == 400)
        let moderated = try #require(try await store.claim(id: review.id))
        #expect(moderated.state == ClaimState(status: .rejected, decidedByModerator: true))
    }

    @Test("a run interrupted mid-batch resumes and ends with the same totals as an uninterrupted one")
    func resume() async throws {
        let data = data(), copy = data + "-copy"
        defer {
            try? FileManager.default.removeItem(atPath: data)
            try? FileManager.default.removeItem(atPath: copy)
        }
        let source = try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg"))
        try FileManager.default.createDirectory(atPath: data + "/in", withIntermediateDirectories: true)
        let paths = try (0..<120).map { index -> String in
            let path = data + "/in/p\(index).jpg"
            try (source + Data("\(index)".utf8)).write(to: URL(fileURLWithPath: path))
            return path
        }
        #expect(try await CLIRunner.run(["enqueue", "--account", "a", "--data", data] + paths).status == 0)
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 0)
        try FileManager.default.copyItem(atPath: data, toPath: copy)

        let uninterrupted = try await summary(strict + ["--data", copy])

        // What a crash leaves, made on purpose (a killed process is too fast to catch reliably on a
        // loaded machine): the same run started, one batch leased, half of it done, the rest abandoned.
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        let version = "\(VerifierConfiguration().heuristicVersion)+approve_at_most=-1.0+reject_at_least=0.0"
        let now = Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))
        let run = try await store.startReverifyRun(ReverifySelection(), heuristicVersion: version, dryRun: false, now: now)
        let batch = try await store.leaseReverifyJobs(run: run.id, owner: "crashed", limit: 16, now: now, leaseSeconds: 1)
        #expect(batch.count == 16)
        for claim in batch.prefix(8) {
            _ = try await store.completeReverify(
                run: run,
                claimID: claim.id,
                owner: "crashed",
                decision: .reject,
                score: 0,
                reasons: [.machine("residue_high")],
                plateModels: [],
                plateProfile: nil,
                catalogue: .standard,
                now: now
            )
        }
        try await Task.sleep(for: .seconds(1.2))  // the abandoned leases expire

        let resumed = try await summary(strict + ["--lease-seconds", "1", "--data", data])
        #expect(resumed["resumed"] as? Bool == true)
        for key in ["examined", "unchanged", "changed", "skipped_moderated", "ledger_entries_written"] {
            #expect(resumed[key] as? Int == uninterrupted[key] as? Int, "\(key)")
        }
        #expect((resumed["changes"] as? [String: Int]) == (uninterrupted["changes"] as? [String: Int]))
        #expect(resumed["examined"] as? Int == 120)
    }

    @Test("a claim held for a reused photo stays held: a heuristic that approves everything does not pay it")
    func heldForAPerson() async throws {
        let data = data()
        defer { try? FileManager.default.removeItem(atPath: data) }
        for account in ["alice", "bob"] {
            #expect(
                try await CLIRunner.run(["enqueue", "--account", account, "--data", data, "TestImages/plates/synthetic-clean.jpg"]).status
                    == 0
            )
        }
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 0)
        // The second is the first's copy; decided together, each is the other's.
        let store = try SQLiteStore(path: data + "/plateproof.sqlite")
        let before = try await store.allClaims()
        let held = before.filter { $0.state.status == .review }.map(\.id)
        #expect(!held.isEmpty && before.filter { $0.reasons.contains(.duplicatePhoto) }.map(\.id) == [2])
        let paid = try await store.ledgerTotal()
        let run = try await summary(lenient + ["--status", "all", "--data", data])
        #expect(run["examined"] as? Int == 2 && run["changed"] as? Int == 0, "\(run)")
        for id in held { #expect(try await store.claim(id: id)?.state.status == .review) }
        #expect(try await store.ledgerTotal() == paid)
    }
}
