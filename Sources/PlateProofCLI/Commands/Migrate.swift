import ArgumentParser
import PlateProofStore

/// `plateproof migrate`: brings the database's schema up to date (every command also does on start).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or update the database schema (SQLite or PostgreSQL), then exit.",
        discussion: "Every command migrates on start; this does only that, for deployments that migrate before rolling out."
    )

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    func run() async throws {
        // The first query waits until the schema is migrated.
        _ = try await storage.withStorage { store, _ in try await store.pendingJobs() }
        FileHandleOutput.standardError.write("the database is up to date\n")
    }
}
