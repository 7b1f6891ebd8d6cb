import Foundation
import Testing

@Suite("plateproof sweep and robustness")
struct EvaluationCommandTests {
    /// A labelled folder of the generated plates: two sources, `syn` and `gen`.
    func labelledFolder() async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-labelled-\(UUID().uuidString)")
        let plates = CLIRunner.packageRoot.appendingPathComponent("TestImages/plates")
        let files = [
            ("clean", "syn", "synthetic-clean.jpg"), ("clean", "syn", "synthetic-cutlery.jpg"), ("clean", "gen", "synthetic-two-tone.jpg"),
            ("clean", "gen", "synthetic-decorated.jpg"), ("food", "syn", "synthetic-food.jpg"), ("other", "gen", "synthetic-no-plate.jpg"),
        ]
        for (label, source, file) in files {
            let folder = directory.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: plates.appendingPathComponent(file),
                to: folder.appendingPathComponent("\(source)_\(file)")
            )
        }
        return directory
    }

    @Test("sweep tries every point, chooses the cheapest and leaves each large enough source out")
    func sweep() async throws {
        let directory = try await labelledFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try await CLIRunner.run([
            "sweep", directory.path, "--grid", "approve_at_most=0.05,0.1", "--grid", "reject_at_least=0.2,0.99", "--min-source", "3",
            "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(outcome).first)
        #expect(report["photos"] as? Int == 6 && report["points"] as? Int == 4)
        // Rejecting the food photo needs reject_at_least below its score.
        let settings = try #require(report["settings"] as? [String: Double])
        #expect(settings["reject_at_least"] == 0.2)
        let rates = try #require(report["rates"] as? [String: Any])
        #expect(rates["false_approvals"] as? Double == 0 && rates["clean_auto_approvals"] as? Double == 1)
        let held = try #require(report["leave_one_source_out"] as? [[String: Any]])
        #expect(held.compactMap { $0["source"] as? String } == ["gen", "syn"])
        #expect(try await CLIRunner.run(["sweep", directory.path, "--grid", "no_such=1"]).status == 2)
        #expect(try await CLIRunner.run(["sweep", directory.path]).status == 2)
    }

    @Test("robustness reports every transformation's flips and writes the changed photos when asked")
    func robustness() async throws {
        let directory = try await labelledFolder()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-robustness-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: out)
        }
        let outcome = try await CLIRunner.run([
            "robustness", directory.path, "--only", "rim_glaze", "--only", "reencode_q60", "--only", "crop_food_dish", "--out", out.path,
            "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try CLIRunner.jsonObjects(outcome).first)
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["transformation"] as? String } == ["rim_glaze", "reencode_q60", "crop_food_dish"])
        for row in rows {
            for key in ["kind", "summary", "photos", "applied", "flips", "flip_rate", "flipped"] { #expect(row[key] != nil, "\(key)") }
        }
        #expect(rows[0]["photos"] as? Int == 4 && rows[2]["photos"] as? Int == 1)
        #expect(rows[0]["flips"] as? Int == 0, "a glazed rim rejects none of the generated clean plates")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("rim_glaze/clean").path)
        #expect(written.count == 4)
        #expect(try await CLIRunner.run(["robustness", directory.path, "--only", "sparkle"]).status == 2)
    }
}
