import ArgumentParser

/// `plateproof migrate`: brings the database's schema up to date (every command also does on start).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or update the database schema (SQLite or PostgreSQL), then exit.",
        discussion: "Every command migrates on start; this does only that, for deployments that migrate before rolling out."
    )

    @OptionGroup(title: "Storage")
    var storage: StorageOptions

    func run() async throws {
        _ = try await storage.open()
        FileHandleOutput.standardError.write("the database is up to date\n")
    }
}
