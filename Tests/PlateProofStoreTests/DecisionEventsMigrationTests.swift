import Foundation
import GRDB
import PlateProofDomain
import PlateProofStore
import Testing

@testable import PlateProofStoreSQLite

/// Databases from before the events feed had its own table: their decisions are carried over
/// from the audit log, keeping the ids clients hold as cursors.
@Suite("Decision events carried over from the audit log")
struct DecisionEventsMigrationTests {
    @Test("earlier decisions keep their ids and statuses; new ones follow them")
    func carriedOver() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plateproof.sqlite").path
        let old = try DatabasePool(path: path)
        try SQLiteMigrations.migrator.migrate(old, upTo: "v8: verdict overlays")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO claims (id, uploader, idempotency_key, account, activity, photo_sha256, status, claimed_at)
                    VALUES (1, 'u', 'k1', 'alice', 'clean-plate', '\(String(repeating: "a", count: 64))', 'approved', 100),
                           (2, 'u', 'k2', 'bob', 'clean-plate', '\(String(repeating: "b", count: 64))', 'rejected', 100);
                    INSERT INTO audit_log (id, at, actor, action, claim_id, detail) VALUES
                        (10, 100, 'u', 'enqueue', 1, 'k1'),
                        (11, 101, 'plates-2', 'decide', 1, 'approve'),
                        (12, 101, 'plates-2', 'claim_credit', 1, '200 credits'),
                        (13, 102, 'plates-2', 'decide', 2, 'review'),
                        (14, 103, 'moderator:mia', 'moderate', 2, 'reject food'),
                        (15, 103, 'moderator:mia', 'redecide', 2, 'rejected');
                    """
            )
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        let events = try await store.decisionEvents(site: nil, after: 0, limit: 10)
        #expect(events.map(\.id) == [11, 13, 15])
        #expect(events.map(\.status) == [.approved, .review, .rejected])
        #expect(events.map(\.decidedBy) == ["plates-2", "plates-2", "moderator:mia"])
        #expect(events.map(\.account.rawValue) == ["alice", "bob", "bob"])
        #expect(try await store.decisionEvents(site: nil, after: 13, limit: 10).map(\.id) == [15])

        _ = try await store.redecide(
            claimID: 1,
            event: .reverified(.reject),
            actor: "plates-3",
            catalogue: .standard,
            now: Timestamp(secondsSince1970: 200)
        )
        let next = try await store.decisionEvents(site: nil, after: 15, limit: 10)
        #expect(next.count == 1 && next[0].id > 15 && next[0].status == .rejected && next[0].claimID == 1)
    }
}
