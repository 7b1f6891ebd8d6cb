import ArgumentParser
import PlateProofDomain
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

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func run() async throws {
            let account: AccountID = try identifier(id)
            let (store, _) = try storage.open()
            let balance = try await store.balance(of: account)
            let entries = try await store.entries(of: account)
            let output = AccountJSON(account: account.rawValue, balance: balance.rawValue, entries: entries.map(LedgerEntryJSON.init))
            FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
        }
    }
}

struct AccountJSON: Encodable {
    var account: String
    var balance: Int64
    var entries: [LedgerEntryJSON]

    var text: String {
        (["\(account): balance \(balance)"]
            + entries.map { "  \($0.kind) \($0.amount) claim \($0.claimID.map(String.init) ?? "-") (\($0.reason))" })
            .joined(separator: "\n")
    }
}

struct LedgerEntryJSON: Encodable {
    var kind: String
    var amount: Int64
    var claimID: Int64?
    var reason: String
    var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case kind, amount, reason
        case claimID = "claim_id"
        case createdAt = "created_at"
    }

    init(_ entry: LedgerEntry) {
        kind = entry.kind.rawValue
        amount = entry.amount.rawValue
        claimID = entry.claimID
        reason = entry.reason
        createdAt = entry.createdAt.secondsSince1970
    }
}
