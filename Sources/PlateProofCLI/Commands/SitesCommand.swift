import ArgumentParser
import PlateProofDomain
import PlateProofRepresentations
import PlateProofStore

/// `plateproof sites create|list|show|catalogue|deactivate`: the campuses, companies and
/// communities one deployment serves.
struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "Create, list, show, configure and deactivate sites.",
        discussion: """
            A site has its own accounts, claims, moderators, rankings and (optionally) its own activity \
            catalogue and time zone; an account id is unique within a site only. What existed before sites \
            belongs to the site `default`, which commands use when no --site is given.
            """,
        subcommands: [Create.self, List.self, Show.self, SetCatalogue.self, Deactivate.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a site.")

        @Argument(help: "The site id (letters, digits and . _ : @ -).")
        var id: String

        @Option(help: "Its name for people (default: the id).")
        var name: String?

        @Option(help: "The time zone its days and hours are counted in: Asia/Shanghai, UTC, +08:00 (default: the platform's).")
        var timeZone: String?

        @Option(
            help: "Its own activity catalogue, a JSON file like DATA/catalogue.json without utc_offset_hours (default: the platform's)."
        )
        var catalogue: String?

        @OptionGroup(title: "Storage")
        var storage: StorageOptions

        @Flag(help: "Print one JSON object instead of text.")
        var json = false

        func validate() throws {
            let _: SiteID = try identifier(id)
            if let name, !(1...200).contains(name.count) { throw ValidationError("--name takes 1 to 200 characters") }
            if let timeZone, SiteTimeZone.utcOffsetSeconds(timeZone) == nil {
                throw ValidationError("--time-zone takes a zone name (Asia/Shanghai) or an offset (+08:00), got \(timeZone)")
            }
        }

        func run() async throws {
            let activities = try catalogue.map(CatalogueFile.siteActivities)
            let site = Site(
                id: try identifier(id),
                name: name ?? id,
                timeZone: timeZone,
                utcOffsetSeconds: timeZone.flatMap(SiteTimeZone.utcOffsetSeconds),
                activities: activities,
                createdAt: Clock.now()
            )
            try await storage.withStorage { store, _ in try await store.createSite(site) }
            SiteOutput.write(site, json: json)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every site.")
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object per line.") var json = false

        func run() async throws {
            for site in try await storage.withStorage({ store, _ in try await store.sites() }) { SiteOutput.write(site, json: json) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a site, with its catalogue.")
        @Argument(help: "The site id.") var id: String
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            let site = try await SiteOutput.stored(id, storage)
            SiteOutput.write(site, json: json)
            if !json, let activities = site.activities {
                for activity in activities.sorted(by: { $0.id.rawValue < $1.id.rawValue }) {
                    let cap = activity.dailyCap.map { ", at most \($0) a day" } ?? ""
                    let hours = activity.allowedHours.map { ", \($0.start):00-\($0.end):00" } ?? ""
                    FileHandleOutput.standardOutput.write("  \(activity.id): \(activity.credits) credits\(cap)\(hours)\n")
                }
            }
        }
    }

    struct SetCatalogue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalogue",
            abstract: "Replace a site's activity catalogue (or, with --platform, use the platform's again)."
        )
        @Argument(help: "The site id.") var id: String
        @Argument(help: "The catalogue, a JSON file.") var file: String?
        @Flag(help: "Use the platform's catalogue.") var platform = false
        @OptionGroup(title: "Storage") var storage: StorageOptions
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func validate() throws {
            guard (file == nil) != (!platform) else { throw ValidationError("give a catalogue file or --platform") }
        }

        func run() async throws {
            let site = try await SiteOutput.stored(id, storage)
            let activities = try file.map(CatalogueFile.siteActivities)
            let changed = try await storage.withStorage { store, _ in
                try await store.setActivities(activities, of: site.id, now: Clock.now())
            }
            SiteOutput.write(changed, json: json)
        }
    }

    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deactivate a site: it takes no uploads from now on; its history stays readable."
        )
        @Argument(help: "The site id.") var id: String
        @OptionGroup(title: "Storage") var storage: StorageOptions

        func run() async throws {
            let site = try await SiteOutput.stored(id, storage)
            guard site.id != .default else { throw ValidationError("the default site cannot be deactivated") }
            _ = try await storage.withStorage { store, _ in try await store.deactivateSite(site.id, now: Clock.now()) }
            FileHandleOutput.standardOutput.write("site \(id) deactivated\n")
        }
    }
}

private enum SiteOutput {
    static func write(_ site: Site, json: Bool) {
        let output = SiteJSON(site)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(output) : output.text) + "\n")
    }

    /// The stored site; exit status 1, naming it, when there is none.
    static func stored(_ id: String, _ storage: StorageOptions) async throws -> Site {
        let siteID: SiteID = try identifier(id)
        guard let site = try await storage.withStorage({ store, _ in try await store.site(siteID) }) else {
            FileHandleOutput.standardError.write("no site \(id)\n")
            throw ExitCode(1)
        }
        return site
    }
}
