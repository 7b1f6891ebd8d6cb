import Foundation
import GRDB
import PlateProofDomain
import PlateProofStore
import PlateProofTestSupport
import PostgresNIO
import Testing

@testable import PlateProofStorePostgres
@testable import PlateProofStoreSQLite

/// 200 sites and 20,000 claims (50 accounts a site, the same ids at every site): a site's
/// rankings, events and ledger pages are read through indexes, never by scanning every site's rows.
@Suite("Sites at scale: 200 sites, 20,000 claims", .serialized)
struct SiteScaleTests {
    static let sites = 200
    static let claims = 20_000
    let site = SiteID(rawValue: "s7")!

    /// No step scans a table of every site's rows, and the first index searched is constrained by the site.
    static func indexed(_ plan: String, engine: String) -> Bool {
        let steps = plan.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        if engine == "sqlite" {
            return !steps.contains { $0.hasPrefix("SCAN ") } && steps.first { $0.hasPrefix("SEARCH ") }?.contains("(site=?") == true
        }
        return !steps.contains { $0.contains("Seq Scan") }
            && steps.first { $0.hasPrefix("Index Cond:") }.map {
                $0.hasPrefix("Index Cond: (site =") || $0.hasPrefix("Index Cond: ((site =")
            } == true
    }

    /// What the store answers for site `s7`, and how it plans its main reads.
    func check(_ store: any Store, plans: [(read: String, plan: String)], engine: String) async throws {
        let ranking = try await store.leaderboard(at: site, group: nil, since: Timestamp(secondsSince1970: 0), limit: 100)
        #expect(ranking.count == 50 && ranking.allSatisfy { $0.credits == Credits(Int64(Self.claims / Self.sites / 50) * 200) })
        let dorm = try await store.leaderboard(
            at: site,
            group: GroupID(rawValue: "dorm")!,
            since: Timestamp(secondsSince1970: 0),
            limit: 100
        )
        #expect(dorm.count == 10)
        let events = try await store.decisionEvents(site: site, after: 0, limit: 1000)
        #expect(events.count == Self.claims / Self.sites && events.allSatisfy { $0.site == site })
        #expect(try await store.balance(of: AccountID(rawValue: "a3")!, at: site) == 400)
        #expect(plans.count == 4)
        for (read, plan) in plans {
            #expect(Self.indexed(plan, engine: engine), "\(engine) \(read) scans a table: \(plan)")
            print("\(engine) \(read): \(plan)")
        }
    }

    @Test("SQLite: rankings, events and ledger pages of one site are indexed and hold only that site")
    func sqlite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("plateproof.sqlite").path)
        try await store.pool.write { db in
            try db.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < \(Self.sites - 1))
                    INSERT INTO sites (id, name, created_at) SELECT 's' || i, 'site ' || i, 0 FROM n;
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(Self.claims))
                    INSERT INTO claims (site, uploader, idempotency_key, account, activity, photo_sha256, status, decision, claimed_at, decided_at)
                    SELECT 's' || (i % \(Self.sites)), 'u', 'k' || i, 'a' || (i / \(Self.sites) % 50), 'clean-plate', printf('%064d', i),
                        'approved', 'approve', 1000 + i, 1000 + i FROM n;
                    INSERT INTO ledger_entries (site, account, kind, amount, claim_id, claim_sequence, reason, created_at)
                    SELECT site, account, 'claim_credit', 200, id, 0, 't', claimed_at FROM claims;
                    INSERT INTO events (type, claim_id, site, account, status, decided_by, at)
                    SELECT 'claim.approved', id, site, account, 'approved', 't', claimed_at FROM claims;
                    INSERT INTO groups (site, id, created_at) SELECT id, 'dorm', 0 FROM sites WHERE id != 'default';
                    INSERT INTO group_members (site, group_id, account) SELECT DISTINCT site, 'dorm', account FROM claims
                    WHERE account IN ('a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9');
                    ANALYZE;
                    """
            )
        }
        let plans = try await store.mainReadPlans(
            site: site,
            group: GroupID(rawValue: "dorm")!,
            account: AccountID(rawValue: "a3")!,
            since: Timestamp(secondsSince1970: 0)
        )
        try await check(store, plans: plans, engine: "sqlite")
    }

    @Test("PostgreSQL: rankings, events and ledger pages of one site are indexed and hold only that site")
    func postgres() async throws {
        let url = try await StoreBackend.freshPostgresDatabase()
        try await TestPostgres.withStore(url: url) { store in
            _ = try await store.sites()  // the schema is in place once the store answers
            try await TestPostgres.withClient(url: url) { client in
                for statement in [
                    "INSERT INTO sites (id, name, created_at) SELECT 's' || i, 'site ' || i, 0 FROM generate_series(0, \(Self.sites - 1)) i",
                    """
                    INSERT INTO claims (site, uploader, idempotency_key, account, activity, photo_sha256, status, decision, claimed_at, decided_at)
                    SELECT 's' || (i % \(Self.sites)), 'u', 'k' || i, 'a' || (i / \(Self.sites) % 50), 'clean-plate', lpad(i::TEXT, 64, '0'),
                        'approved', 'approve', 1000 + i, 1000 + i FROM generate_series(1, \(Self.claims)) i
                    """,
                    """
                    INSERT INTO ledger_entries (site, account, kind, amount, claim_id, claim_sequence, reason, created_at)
                    SELECT site, account, 'claim_credit', 200, id, 0, 't', claimed_at FROM claims
                    """,
                    """
                    INSERT INTO events (type, claim_id, site, account, status, decided_by, at)
                    SELECT 'claim.approved', id, site, account, 'approved', 't', claimed_at FROM claims
                    """,
                    "INSERT INTO groups (site, id, created_at) SELECT id, 'dorm', 0 FROM sites WHERE id != 'default'",
                    """
                    INSERT INTO group_members (site, group_id, account) SELECT DISTINCT site, 'dorm', account FROM claims
                    WHERE account IN ('a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9')
                    """,
                    "ANALYZE",
                ] {
                    try await client.query(PostgresQuery(unsafeSQL: statement))
                }
            }
            let plans = try await store.mainReadPlans(
                site: site,
                group: GroupID(rawValue: "dorm")!,
                account: AccountID(rawValue: "a3")!,
                since: Timestamp(secondsSince1970: 0)
            )
            try await check(store, plans: plans, engine: "postgres")
        }
    }
}
