import Foundation
import Testing

@Suite("plateproof webhooks")
struct WebhooksCommandTests {
    @Test("create prints the secret once as JSON; refusals name the field; list, rotate, disable, enable, deliveries, prune, delete")
    func lifecycle() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-webhooks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let url = "https://receiver.example.org/hook"
        let created = try await CLIRunner.run(
            ["webhooks", "create", "--url", url, "--events", "claim.approved, ledger.entry_created", "--json", "--data", data]
        )
        #expect(created.status == 0, "\(created.standardError)")
        let endpoint = try #require(try CLIRunner.jsonObjects(created).first)
        let id = try #require(endpoint["id"] as? String)
        let secret = try #require(endpoint["secret"] as? String)
        #expect(endpoint["url"] as? String == url && endpoint["events"] as? [String] == ["claim.approved", "ledger.entry_created"])

        let insecure = try await CLIRunner.run([
            "webhooks", "create", "--url", "http://receiver.example.org/", "--events", "claim.review", "--data", data,
        ])
        #expect(insecure.status == 1 && insecure.standardError.contains("url: webhook URLs must be https"))
        let unknown = try await CLIRunner.run(["webhooks", "create", "--url", url, "--events", "claim.paid", "--data", data])
        #expect(unknown.status == 1 && unknown.standardError.contains("events: claim.paid is not an event type"))
        let siteCreate = ["webhooks", "create", "--url", url, "--events", "claim.review", "--site", "campus", "--json", "--data", data]
        let noSite = try await CLIRunner.run(siteCreate)
        #expect(noSite.status == 1 && noSite.standardError.contains("no site campus"), "\(noSite.standardError)")
        #expect(try await CLIRunner.run(["sites", "create", "campus", "--data", data]).status == 0)
        let campus = try #require(try CLIRunner.jsonObjects(try await CLIRunner.run(siteCreate)).first)
        #expect(campus["site"] as? String == "campus")

        let listed = try await CLIRunner.run(["webhooks", "list", "--json", "--data", data])
        let ids = try CLIRunner.jsonObjects(listed).map { $0["id"] as? String }
        #expect(!listed.standardOutput.contains(secret) && ids == [id, campus["id"] as? String])
        let rotated = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "rotate", id, "--json", "--data", data])).first
        #expect((rotated?["secret"] as? String).map { $0 != secret && $0.hasPrefix("whsec_") } == true)
        #expect(rotated?["previous_secret_valid_until"] is Int)

        let disabled = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "disable", id, "--json", "--data", data])).first
        #expect(disabled?["status"] as? String == "disabled" && disabled?["disabled_reason"] as? String == "disabled by cli")
        let enabled = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "enable", id, "--json", "--data", data])).first
        #expect(enabled?["status"] as? String == "active")

        let photo = CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-clean.jpg").path
        #expect(try await CLIRunner.run(["enqueue", "--account", "alice", "--data", data, photo]).status == 0)
        #expect(try await CLIRunner.run(["worker", "--drain", "--webhook-concurrency", "0", "--data", data]).status == 0)
        let deliveries = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "deliveries", id, "--json", "--data", data]))
        #expect(deliveries.map { $0["type"] as? String } == ["ledger.entry_created", "claim.approved"])
        #expect(deliveries.allSatisfy { $0["state"] as? String == "pending" })
        let first = try #require(deliveries.last?["delivery_id"] as? Int)
        let resent = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "resend", String(first), "--json", "--data", data]))
            .first
        #expect(resent?["state"] as? String == "pending")
        #expect(try await CLIRunner.run(["webhooks", "resend", "999", "--data", data]).status == 1)

        let pruned = try CLIRunner.jsonObjects(try await CLIRunner.run(["webhooks", "prune", "--json", "--data", data])).first
        #expect(pruned?["pruned"] as? Int == 0 && pruned?["pending"] as? Int == 2)
        #expect(try await CLIRunner.run(["webhooks", "delete", id, "--data", data]).status == 0)
        #expect(try await CLIRunner.run(["webhooks", "show", id, "--data", data]).status == 1)
    }
}
