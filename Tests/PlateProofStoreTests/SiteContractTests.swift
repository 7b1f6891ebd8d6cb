import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@Suite("Store contract: sites with the same account ids")
struct SiteContractTests {
    let now = Timestamp(secondsSince1970: 1_795_478_400 + 3600)
    let north = SiteID(rawValue: "north")!
    let south = SiteID(rawValue: "south")!
    let alice = AccountID(rawValue: "alice")!

    /// Queues a claim of `account` at `site` and has the machine approve it.
    func approvedClaim(
        _ store: any Store,
        at site: SiteID,
        account: AccountID,
        photo: Int,
        catalogue: ActivityCatalogue
    ) async throws
        -> ClaimRecord
    {
        let request = ClaimRequest(
            site: site,
            uploader: "t",
            idempotencyKey: "\(photo)",
            account: account,
            activity: .cleanPlate,
            photoSHA256: String(format: "%064x", photo),
            claimedAt: now
        )
        _ = try await store.enqueue(request)
        let job = try #require(try await store.leaseNextJob(owner: "w", now: now, leaseSeconds: 60))
        #expect(job.request.site == site)
        let verdict = MachineVerdict(decision: .approve, score: 0, reasons: [], heuristicVersion: "t", phash: nil)
        return try await store.complete(claimID: job.claimID, owner: "w", verdict: verdict, catalogue: catalogue, now: now)
    }

    @Test(
        "alice at two sites is two accounts: balances, ledgers, daily caps, households, groups, rankings and events stay apart",
        arguments: StoreBackend.allCases
    )
    func twoSites(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let oneADay = ActivityCatalogue(activities: [Activity(id: .cleanPlate, credits: 50, dailyCap: 1)])
            try await store.createSite(
                Site(id: north, name: "North campus", activities: oneADay.activities.values.map { $0 }, createdAt: now)
            )
            try await store.createSite(Site(id: south, name: "South campus", timeZone: "+01:00", utcOffsetSeconds: 3600, createdAt: now))
            let stored = try #require(try await store.site(north))
            #expect(stored.name == "North campus" && stored.activities == [Activity(id: .cleanPlate, credits: 50, dailyCap: 1)])
            #expect(try await store.sites().map(\.id.rawValue) == ["default", "north", "south"])
            let conflict = await #expect(throws: StoreError.self) {
                try await store.createSite(Site(id: north, name: "again", createdAt: now))
            }
            #expect(conflict?.code == .conflict)

            // North pays 50 once a day; the second claim the same day is approved but not paid.
            _ = try await approvedClaim(store, at: north, account: alice, photo: 1, catalogue: oneADay)
            let capped = try await approvedClaim(store, at: north, account: alice, photo: 2, catalogue: oneADay)
            #expect(capped.credits == .zero)
            // South's cap (the standard 3 a day) is counted on south's claims only.
            for photo in 3...5 { _ = try await approvedClaim(store, at: south, account: alice, photo: photo, catalogue: .standard) }
            #expect(try await store.balance(of: alice, at: north) == 50)
            #expect(try await store.balance(of: alice, at: south) == 600)
            #expect(try await store.balance(of: alice, at: .default) == .zero)
            #expect(try await store.entries(of: alice, at: north).count == 1)
            #expect(try await store.entries(of: alice, at: south, after: 0, limit: 10).count == 3)

            let home = HouseholdID(rawValue: "home")!
            for site in [north, south] {
                try await store.createHousehold(home, at: site, now: now)
                try await store.addToHousehold(home, at: site, accounts: [alice])
            }
            #expect(try await store.household(home, at: north)?.balance == 50)
            #expect(try await store.household(home, at: south)?.balance == 600)
            #expect(try await store.household(home, at: .default) == nil)

            let dorm = GroupID(rawValue: "dorm")!
            try await store.createGroup(dorm, at: north, now: now)
            try await store.addToGroup(dorm, at: north, accounts: [alice])
            #expect(try await store.groupMembers(dorm, at: north) == [alice])
            #expect(try await store.groupMembers(dorm, at: south) == nil)
            let since = now.adding(seconds: -60)
            #expect(try await store.leaderboard(at: north, group: nil, since: since, limit: 10).map(\.credits) == [50])
            #expect(try await store.leaderboard(at: south, group: nil, since: since, limit: 10).map(\.credits) == [600])
            #expect(try await store.leaderboard(at: north, group: dorm, since: since, limit: 10).map(\.credits) == [50])

            let northEvents = try await store.decisionEvents(site: north, after: 0, limit: 100)
            let southEvents = try await store.decisionEvents(site: south, after: 0, limit: 100)
            #expect(northEvents.count == 2 && northEvents.allSatisfy { $0.site == north })
            #expect(southEvents.count == 3 && southEvents.allSatisfy { $0.site == south })
            #expect(try await store.decisionEvents(site: nil, after: 0, limit: 100).count == 5)
        }
    }

    @Test(
        "keys are scoped to a stored site or platform-wide; a deactivated site takes no claims; unknown sites are not found",
        arguments: StoreBackend.allCases
    )
    func keysAndDeactivation(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.createSite(Site(id: north, name: "North", createdAt: now))
            let scoped = try await store.createKey(name: "north-mod", role: .moderator, site: north, now: now)
            #expect(scoped.key.site == north)
            #expect(try await store.key(secret: scoped.secret)?.site == north)
            #expect(try await store.createKey(name: "root", role: .admin, site: nil, now: now).key.site == nil)
            let unknown = await #expect(throws: StoreError.self) {
                try await store.createKey(name: "x", role: .uploader, site: SiteID(rawValue: "nowhere")!, now: now)
            }
            #expect(unknown?.code == .notFound)

            let withCatalogue = try await store.setActivities([Activity(id: .cleanPlate, credits: 9)], of: north, now: now)
            #expect(withCatalogue.activities?.first?.credits == 9 && withCatalogue.active)
            let deactivated = try await store.deactivateSite(north, now: now)
            #expect(!deactivated.active && deactivated.activities?.first?.credits == 9)
            #expect(try await store.setActivities(nil, of: north, now: now).activities == nil)
            #expect(try await store.site(north)?.active == false)
            let request = ClaimRequest(
                site: north,
                uploader: "t",
                idempotencyKey: "k",
                account: alice,
                activity: .cleanPlate,
                photoSHA256: String(repeating: "a", count: 64),
                claimedAt: now
            )
            let inactive = await #expect(throws: StoreError.self) { try await store.enqueue(request) }
            #expect(inactive?.code == .siteInactive)
            var elsewhere = request
            elsewhere.site = SiteID(rawValue: "nowhere")!
            let missing = await #expect(throws: StoreError.self) { try await store.enqueue(elsewhere) }
            #expect(missing?.code == .notFound)
            #expect(try await store.allClaims().isEmpty)
            let absent = await #expect(throws: StoreError.self) {
                try await store.deactivateSite(SiteID(rawValue: "nowhere")!, now: now)
            }
            #expect(absent?.code == .notFound)
            let nowhere = SiteID(rawValue: "nowhere")!
            let household = await #expect(throws: StoreError.self) {
                try await store.createHousehold(HouseholdID(rawValue: "h")!, at: nowhere, now: now)
            }
            let group = await #expect(throws: StoreError.self) {
                try await store.createGroup(GroupID(rawValue: "g")!, at: nowhere, now: now)
            }
            #expect(household?.code == .notFound && group?.code == .notFound && household?.message == "no site nowhere")
        }
    }
}
