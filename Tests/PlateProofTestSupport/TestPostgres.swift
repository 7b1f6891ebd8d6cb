import Foundation
public import PlateProofStorePostgres
public import PostgresNIO
import Testing

/// The throwaway PostgreSQL server `scripts/with-postgres.sh` starts for the tests
/// (`scripts/test.sh` runs them inside it); without it, a test that needs it fails and says so.
public enum TestPostgres {
    /// The server's URL, from `PLATEPROOF_TEST_POSTGRES_URL`.
    public static func url() throws -> String {
        try #require(
            ProcessInfo.processInfo.environment["PLATEPROOF_TEST_POSTGRES_URL"],
            "PLATEPROOF_TEST_POSTGRES_URL is not set: run the tests with scripts/with-postgres.sh (scripts/test.sh does)"
        )
    }

    /// A new, empty database on the server named by `url`, whose name starts with `prefix`; its URL.
    public static func freshDatabase(on url: String, prefix: String) async throws -> String {
        var components = try #require(URLComponents(string: url))
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try await withClient(url: url) { client in _ = try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)")) }
        components.path = "/\(name)"
        return try #require(components.string)
    }

    /// Runs `body` with a plain client of the database at `url` (for SQL the store does not run:
    /// old schemas, bulk rows).
    public static func withClient(url: String, _ body: (PostgresClient) async throws -> Void) async throws {
        let components = try #require(URLComponents(string: url))
        let client = PostgresClient(
            configuration: .init(
                host: components.host ?? "127.0.0.1",
                port: components.port ?? 5432,
                username: components.user ?? "postgres",
                password: components.password,
                database: String(components.path.dropFirst()),
                tls: .disable
            )
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }

    /// Runs `body` on a PostgreSQL store on `url`, its connection pool running beside it.
    public static func withStore<T: Sendable>(url: String, _ body: (PostgresStore) async throws -> T) async throws -> T {
        let store = try PostgresStore(url: url)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}
