import Foundation
import Testing

@Suite("sites, and --site on the commands that read or write a site's accounts")
struct SitesCommandTests {
    @Test("sites create|list|show|catalogue|deactivate; alice at two sites is two accounts; a deactivated site takes no claims")
    func sites() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-sites-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let catalogue = data + "/north.json"
        try #"{"activities": [{"id": "clean-plate", "credits": 70}]}"#.write(toFile: catalogue, atomically: true, encoding: .utf8)
        func run(_ arguments: [String]) async throws -> CLIRunner.Outcome { try await CLIRunner.run(arguments + ["--data", data]) }

        let created = try await run([
            "sites", "create", "north", "--name", "North campus", "--time-zone", "Asia/Taipei", "--catalogue", catalogue, "--json",
        ])
        #expect(created.status == 0, "\(created.standardError)")
        let site = try #require(try CLIRunner.jsonObjects(created).first)
        #expect(
            site["site"] as? String == "north" && site["time_zone"] as? String == "Asia/Taipei" && site["utc_offset_hours"] as? Double == 8
        )
        #expect(site["active"] as? Bool == true && (site["catalogue"] as? [String: Any])?["activities"] != nil)
        #expect(try await run(["sites", "create", "north"]).status == 1)
        #expect(try await run(["sites", "create", "bad/id"]).status == 2)
        #expect(try await run(["sites", "create", "x", "--time-zone", "Mars/Olympus"]).status == 2)
        try #"{"activities": [{"id": "clean-plate", "credits": -1}]}"#.write(toFile: data + "/bad.json", atomically: true, encoding: .utf8)
        let refused = try await run(["sites", "catalogue", "north", data + "/bad.json"])
        #expect(refused.status == 2 && refused.standardError.contains("activities[0].credits"), "\(refused.standardError)")
        let listed = try CLIRunner.jsonObjects(try await run(["sites", "list", "--json"])).compactMap { $0["site"] as? String }
        #expect(listed == ["default", "north"])
        #expect(try await run(["sites", "show", "nowhere"]).status == 1)

        let key = try #require(
            try CLIRunner.jsonObjects(try await run(["keys", "create", "--role", "moderator", "--name", "n", "--site", "north", "--json"]))
                .first
        )
        #expect(key["site"] as? String == "north")
        #expect(try await run(["keys", "create", "--role", "moderator", "--name", "m", "--site", "nowhere"]).status == 1)

        let photo = "TestImages/plates/synthetic-clean.jpg"
        // One at a time, so that north's claim is the earlier one.
        for arguments in [["--site", "north"], []] {
            #expect(try await run(["enqueue", "--account", "alice", photo] + arguments).status == 0)
            #expect(try await run(["worker", "--drain"]).status == 0)
        }
        let north = try #require(try CLIRunner.jsonObjects(try await run(["account", "show", "alice", "--site", "north", "--json"])).first)
        #expect(north["site"] as? String == "north" && north["balance"] as? Int == 70, "\(north)")
        // The second claim of the same photo, at the default site, is held for review as a duplicate.
        let home = try #require(try CLIRunner.jsonObjects(try await run(["account", "show", "alice", "--json"])).first)
        #expect(home["site"] as? String == "default" && home["balance"] as? Int == 0)
        let duplicate = try #require(try CLIRunner.jsonObjects(try await run(["claim", "show", "2", "--json"])).first)
        #expect(
            duplicate["site"] as? String == "default" && duplicate["status"] as? String == "review" && duplicate["matches"] as? [Int] == [1]
        )
        let ranked = try CLIRunner.jsonObjects(try await run(["leaderboard", "--site", "north", "--json"]))
        #expect(ranked.map { $0["credits"] as? Int } == [70])

        #expect(try await run(["sites", "deactivate", "north"]).status == 0)
        #expect(try await run(["sites", "deactivate", "default"]).status == 2)
        let inactive = try await run(["enqueue", "--account", "bob", "--site", "north", "TestImages/plates/synthetic-food.jpg", "--json"])
        let line = try #require(try CLIRunner.jsonObjects(inactive).first)
        #expect(inactive.status == 1 && (line["error"] as? [String: Any])?["code"] as? String == "site_inactive", "\(line)")
        let shown = try #require(try CLIRunner.jsonObjects(try await run(["sites", "show", "north", "--json"])).first)
        #expect(shown["active"] as? Bool == false)
    }
}
