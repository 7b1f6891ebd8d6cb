import Foundation
import GRDB
import PlateProofDomain
import PlateProofStore
import PlateProofTestSupport
import PostgresNIO
import Testing

@testable import PlateProofStorePostgres
@testable import PlateProofStoreSQLite

/// Databases from before sites (plates-2 and early plates-3): everything moves to the site
/// `default`, and every claim, balance, household, group, event and key is what it was.
@Suite("Sites: an existing database migrates to the default site", .serialized)
struct SiteMigrationTests {
    /// A small history written with the schema before sites; the same statements on both engines.
    static let history = [
        """
        INSERT INTO claims (uploader, idempotency_key, account, activity, photo_sha256, status, decision, claimed_at, decided_at)
        VALUES ('backend', 'k1', 'alice', 'clean-plate', '\(String(repeating: "a", count: 64))', 'approved', 'approve', 100, 101),
               ('backend', 'k2', 'bob', 'clean-plate', '\(String(repeating: "b", count: 64))', 'approved', 'approve', 100, 101),
               ('backend', 'k3', 'alice', 'clean-plate', '\(String(repeating: "c", count: 64))', 'review', 'review', 100, 101)
        """,
        """
        INSERT INTO ledger_entries (account, kind, amount, claim_id, claim_sequence, reason, created_at)
        VALUES ('alice', 'claim_credit', 200, 1, 0, 'plates-2', 101), ('bob', 'claim_credit', 200, 2, 0, 'plates-2', 101),
               ('bob', 'reversal', -200, 2, 1, 'plates-3', 102)
        """,
        "INSERT INTO households (id, created_at) VALUES ('home', 100)",
        "INSERT INTO household_members (household_id, account) VALUES ('home', 'alice'), ('home', 'bob')",
        "INSERT INTO groups (id, created_at) VALUES ('dorm', 100)",
        "INSERT INTO group_members (group_id, account) VALUES ('dorm', 'alice')",
        """
        INSERT INTO events (type, claim_id, account, status, decided_by, at)
        VALUES ('claim.approved', 1, 'alice', 'approved', 'plates-2', 101), ('claim.review', 3, 'alice', 'review', 'plates-2', 101)
        """,
        "INSERT INTO api_keys (name, role, key_sha256, created_at) VALUES ('mia', 'moderator', '\(String(repeating: "d", count: 64))', 100)",
    ]

    /// What the history must still say, read through the store after the migration.
    func check(_ store: any Store) async throws {
        let (alice, bob) = (AccountID(rawValue: "alice")!, AccountID(rawValue: "bob")!)
        let claims = try await store.allClaims()
        #expect(claims.count == 3 && claims.allSatisfy { $0.request.site == .default })
        #expect(claims.map(\.credits) == [200, 0, 0])
        #expect(try await store.balance(of: alice, at: .default) == 200)
        #expect(try await store.balance(of: bob, at: .default) == .zero)
        #expect(try await store.entries(of: bob, at: .default).map(\.kind) == [.claimCredit, .reversal])
        #expect(try await store.ledgerTotal() == 200)
        #expect(try await store.household(HouseholdID(rawValue: "home")!, at: .default)?.balance == 200)
        #expect(try await store.groupMembers(GroupID(rawValue: "dorm")!, at: .default) == [alice])
        let ranking = try await store.leaderboard(at: .default, group: nil, since: Timestamp(secondsSince1970: 0), limit: 10)
        #expect(ranking.map(\.account) == [alice, bob] && ranking.map(\.credits) == [200, 0])
        let events = try await store.decisionEvents(site: .default, after: 0, limit: 10)
        #expect(events.map(\.claimID) == [1, 3])
        #expect(try await store.reviewQueue(site: .default, limit: 10).map(\.claim.id) == [3])
        #expect(try await store.keys().map(\.site) == [nil])
        #expect(try await store.site(.default)?.active == true)
        // The migrated database takes new claims at the default site as before.
        let request = ClaimRequest(
            uploader: "backend",
            idempotencyKey: "k4",
            account: alice,
            activity: .cleanPlate,
            photoSHA256: String(repeating: "e", count: 64),
            claimedAt: Timestamp(secondsSince1970: 200)
        )
        #expect(try await store.enqueue(request).claim.id == 4)
    }

    @Test("SQLite: claims, balances, households, groups, events and keys are the same after the migration")
    func sqlite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-sites-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plateproof.sqlite").path
        let old = try DatabasePool(path: path)
        try SQLiteMigrations.migrator.migrate(old, upTo: "v11: webhook outbox")
        try await old.write { db in for statement in Self.history { try db.execute(sql: statement) } }
        try old.close()
        try await check(try SQLiteStore(path: path))
    }

    @Test("PostgreSQL: claims, balances, households, groups, events and keys are the same after the migration")
    func postgres() async throws {
        let url = try await StoreBackend.freshPostgresDatabase()
        try await TestPostgres.withClient(url: url) { client in
            try await client.query("CREATE TABLE plateproof_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for migration in PostgresMigrations.migrations where migration.version <= 5 {
                for statement in migration.sql { try await client.query(PostgresQuery(unsafeSQL: statement)) }
                try await client.query("INSERT INTO plateproof_migrations (version, name) VALUES (\(migration.version), \(migration.name))")
            }
            for statement in Self.history { try await client.query(PostgresQuery(unsafeSQL: statement)) }
        }
        try await TestPostgres.withStore(url: url) { store in try await check(store) }
    }
}
