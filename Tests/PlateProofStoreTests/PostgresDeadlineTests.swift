import Foundation
import PlateProofTestSupport
import PostgresNIO
import Testing

@testable import PlateProofStore
@testable import PlateProofStorePostgres

/// A transaction that the server does not finish must not hold up its caller (or a worker's
/// graceful shutdown): the caller gets `unavailable` at the deadline and the store keeps working.
@Suite("PostgreSQL transaction deadline")
struct PostgresDeadlineTests {
    @Test("a query that does not return is abandoned at the deadline, rolled back, and the store goes on")
    func abandonsStuckTransaction() async throws {
        try await TestPostgres.withStore(url: try await StoreBackend.freshPostgresDatabase()) { store in
            try await store.transaction { db in try await db.run("CREATE TABLE marks (id INT)") }
            let started = ContinuousClock.now
            await #expect(throws: StoreError.self) {
                try await store.transaction(timeout: .seconds(1)) { db in
                    try await db.run("INSERT INTO marks VALUES (1)")
                    try await db.run("SELECT pg_sleep(60)")
                }
            }
            let waited = ContinuousClock.now - started
            #expect(waited < .seconds(30), "the caller waited \(waited) for a transaction past its deadline")
            let marks = try await store.transaction { db in try await db.value(Int64.self, "SELECT COUNT(*) FROM marks") }
            #expect(marks == 0, "the abandoned transaction was committed")
        }
    }

    @Test("a cancelled caller returns at once, whatever its query is doing")
    func cancellationReturns() async throws {
        try await TestPostgres.withStore(url: try await StoreBackend.freshPostgresDatabase()) { store in
            let call = Task { try await store.transaction { db in try await db.run("SELECT pg_sleep(60)") } }
            try await Task.sleep(for: .milliseconds(500))
            let started = ContinuousClock.now
            call.cancel()
            _ = await call.result
            let waited = ContinuousClock.now - started
            #expect(waited < .seconds(30), "the cancelled caller waited \(waited)")
            let answer = try await store.transaction { db in try await db.value(Int64.self, "SELECT 1") }
            #expect(answer == 1)
        }
    }
}
