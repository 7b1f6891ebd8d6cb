import Foundation
import Testing

@Suite("plateproof thumbnail")
struct ThumbnailCommandTests {
    func temporaryDirectory() async throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("writes the evidence JPEG and reports width, height, bytes and quality")
    func writesEvidence() async throws {
        let directory = try await temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("evidence.jpg")
        let outcome = try await CLIRunner.run([
            "thumbnail", "TestImages/edge/odd-strips-333x257.jpg", output.path, "--max-side", "100", "--max-bytes", "6000", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let object = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect(object["width"] as? Int == 100)
        #expect(object["height"] as? Int == 77)
        let bytes = try #require(object["bytes"] as? Int)
        #expect(bytes <= 6000)
        #expect(try Data(contentsOf: output).count == bytes)
        #expect((1...100).contains(object["quality"] as? Int ?? 0))
        #expect(object["over_budget"] as? Bool == false)
    }

    @Test(
        "a damaged photo is a typed error and leaves no output file",
        arguments: ["TestImages/damaged/truncated-60pct.jpg", "TestImages/damaged/truncated-60pct.png"]
    )
    func damagedLeavesNothing(path: String) async throws {
        let directory = try await temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("evidence.jpg")
        let outcome = try await CLIRunner.run(["thumbnail", path, output.path, "--json"])
        #expect(outcome.status == 1)
        let object = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect((object["error"] as? [String: Any])?["code"] as? String == "truncated")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("an unwritable destination is reported, not a crash")
    func unwritable() async throws {
        let outcome = try await CLIRunner.run(["thumbnail", "TestImages/edge/one-pixel-1x1.jpg", "/nonexistent-dir/out.jpg", "--json"])
        #expect(outcome.status == 1)
        let object = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect((object["error"] as? [String: Any])?["code"] as? String == "unwritable")
    }
}
