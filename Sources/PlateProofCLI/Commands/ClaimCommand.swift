import ArgumentParser
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore

/// `plateproof claim show`.
struct ClaimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Look at claims.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a claim: status, decision, score, reasons, credits.")

        @Argument(help: "The claim id.")
        var id: Int64

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() async throws {
            try await storage.withStorage { store, _ in
                guard let claim = try await store.claim(id: id) else {
                    FileHandleOutput.standardError.write("no claim \(id)\n")
                    throw ExitCode(1)
                }
                let output = ClaimJSON(claim)
                FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
            }
        }
    }
}
