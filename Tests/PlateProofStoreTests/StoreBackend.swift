import Foundation
import PlateProofStore
import PlateProofTestSupport
import Testing

@testable import PlateProofStorePostgres
@testable import PlateProofStoreSQLite

/// The store implementations the contract suites run against, each on a fresh database.
/// PostgreSQL comes from `PLATEPROOF_TEST_POSTGRES_URL` (`scripts/with-postgres.sh` starts a
/// throwaway server and sets it; `scripts/test.sh` does so); without it the PostgreSQL cases fail.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` on a store of this kind on a fresh database (a PostgreSQL store's pool runs beside it).
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(try SQLiteStore(path: directory.appendingPathComponent("plateproof.sqlite").path))
        case .postgres:
            try await TestPostgres.withStore(url: try await Self.freshPostgresDatabase(), body)
        }
    }

    /// A new, empty database on the test server; its URL.
    static func freshPostgresDatabase() async throws -> String {
        try await TestPostgres.freshDatabase(on: try TestPostgres.url(), prefix: "plateproof")
    }
}
