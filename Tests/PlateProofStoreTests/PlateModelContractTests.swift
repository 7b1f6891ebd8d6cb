import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@Suite("Store contract: a site's plate models")
struct PlateModelContractTests {
    let now = Timestamp(secondsSince1970: 1_795_478_400)
    let north = SiteID(rawValue: "north")!

    func model(_ name: String, profile: String, at site: SiteID) -> PlateModel {
        PlateModel(site: site, name: name, version: 0, kind: "round", photos: 3, profile: profile, createdAt: now)
    }

    @Test(
        "enrolling a name again makes its next version; removing it leaves the others; other sites see none",
        arguments: StoreBackend.allCases
    )
    func versions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.createSite(Site(id: north, name: "North", createdAt: now))
            let first = try await store.enrolPlateModel(model("blue-rim", profile: "{\"v\":1}", at: north))
            #expect(first.version == 1 && first.reference == "blue-rim@1")
            let second = try await store.enrolPlateModel(model("blue-rim", profile: "{\"v\":2}", at: north))
            #expect(second.version == 2)
            _ = try await store.enrolPlateModel(model("tray", profile: "{}", at: north))
            let inUse = try await store.plateModels(at: north)
            #expect(inUse.map(\.reference) == ["blue-rim@2", "tray@1"] && inUse.first?.profile == "{\"v\":2}")
            #expect(try await store.plateModels(at: .default).isEmpty)

            try await store.removePlateModel("blue-rim", at: north, now: now)
            #expect(try await store.plateModels(at: north).map(\.reference) == ["tray@1"])
            let missing = await #expect(throws: StoreError.self) { try await store.removePlateModel("blue-rim", at: north, now: now) }
            #expect(missing?.code == .notFound)
            // Enrolled again after removal, it goes on numbering: verdicts name versions for good.
            #expect(try await store.enrolPlateModel(model("blue-rim", profile: "{}", at: north)).version == 3)

            let unknown = await #expect(throws: StoreError.self) {
                try await store.enrolPlateModel(model("x", profile: "{}", at: SiteID(rawValue: "nowhere")!))
            }
            #expect(unknown?.code == .notFound)
            _ = try await store.deactivateSite(north, now: now)
            let inactive = await #expect(throws: StoreError.self) { try await store.enrolPlateModel(model("y", profile: "{}", at: north)) }
            #expect(inactive?.code == .siteInactive)
        }
    }

    @Test(
        "plate candidates are a site's approved claims that matched no model, newest first",
        arguments: StoreBackend.allCases
    )
    func candidates(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            try await store.createSite(Site(id: north, name: "North", createdAt: now))
            let catalogue = ActivityCatalogue.standard
            /// Queues one claim and has the machine decide it.
            func decided(_ n: Int, at site: SiteID, _ decision: ClaimDecision, profile: String? = nil) async throws -> Int64 {
                let claimedAt = Timestamp(secondsSince1970: now.secondsSince1970 + Int64(n) * 60)
                let request = ClaimRequest(
                    site: site,
                    uploader: "t",
                    idempotencyKey: "\(n)",
                    account: AccountID(rawValue: "alice")!,
                    activity: .cleanPlate,
                    photoSHA256: String(format: "%064x", n),
                    claimedAt: claimedAt
                )
                _ = try await store.enqueue(request)
                let job = try #require(try await store.leaseNextJob(owner: "w", now: claimedAt, leaseSeconds: 60))
                let verdict = MachineVerdict(
                    decision: decision,
                    score: 0,
                    reasons: decision == .approve ? [] : [.machine("residue_high")],
                    heuristicVersion: "t",
                    phash: nil,
                    plateProfile: profile
                )
                return try await store.complete(claimID: job.claimID, owner: "w", verdict: verdict, catalogue: catalogue, now: claimedAt).id
            }
            let older = try await decided(1, at: north, .approve)
            _ = try await decided(2, at: north, .approve, profile: "blue-rim@1")
            _ = try await decided(3, at: north, .reject)
            _ = try await decided(4, at: .default, .approve)
            let newer = try await decided(5, at: north, .approve)

            #expect(try await store.plateCandidates(at: north, limit: 10).map(\.id) == [newer, older])
            #expect(try await store.plateCandidates(at: north, limit: 1).map(\.id) == [newer])
            #expect(try await store.plateCandidates(at: SiteID(rawValue: "nowhere")!, limit: 10).isEmpty)
        }
    }
}
