import ArgumentParser
import PlateProofDomain
import PlateProofStore

/// `plateproof household create|add|show`.
struct HouseholdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "household",
        abstract: "Households: a household's balance is the sum of its members'.",
        subcommands: [Create.self, Add.self, Show.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a household.")
        @Argument(help: "The household id.") var id: String
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in try await store.createHousehold(identifier(id), at: site.id(), now: Clock.now()) }
            FileHandleOutput.standardOutput.write("household \(id) created\n")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add accounts to a household (an account has at most one).")
        @Argument(help: "The household id.") var id: String
        @Argument(help: "Account ids.") var accounts: [String]
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                try await store.addToHousehold(identifier(id), at: site.id(), accounts: accounts.map { try identifier($0) })
            }
            FileHandleOutput.standardOutput.write("added \(accounts.count) account(s) to household \(id)\n")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a household's members and balance.")
        @Argument(help: "The household id.") var id: String
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            guard let household = try await storage.withStorage({ store, _ in try await store.household(identifier(id), at: site.id()) })
            else {
                FileHandleOutput.standardError.write("no household \(id)\n")
                throw ExitCode(1)
            }
            let output = HouseholdJSON(
                household: household.id.rawValue,
                balance: household.balance.rawValue,
                members: household.members.map { $0.rawValue }
            )
            FileHandleOutput.standardOutput.write(
                json
                    ? JSONLine.encode(output) + "\n"
                    : "\(id): balance \(output.balance), members \(output.members.joined(separator: ", "))\n"
            )
        }
    }
}

struct HouseholdJSON: Encodable {
    var household: String
    var balance: Int64
    var members: [String]
}

/// `plateproof group create|add|show`.
struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group",
        abstract: "Groups for rankings: a dorm, a class, a community.",
        subcommands: [Create.self, Add.self, Show.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")
        @Argument(help: "The group id.") var id: String
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in try await store.createGroup(identifier(id), at: site.id(), now: Clock.now()) }
            FileHandleOutput.standardOutput.write("group \(id) created\n")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add accounts to a group.")
        @Argument(help: "The group id.") var id: String
        @Argument(help: "Account ids.") var accounts: [String]
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            try await storage.withStorage { store, _ in
                try await store.addToGroup(identifier(id), at: site.id(), accounts: accounts.map { try identifier($0) })
            }
            FileHandleOutput.standardOutput.write("added \(accounts.count) account(s) to group \(id)\n")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a group's members.")
        @Argument(help: "The group id.") var id: String
        @OptionGroup var site: SiteOption
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            guard let members = try await storage.withStorage({ store, _ in try await store.groupMembers(identifier(id), at: site.id()) })
            else {
                FileHandleOutput.standardError.write("no group \(id)\n")
                throw ExitCode(1)
            }
            let output = GroupJSON(group: id, members: members.map { $0.rawValue })
            FileHandleOutput.standardOutput.write(
                json ? JSONLine.encode(output) + "\n" : "\(id): \(output.members.joined(separator: ", "))\n"
            )
        }
    }
}

struct GroupJSON: Encodable {
    var group: String
    var members: [String]
}

/// `plateproof leaderboard`.
struct Leaderboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank accounts by credits earned in the current day, week or month (local time).",
        discussion: "With --group, only the group's members, including those who earned nothing."
    )

    @Option(help: "Rank a group's members only.") var group: String?
    @Option(help: "day, week or month.") var period = RankingPeriod.week.rawValue
    @Option(help: "How many lines.") var limit = 20
    @OptionGroup var site: SiteOption
    @OptionGroup(title: "Storage") var storage: StorageOptions
    @Flag(help: "Print one JSON object per line instead of text.") var json = false

    func validate() throws {
        guard RankingPeriod(rawValue: period) != nil else { throw ValidationError("--period takes day, week or month") }
    }

    func run() async throws {
        let platform = try storage.catalogue()
        let (siteID, groupID): (SiteID, GroupID?) = (try site.id(), try group.map { try identifier($0) })
        let entries = try await storage.withStorage { store, _ in
            // Days, weeks and months are the site's own.
            let catalogue = try await store.site(siteID)?.catalogue(platform: platform) ?? platform
            let since = catalogue.start(of: RankingPeriod(rawValue: period) ?? .week, containing: Clock.now())
            return try await store.leaderboard(at: siteID, group: groupID, since: since, limit: max(1, limit))
        }
        for (index, entry) in entries.enumerated() {
            let line = LeaderboardJSON(rank: index + 1, account: entry.account.rawValue, credits: entry.credits.rawValue)
            FileHandleOutput.standardOutput.write(json ? JSONLine.encode(line) + "\n" : "\(line.rank). \(line.account) \(line.credits)\n")
        }
    }
}

struct LeaderboardJSON: Encodable {
    var rank: Int
    var account: String
    var credits: Int64
}
