import Foundation
import Testing

@Suite("plateproof keys")
struct KeysCommandTests {
    @Test("create prints the key once as JSON; list shows names and roles, never secrets; revoke marks it")
    func lifecycle() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let created = try await CLIRunner.run(["keys", "create", "--role", "moderator", "--name", "mia", "--data", data, "--json"])
        #expect(created.status == 0)
        let object = try #require(try CLIRunner.jsonObjects(created).first)
        #expect(Set(object.keys) == ["key", "name", "role"])
        let secret = try #require(object["key"] as? String)
        #expect(secret.count > 40)

        let duplicate = try await CLIRunner.run(["keys", "create", "--role", "admin", "--name", "mia", "--data", data])
        #expect(duplicate.status != 0)
        #expect(duplicate.standardError.contains("exists"))
        let badRole = try await CLIRunner.run(["keys", "create", "--role", "root", "--name", "x", "--data", data])
        #expect(badRole.status == 2)

        let listed = try await CLIRunner.run(["keys", "list", "--data", data, "--json"])
        #expect(!listed.standardOutput.contains(secret))
        let keys = try CLIRunner.jsonObjects(listed)
        #expect(keys.map { $0["name"] as? String } == ["mia"])
        #expect(keys.first?["role"] as? String == "moderator")
        #expect(keys.first?["revoked_at"] == nil)

        #expect(try await CLIRunner.run(["keys", "revoke", "mia", "--data", data]).status == 0)
        #expect(try await CLIRunner.run(["keys", "revoke", "nobody", "--data", data]).status == 1)
        let after = try CLIRunner.jsonObjects(try await CLIRunner.run(["keys", "list", "--data", data, "--json"]))
        #expect(after.first?["revoked_at"] is Int)
    }
}
