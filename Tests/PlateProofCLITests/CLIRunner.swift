import Foundation
import PlateProofTestSupport
import Testing

/// Runs the built `plateproof` executable and captures what it prints.
struct CLIRunner {
    struct Outcome: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var lines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable SwiftPM built next to this test bundle.
    static func executable() throws -> URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundleDirectory, Bundle.main.bundleURL.deletingLastPathComponent()]
            .map { $0.appendingPathComponent("plateproof") }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "plateproof was not built next to the tests (looked in \(candidates.map(\.path)))"
        )
    }

    /// Runs `plateproof` with `arguments` to its end, waiting on a thread of its own rather than on
    /// the cooperative pool (see `offCooperativePool`).
    static func run(_ arguments: [String], currentDirectory: URL? = nil) async throws -> Outcome {
        let executable = try executable()
        return try await offCooperativePool { try runBlocking(executable, arguments, currentDirectory: currentDirectory) }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], currentDirectory: URL?) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = currentDirectory ?? packageRoot
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self)
        )
    }

    static func jsonObjects(_ outcome: Outcome) throws -> [[String: Any]] {
        try outcome.lines.map { line in
            try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }
}
