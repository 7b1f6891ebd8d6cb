import Foundation
import Logging
import PlateProofStore
import PostgresNIO
import Testing

/// The store implementations the contract suites run against, each on a fresh database.
/// PostgreSQL comes from `PLATEPROOF_TEST_POSTGRES_URL` (`scripts/with-postgres.sh` starts a
/// throwaway server and sets it; `scripts/test.sh` does so); without it the PostgreSQL cases fail.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    func makeStore() async throws -> any Store {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return try SQLiteStore(path: directory.appendingPathComponent("plateproof.sqlite").path)
        case .postgres:
            return try await PostgresStore(url: try await Self.freshPostgresDatabase())
        }
    }

    /// A new, empty database on the test server; its URL.
    static func freshPostgresDatabase() async throws -> String {
        let base = try #require(
            ProcessInfo.processInfo.environment["PLATEPROOF_TEST_POSTGRES_URL"],
            "PLATEPROOF_TEST_POSTGRES_URL is not set: run the tests with scripts/with-postgres.sh (scripts/test.sh does)"
        )
        var components = try #require(URLComponents(string: base))
        let name = "plateproof_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        let configuration = PostgresClient.Configuration(
            host: components.host ?? "127.0.0.1",
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: String(components.path.dropFirst()),
            tls: .disable
        )
        let client = PostgresClient(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
            group.cancelAll()
        }
        components.path = "/\(name)"
        return try #require(components.string)
    }
}
