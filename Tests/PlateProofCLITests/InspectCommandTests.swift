import Foundation
import Testing

@Suite("plateproof inspect")
struct InspectCommandTests {
    @Test("--json prints one object per file with the documented fields")
    func jsonFields() async throws {
        let outcome = try await CLIRunner.run([
            "inspect", "--json", "TestImages/orientation/jpeg-orientation-6.jpg", "TestImages/edge/png-named-as.jpg",
        ])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let objects = try CLIRunner.jsonObjects(outcome)
        #expect(objects.count == 2)
        let rotated = objects[0]
        #expect(rotated["file"] as? String == "TestImages/orientation/jpeg-orientation-6.jpg")
        #expect(rotated["format"] as? String == "jpeg")
        #expect(rotated["width"] as? Int == 32)
        #expect(rotated["height"] as? Int == 48)
        #expect(rotated["oriented_width"] as? Int == 48)
        #expect(rotated["oriented_height"] as? Int == 32)
        #expect(rotated["orientation"] as? Int == 6)
        for key in ["mean_r", "mean_g", "mean_b"] {
            let mean = try #require(rotated[key] as? Double, "\(key)")
            #expect((0...255).contains(mean))
        }
        #expect(objects[1]["format"] as? String == "png")
    }

    @Test("a rejected file gets an error object and exit status 1; the others are still reported")
    func rejection() async throws {
        let outcome = try await CLIRunner.run([
            "inspect", "--json", "TestImages/damaged/bomb-sof-65500x65500.jpg", "TestImages/orientation/png-orientation-1.png",
            "TestImages/does-not-exist.jpg",
        ])
        #expect(outcome.status == 1)
        let objects = try CLIRunner.jsonObjects(outcome)
        #expect(objects.count == 3)
        let bomb = try #require(objects[0]["error"] as? [String: Any])
        #expect(bomb["code"] as? String == "too_large")
        #expect((bomb["message"] as? String)?.contains("65500x65500") == true)
        #expect(objects[0]["format"] == nil)
        #expect(objects[1]["error"] == nil)
        #expect((objects[2]["error"] as? [String: Any])?["code"] as? String == "unreadable")
    }

    @Test("text output names each file and its outcome")
    func textOutput() async throws {
        let outcome = try await CLIRunner.run(["inspect", "TestImages/orientation/jpeg-orientation-6.jpg", "TestImages/damaged/empty.jpg"])
        #expect(outcome.status == 1)
        #expect(outcome.lines.count == 2)
        #expect(outcome.lines[0].contains("jpeg 32x48, upright 48x32 (orientation 6)"))
        #expect(outcome.lines[1].contains("rejected: unsupported_format"))
    }

    @Test(
        "usage errors exit with status 2",
        arguments: [["inspect"], ["inspect", "--no-such-flag", "x.jpg"], ["inspect", "--max-image-side", "0", "x.jpg"]]
    )
    func usageErrors(arguments: [String]) async throws {
        let outcome = try await CLIRunner.run(arguments)
        #expect(outcome.status == 2)
        #expect(!outcome.standardError.isEmpty)
    }

    @Test("--help explains the command and its exit status")
    func help() async throws {
        let outcome = try await CLIRunner.run(["inspect", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("--json"))
        #expect(outcome.standardOutput.contains("Exit status"))
        let root = try await CLIRunner.run(["--help"])
        #expect(root.standardOutput.contains("inspect"))
        for command in ["thumbnail"] {
            let help = try await CLIRunner.run([command, "--help"])
            #expect(help.status == 0 && help.standardOutput.contains("USAGE"), "\(command) --help: \(help.standardOutput)")
        }
    }
}
