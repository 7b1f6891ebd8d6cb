import ArgumentParser

/// The `plateproof` command line: verifies photo claims of low-carbon actions and pays credits for them.
@main
struct PlateProof: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plateproof",
        abstract: "Verify clean-plate photo claims and pay carbon credits for them.",
        discussion: """
            Exit status: 0 on success, 1 when an input was rejected (see each command), 2 on a usage error.
            """,
        version: "0.1.0",
        subcommands: [
            Serve.self, KeysCommand.self, SitesCommand.self, PlatesCommand.self, WebhooksCommand.self, Migrate.self, Inspect.self,
            Thumbnail.self, Verify.self,
            Eval.self,
            Enqueue.self, Worker.self,
            ClaimCommand.self,
            AccountCommand.self, HouseholdCommand.self, GroupCommand.self, Leaderboard.self, Reverify.self, Bench.self,
            BenchQueue.self, BenchWebhooks.self,
            PruneOriginals.self, EvidenceQuality.self, HashReport.self, Robustness.self, Sweep.self,
        ]
    )

    /// Parses and runs a command; usage errors exit with status 2, as the commands document.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                printUsageError(error)
                self.exit(withError: ExitCode(2))
            }
            self.exit(withError: error)
        }
    }

    private static func printUsageError(_ error: any Error) {
        let text = fullMessage(for: error)
        FileHandleOutput.standardError.write(text.hasSuffix("\n") ? text : text + "\n")
    }
}
