import ArgumentParser
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore

/// `plateproof account show`.
struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Look at accounts.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print an account's balance and ledger entries.")

        @Argument(help: "The upload backend's user id.")
        var id: String

        @OptionGroup
        var site: SiteOption

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() async throws {
            let (account, site): (AccountID, SiteID) = (try identifier(id), try site.id())
            try await storage.withStorage { store, _ in
                let balance = try await store.balance(of: account, at: site)
                let entries = try await store.entries(of: account, at: site)
                let output = AccountJSON(site: site, account: account, balance: balance, entries: entries.map { LedgerEntryJSON($0) })
                FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
            }
        }
    }
}
