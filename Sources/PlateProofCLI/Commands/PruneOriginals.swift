import ArgumentParser
import PlateProofDomain
import PlateProofStore

/// `plateproof prune-originals`: delete original photos past their retention period.
struct PruneOriginals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune-originals",
        abstract: "Delete original photos whose claims were all decided more than --days ago; evidence images stay.",
        discussion: "Run it daily (cron or a timer). Re-verification then reads the evidence image instead."
    )

    @Option(help: "Retention period of original photos, in days.")
    var days = 30

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard days >= 0 else { throw ValidationError("--days cannot be negative") }
    }

    func run() async throws {
        try await storage.withStorage { store, blobs in
            let now = Clock.now()
            let digests = try await store.originalsPastRetention(before: now.adding(seconds: -Int64(days) * 86400))
            for digest in digests { try await blobs.remove(digest) }
            try await store.markOriginalsDeleted(digests, at: now)
            let output = PruneJSON(deleted: digests.count, retentionDays: days)
            FileHandleOutput.standardOutput.write(json ? JSONLine.encode(output) + "\n" : "deleted \(digests.count) original photo(s)\n")
        }
    }
}

struct PruneJSON: Encodable {
    var deleted: Int
    var retentionDays: Int

    enum CodingKeys: String, CodingKey {
        case deleted
        case retentionDays = "retention_days"
    }
}
