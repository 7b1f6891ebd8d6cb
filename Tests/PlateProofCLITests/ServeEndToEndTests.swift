import Dispatch
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("plateproof serve, end to end over HTTP")
struct ServeEndToEndTests {
    func photo(_ name: String) throws -> Data {
        try Data(contentsOf: CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/\(name)"))
    }

    @Test("keys made while serving; uploads over HTTP; decisions on the events feed; balances")
    func endToEnd() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let server = try ServeProcess.start(data: data)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }

        let created = try await CLIRunner.run(["keys", "create", "--role", "uploader", "--name", "backend", "--data", data, "--json"])
        #expect(created.status == 0, "\(created.standardError)")
        let keyObject = try #require(try CLIRunner.jsonObjects(created).first)
        #expect(keyObject["name"] as? String == "backend")
        #expect(keyObject["role"] as? String == "uploader")
        let key = try #require(keyObject["key"] as? String)

        let uploads = [
            ("alice", "synthetic-clean.jpg", "a-1"), ("bob", "synthetic-food.jpg", "b-1"), ("carol", "synthetic-no-plate.jpg", "c-1"),
        ]
        for (account, file, idempotencyKey) in uploads {
            let (status, claim) = try await server.request(
                "v1/claims?account=\(account)&activity=clean-plate",
                method: "POST",
                key: key,
                body: try photo(file),
                headers: ["Content-Type": "image/jpeg", "Idempotency-Key": idempotencyKey]
            )
            #expect(status == 202)
            #expect(claim["status"] as? String == "queued")
        }
        // The same key again is the same claim, not a second one.
        let (repeatStatus, repeated) = try await server.request(
            "v1/claims?account=alice",
            method: "POST",
            key: key,
            body: try photo("synthetic-clean.jpg"),
            headers: ["Content-Type": "image/jpeg", "Idempotency-Key": "a-1"]
        )
        #expect(repeatStatus == 202)
        #expect(repeated["claim_id"] as? Int == 1)

        // Poll the events feed as an upload backend would, until all three are decided (the verifier approves, rejects, and sends the photo without a plate to review).
        var cursor = 0
        var statuses: [String: String] = [:]
        let deadline = Date().addingTimeInterval(60)
        while statuses.count < 3 && Date() < deadline {
            let (status, page) = try await server.request("v1/events?after=\(cursor)", key: key)
            #expect(status == 200)
            for event in page["events"] as? [[String: Any]] ?? [] {
                statuses[event["account"] as? String ?? ""] = event["status"] as? String
            }
            cursor = page["next_after"] as? Int ?? cursor
            if statuses.count < 3 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(statuses == ["alice": "approved", "bob": "rejected", "carol": "review"])  // no plate found: a person looks

        for (account, balance) in [("alice", 200), ("bob", 0), ("carol", 0)] {
            let (status, body) = try await server.request("v1/accounts/\(account)", key: key)
            #expect(status == 200)
            #expect(body["balance"] as? Int == balance, "\(account)")
        }

        kill(server.process.processIdentifier, SIGTERM)
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
    }
}
