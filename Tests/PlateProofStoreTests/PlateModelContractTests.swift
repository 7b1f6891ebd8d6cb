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
}
