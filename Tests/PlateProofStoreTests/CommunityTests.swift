import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@Suite("Store contract: households, groups and leaderboards")
struct CommunityTests {
    let now = Timestamp(secondsSince1970: 1_795_478_400 + 3600)

    /// Runs `body` on a fresh store where each account has that many paid claims.
    func withStore(_ backend: StoreBackend, paying accounts: [String: Int], _ body: (any Store) async throws -> Void) async throws {
        try await backend.withStore { store in
            var photo = 0
            for (account, claims) in accounts.sorted(by: { $0.key < $1.key }) {
                for _ in 0..<claims {
                    photo += 1
                    let request = ClaimRequest(
                        uploader: "t",
                        idempotencyKey: "\(photo)",
                        account: AccountID(rawValue: account)!,
                        activity: .cleanPlate,
                        photoSHA256: String(format: "%064x", photo),
                        claimedAt: now
                    )
                    _ = try await store.enqueue(request)
                    let job = try #require(try await store.leaseNextJob(owner: "w", now: now, leaseSeconds: 60))
                    let verdict = MachineVerdict(decision: .approve, score: 0, reasons: [], heuristicVersion: "t", phash: nil)
                    _ = try await store.complete(claimID: job.claimID, owner: "w", verdict: verdict, catalogue: .standard, now: now)
                }
            }
            try await body(store)
        }
    }

    @Test("a household's balance is the sum of its members'; an account joins one household only", arguments: StoreBackend.allCases)
    func households(backend: StoreBackend) async throws {
        try await withStore(backend, paying: ["alice": 2, "bob": 1, "carol": 3]) { store in
            let home = HouseholdID(rawValue: "home")!
            try await store.createHousehold(home, at: .default, now: now)
            try await store.addToHousehold(home, at: .default, accounts: [AccountID(rawValue: "alice")!, AccountID(rawValue: "bob")!])
            let household = try #require(try await store.household(home, at: .default))
            #expect(household.balance == 600 && household.members.map(\.rawValue) == ["alice", "bob"])
            let other = HouseholdID(rawValue: "other")!
            try await store.createHousehold(other, at: .default, now: now)
            let error = await #expect(throws: StoreError.self) {
                try await store.addToHousehold(other, at: .default, accounts: [AccountID(rawValue: "alice")!])
            }
            #expect(error?.code == .conflict)
            #expect(try await store.household(HouseholdID(rawValue: "none")!, at: .default) == nil)
        }
    }

    @Test("leaderboards rank by credits in the period, for everyone or a group", arguments: StoreBackend.allCases)
    func leaderboards(backend: StoreBackend) async throws {
        try await withStore(backend, paying: ["alice": 2, "bob": 1, "carol": 3]) { store in
            let everyone = try await store.leaderboard(at: .default, group: nil, since: now.adding(seconds: -60), limit: 10)
            #expect(everyone.map(\.account.rawValue) == ["carol", "alice", "bob"])
            #expect(everyone.first?.credits == 600)
            let dorm = GroupID(rawValue: "dorm")!
            try await store.createGroup(dorm, at: .default, now: now)
            try await store.addToGroup(dorm, at: .default, accounts: ["bob", "dave"].map { AccountID(rawValue: $0)! })
            let ranked = try await store.leaderboard(at: .default, group: dorm, since: now.adding(seconds: -60), limit: 10)
            #expect(ranked.map(\.account.rawValue) == ["bob", "dave"] && ranked.map(\.credits) == [200, 0])
            #expect(try await store.leaderboard(at: .default, group: nil, since: now.adding(seconds: 60), limit: 10).isEmpty)
        }
    }
}
