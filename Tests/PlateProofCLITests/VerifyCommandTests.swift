import Foundation
import Testing

@Suite("plateproof verify and eval")
struct VerifyCommandTests {
    @Test("verify --json prints the documented fields; unreadable files are rejected with an error, exit 0")
    func verifyJSON() async throws {
        let outcome = try await CLIRunner.run([
            "verify", "--json", "TestImages/plates/synthetic-clean.jpg", "TestImages/plates/synthetic-food.jpg",
            "TestImages/damaged/truncated-60pct.png",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let objects = try CLIRunner.jsonObjects(outcome)
        #expect(objects.count == 3)
        for key in ["file", "label", "decision", "score", "confidence", "reasons", "width", "height", "phash", "heuristic_version"] {
            #expect(objects.allSatisfy { $0[key] != nil }, "\(key)")
        }
        #expect(objects[0]["decision"] as? String == "approve")
        #expect(objects[0]["label"] as? String == "clean")
        #expect(objects[0]["width"] as? Int == 320)
        #expect((objects[0]["phash"] as? String)?.count == 16)
        #expect(objects[1]["decision"] as? String == "reject")
        #expect(objects[1]["reasons"] as? [String] == ["residue_high"])
        #expect(objects[2]["label"] as? String == "unusable")
        #expect(objects[2]["decision"] as? String == "reject")
        #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "truncated")
    }

    @Test("verify --measurements shows what the verdict was decided from: residue on food, a clean plate's share")
    func verifyMeasurements() async throws {
        let outcome = try await CLIRunner.run([
            "verify", "--json", "--measurements", "TestImages/plates/synthetic-clean.jpg", "TestImages/plates/synthetic-food.jpg",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let measured = try CLIRunner.jsonObjects(outcome).map { try #require($0["measurements"] as? [String: Double]) }
        #expect(measured.count == 2)
        // The score in the verdict is the worst dish's residue, measured.
        #expect(measured[0]["score"] ?? 1 < 0.08 && measured[1]["score"] ?? 0 >= 0.16, "\(measured)")
        #expect(measured[0]["dish_share"] ?? 0 > 0.3, "\(measured)")
        for key in [
            "doubtful", "outline_fit", "missed_dish_score", "food_elsewhere", "loose_food", "unexamined_tableware", "colourful_share",
        ] {
            #expect(measured.allSatisfy { $0[key] != nil }, "\(key)")
        }
        let plain = try CLIRunner.jsonObjects(try await CLIRunner.run(["verify", "--json", "TestImages/plates/synthetic-clean.jpg"]))
        #expect(plain.first?["measurements"] == nil)
    }

    @Test("the same photos get the same verdicts in every process (Swift seeds its hashing per process)")
    func deterministic() async throws {
        let food = CLIRunner.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/plates/food")
        try #require(FileManager.default.fileExists(atPath: food.path), "\(food.path) is missing: this test needs ../shared")
        let files = try FileManager.default.contentsOfDirectory(atPath: food.path).sorted().map { food.appendingPathComponent($0).path }
        var runs: [String] = []
        for _ in 0..<3 { runs.append(try await CLIRunner.run(["verify", "--json"] + files).standardOutput) }
        #expect(runs[0].split(separator: "\n").count == files.count)
        #expect(runs.allSatisfy { $0 == runs[0] })
    }

    @Test("verify rejects a misused command with status 2")
    func verifyMisuse() async throws {
        #expect(try await CLIRunner.run(["verify"]).status == 2)
        #expect(try await CLIRunner.run(["verify", "--set", "nonsense=1", "TestImages/plates/synthetic-clean.jpg"]).status == 2)
    }

    @Test("eval counts decisions per true label and computes the rates")
    func evalJSON() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-eval-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let plates = CLIRunner.packageRoot.appendingPathComponent("TestImages/plates")
        for (label, file) in [("clean", "synthetic-clean.jpg"), ("food", "synthetic-food.jpg"), ("other", "synthetic-no-plate.jpg")] {
            let folder = directory.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: plates.appendingPathComponent(file), to: folder.appendingPathComponent("syn_\(file)"))
        }
        let outcome = try await CLIRunner.run(["eval", directory.path, "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect(report["photos"] as? Int == 3)
        #expect(report["false_approvals"] as? Double == 0)
        #expect(report["clean_auto_approvals"] as? Double == 1)
        #expect(report["clean_rejections"] as? Double == 0)
        let reviewRate = try #require(report["review_rate"] as? Double)
        #expect(abs(reviewRate - 1.0 / 3.0) < 0.001)
        let counts = try #require(report["counts"] as? [String: [String: Int]])
        #expect(counts["food"]?["reject"] == 1)
        let missing = try await CLIRunner.run(["eval", "/nonexistent"])
        #expect(missing.status == 2)
    }
}
