import Foundation
import PlateProofImaging
import Testing

@Suite("plateproof plates and verify --site")
struct PlatesCommandTests {
    /// The generated decorated plate turned by quarter turns: different shots of one clean plate.
    static func shots(in folder: URL) throws -> [String] {
        let source = CLIRunner.packageRoot.appendingPathComponent("TestImages/plates/synthetic-decorated.jpg")
        let image = try ImageDecoder().decode(.file(path: source.path)).pixels
        return try (0..<4).map { turns in
            var turned = image
            for _ in 0..<turns {
                var next = PixelBuffer(width: turned.height, height: turned.width)
                for y in 0..<turned.height { for x in 0..<turned.width { next[turned.height - 1 - y, x] = turned[x, y] } }
                turned = next
            }
            let url = folder.appendingPathComponent("shot-\(turns).png")
            try Data(PNGEncoder.encode(turned)).write(to: url)
            return url.path
        }
    }

    @Test("enrol prints the profile; verify --site names it; list, show and remove; a bad enrolment is refused, exit 1")
    func enrolVerifyRemove() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = folder.appendingPathComponent("data").path
        let shots = try Self.shots(in: folder)
        #expect(try await CLIRunner.run(["sites", "create", "canteen", "--data", data]).status == 0)

        let enrolled = try await CLIRunner.run(
            ["plates", "enrol", "--site", "canteen", "--name", "border", "--json", "--data", data] + shots[0..<3]
        )
        #expect(enrolled.status == 0, "\(enrolled.standardError)")
        let profile = try #require(try CLIRunner.jsonObjects(enrolled).first)
        #expect(profile["site"] as? String == "canteen" && profile["name"] as? String == "border")
        #expect(profile["version"] as? Int == 1 && profile["photos"] as? Int == 3 && profile["kind"] as? String == "round")

        let verified = try await CLIRunner.run(["verify", "--site", "canteen", "--json", "--data", data, shots[3]])
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(try CLIRunner.jsonObjects(verified).first?["plate_profile"] as? String == "border@1", "\(verified.standardOutput)")
        let general = try await CLIRunner.run(["verify", "--json", shots[3]])
        let generalObject = try #require(try CLIRunner.jsonObjects(general).first)
        #expect(generalObject["plate_profile"] is NSNull, "\(general.standardOutput)")

        // A claim at the site is decided with the model, and says so; re-verifying another site is refused.
        #expect(try await CLIRunner.run(["enqueue", "--site", "canteen", "--account", "a", "--data", data, shots[3]]).status == 0)
        #expect(try await CLIRunner.run(["worker", "--drain", "--data", data]).status == 0)
        let claim = try await CLIRunner.run(["claim", "show", "1", "--json", "--data", data])
        #expect(try CLIRunner.jsonObjects(claim).first?["plate_profile"] as? String == "border@1", "\(claim.standardOutput)")
        let nowhere = try await CLIRunner.run(["reverify", "--site", "nowhere", "--data", data])
        #expect(nowhere.status != 0 && nowhere.standardError.contains("no site nowhere"), "\(nowhere.standardError)")

        let listed = try await CLIRunner.run(["plates", "list", "--site", "canteen", "--json", "--data", data])
        #expect(try CLIRunner.jsonObjects(listed).map { $0["reference"] as? String } == ["border@1"])
        let shown = try await CLIRunner.run(["plates", "show", "border", "--site", "canteen", "--data", data])
        #expect(shown.status == 0 && shown.standardOutput.contains("border@1"), "\(shown.standardOutput)")

        let duplicate = try await CLIRunner.run(
            ["plates", "enrol", "--site", "canteen", "--name", "again", "--json", "--data", data, shots[0], shots[0], shots[1]]
        )
        #expect(duplicate.status == 1)
        let error = try #require(try CLIRunner.jsonObjects(duplicate).first?["error"] as? [String: Any])
        #expect(error["code"] as? String == "duplicate_photos" && (error["message"] as? String)?.contains("shot-0.png") == true)

        #expect(try await CLIRunner.run(["plates", "remove", "border", "--site", "canteen", "--data", data]).status == 0)
        let after = try await CLIRunner.run(["verify", "--site", "canteen", "--json", "--data", data, shots[3]])
        #expect(try CLIRunner.jsonObjects(after).first?["plate_profile"] is NSNull)
        #expect(try await CLIRunner.run(["plates", "remove", "border", "--site", "canteen", "--data", data]).status == 1)
    }

    @Test("bench --plates enrols a folder in memory and times the analysis with it; a folder that cannot make a model is refused")
    func benchWithModels() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plates-\(UUID().uuidString)")
        let model = folder.appendingPathComponent("border")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let shots = try Self.shots(in: folder)
        for shot in shots[0..<3] {
            try FileManager.default.moveItem(atPath: shot, toPath: model.appendingPathComponent((shot as NSString).lastPathComponent).path)
        }

        let outcome = try await CLIRunner.run(["bench", shots[3], "--repeat", "2", "--plates", model.path, "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let profiles = try #require(try CLIRunner.jsonObjects(outcome).first?["profiles"] as? [String: Any], "\(outcome.standardOutput)")
        #expect(profiles["models"] as? Int == 1 && profiles["matched"] as? Int == 1, "\(profiles)")
        #expect((profiles["dishes"] as? Int ?? 0) >= 1 && (profiles["analysis_ms_per_photo_p50"] as? Double ?? 0) > 0)
        #expect(profiles["ms_per_dish"] is Double)

        let refused = try await CLIRunner.run(["bench", shots[3], "--plates", folder.path])
        #expect(refused.status != 0 && refused.standardError.contains("photo_count"), "\(refused.standardError)")
    }
}
