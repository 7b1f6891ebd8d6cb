import Foundation
import Testing

@Suite("plateproof enqueue, worker, claim and account")
struct QueueCommandTests {
    @Test("photos are queued idempotently, decided by a draining worker, and credited once")
    func endToEnd() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let photos = [
            "TestImages/plates/synthetic-clean.jpg", "TestImages/plates/synthetic-food.jpg", "TestImages/damaged/truncated-60pct.jpg",
        ]
        let enqueued = try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, "--json"] + photos)
        #expect(enqueued.status == 0, "\(enqueued.standardOutput) \(enqueued.standardError)")
        let claims = try CLIRunner.jsonObjects(enqueued)
        #expect(claims.map { $0["status"] as? String } == ["queued", "queued", "queued"])
        let ids = claims.compactMap { $0["claim_id"] as? Int }
        #expect(ids.count == 3)

        let again = try CLIRunner.jsonObjects(
            try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, "--json", photos[0]])
        )
        #expect(again.first?["claim_id"] as? Int == ids[0] && again.first?["created"] as? Bool == false)
        let refused = try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, "TestImages/damaged/text-named-as.png"])
        #expect(refused.status == 1)

        let worker = try await CLIRunner.run(["worker", "--drain", "--concurrency", "2", "--data", data])
        #expect(worker.status == 0, "\(worker.standardError)")

        func show(_ id: Int) async throws -> [String: Any] {
            try #require(try CLIRunner.jsonObjects(try await CLIRunner.run(["claim", "show", String(id), "--data", data, "--json"])).first)
        }
        let clean = try await show(ids[0]), food = try await show(ids[1]), broken = try await show(ids[2])
        for key in ["claim_id", "account", "status", "decision", "score", "reasons", "credits", "plate_profile"] {
            #expect(clean[key] != nil, "\(key)")
        }
        #expect(clean["status"] as? String == "approved" && clean["credits"] as? Int == 200)
        #expect(clean["plate_profile"] is NSNull, "no site model: the general rules decided")
        #expect(food["status"] as? String == "rejected" && food["credits"] as? Int == 0)
        #expect(broken["status"] as? String == "rejected")
        #expect((broken["reasons"] as? [String])?.contains("truncated") == true)

        let account = try #require(
            try CLIRunner.jsonObjects(try await CLIRunner.run(["account", "show", "alice", "--data", data, "--json"])).first
        )
        #expect(account["account"] as? String == "alice")
        #expect(account["balance"] as? Int == 200)
        #expect((account["entries"] as? [[String: Any]])?.count == 1)
        let nobody = try CLIRunner.jsonObjects(try await CLIRunner.run(["account", "show", "nobody", "--data", data, "--json"]))
        #expect(nobody.first?["balance"] as? Int == 0)
        #expect(try await CLIRunner.run(["claim", "show", "999", "--data", data]).status == 1)

        // With no retention left, every decided original goes; the evidence stays.
        let pruned = try #require(
            try CLIRunner.jsonObjects(try await CLIRunner.run(["prune-originals", "--days", "0", "--data", data, "--json"])).first
        )
        #expect(pruned["deleted"] as? Int == 3)
        let evidence = try #require(clean["evidence_sha256"] as? String)
        let prefix = "\(data)/blobs/\(evidence.prefix(2))/\(evidence.dropFirst(2).prefix(2))/\(evidence)"
        #expect(FileManager.default.fileExists(atPath: prefix))
    }
}

@Suite("Activity catalogue file")
struct CatalogueFileTests {
    @Test("DATA/catalogue.json sets amounts; unknown activities and bad files are refused")
    func catalogueFile() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-catalogue-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let catalogue = #"{"utc_offset_hours": 8, "activities": [{"id": "clean-plate", "credits": 50, "daily_cap": 1}]}"#
        try catalogue.write(toFile: data + "/catalogue.json", atomically: true, encoding: .utf8)
        #expect(
            try await CLIRunner.run(["enqueue", "--account", "a", "--data", data, "TestImages/plates/synthetic-clean.jpg"]).status == 0
        )
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 0)
        let account = try #require(
            try CLIRunner.jsonObjects(try await CLIRunner.run(["account", "show", "a", "--data", data, "--json"])).first
        )
        #expect(account["balance"] as? Int == 50)
        let unknown = try await CLIRunner.run([
            "enqueue", "--account", "a", "--activity", "subway", "--data", data, "TestImages/plates/synthetic-food.jpg",
        ])
        #expect(unknown.status == 2 && unknown.standardError.contains("unknown activity"))
        try "{not json".write(toFile: data + "/catalogue.json", atomically: true, encoding: .utf8)
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 2)
    }

    @Test("serve and worker take the same claim-processing flags, and the photo size limit reaches the decoder")
    func sharedProcessingFlags() async throws {
        let flags = [
            "--lease-seconds", "--qa-rate", "--duplicate-window-days", "--near-duplicate-distance", "--stale-after-hours",
            "--max-photo-bytes", "--max-image-pixels", "--max-image-side", "--set",
        ]
        for command in ["serve", "worker"] {
            let help = try await CLIRunner.run([command, "--help"]).standardOutput
            for flag in flags { #expect(help.contains(flag), "\(command) --help lacks \(flag)") }
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-limits-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let photo = "TestImages/plates/synthetic-clean.jpg"  // 12 KB
        #expect(try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, photo]).status == 0)
        let worker = try await CLIRunner.run(["worker", "--drain", "--max-photo-bytes", "4096", "--data", data])
        #expect(worker.status == 0, "\(worker.standardError)")
        let claim = try #require(
            try CLIRunner.jsonObjects(try await CLIRunner.run(["claim", "show", "1", "--data", data, "--json"])).first
        )
        #expect(claim["status"] as? String == "rejected" && (claim["reasons"] as? [String])?.contains("too_large") == true, "\(claim)")
        #expect(try await CLIRunner.run(["serve", "--max-photo-bytes", "10", "--data", data]).status == 2)
    }

    @Test("a lost database beside stored photos is refused, saying what to do; a damaged one says it is damaged")
    func lostOrDamagedDatabase() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-lost-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        #expect(
            try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, "TestImages/plates/synthetic-clean.jpg"]).status == 0
        )
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: "\(data)/plateproof.sqlite\(suffix)") }
        let lost = try await CLIRunner.run(["claim", "show", "1", "--data", data])
        #expect(lost.status == 1 && lost.standardError.contains("--allow-empty-database"), "\(lost.standardError)")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/plateproof.sqlite"), "a new database was made anyway")
        let allowed = try await CLIRunner.run(["claim", "show", "1", "--data", data, "--allow-empty-database"])
        #expect(allowed.status == 1 && allowed.standardError.contains("no claim 1"), "\(allowed.standardError)")

        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: "\(data)/damaged.sqlite"))
        let damaged = try await CLIRunner.run(["claim", "show", "1", "--data", data, "--db", "\(data)/damaged.sqlite"])
        #expect(damaged.status == 1 && damaged.standardError.contains("damaged"), "\(damaged.standardError)")
    }
}
