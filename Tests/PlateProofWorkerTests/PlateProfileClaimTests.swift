import Foundation
import PlateProofDomain
import PlateProofImaging
import PlateProofStore
import PlateProofStoreSQLite
import PlateProofTestSupport
import PlateProofVerifier
import Testing

@testable import PlateProofWorker

/// Claims at a site with an enrolled plate model: the worker and re-verification measure them
/// against the model from the next claim on, record which one, and leave other sites alone.
@Suite("Plate profiles in the worker")
struct PlateProfileClaimTests {
    let canteen = SiteID(rawValue: "canteen")!
    let library = SiteID(rawValue: "library")!
    let start = Timestamp(secondsSince1970: 1_795_478_400)
    let assessor = PhotoAssessor()

    struct Fixture {
        let store: SQLiteStore
        let blobs: FileBlobStore
        let worker: ClaimWorker
        let clock: TestClock
    }

    func makeFixture() async throws -> Fixture {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-profiles-\(UUID().uuidString)").path
        let store = try SQLiteStore(path: root + ".sqlite")
        let blobs = try FileBlobStore(root: root)
        let clock = TestClock(start)
        for site in [canteen, library] {
            try await store.createSite(Site(id: site, name: site.rawValue, createdAt: start))
        }
        let worker = ClaimWorker(
            store: store,
            blobs: blobs,
            duplicateRules: DuplicateRules(nearDuplicateDistance: -1),  // shots of one plate on one table look alike by design
            configuration: .init(owner: "test"),
            now: { clock.now }
        )
        return Fixture(store: store, blobs: blobs, worker: worker, clock: clock)
    }

    /// Enrols the flowered plate at the canteen from three clean shots.
    @discardableResult
    func enrol(_ fixture: Fixture) async throws -> PlateModel {
        let shots = [
            DecoratedPlate.photo(turn: 0.3),
            DecoratedPlate.photo(turn: 1.4, cx: 150, cy: 115, radius: 80),
            DecoratedPlate.photo(turn: 2.6, cx: 170, radius: 90, tilt: 0.85),
        ]
        let profile = try assessor.enrolPlate(
            name: "flowers",
            photos: try shots.enumerated().map { ("shot\($0.offset).png", ImageSource.bytes(try DecoratedPlate.png($0.element))) }
        )
        return try await fixture.store.enrolPlateModel(PlateModel(site: canteen, profile: profile, createdAt: fixture.clock.now))
    }

    /// Claims one clean photo of the flowered plate at `site` and lets the worker decide it.
    func claim(_ photo: PixelBuffer, at site: SiteID, key: String, _ fixture: Fixture) async throws -> ClaimRecord {
        fixture.clock.advance(seconds: 60)
        let queued = try await fixture.store.enqueue(
            ClaimRequest(
                site: site,
                uploader: "t",
                idempotencyKey: key,
                account: AccountID(rawValue: "student-\(key)")!,
                activity: .cleanPlate,
                photoSHA256: try fixture.blobs.put(try DecoratedPlate.png(photo)),
                claimedAt: fixture.clock.now
            )
        )
        await fixture.worker.run(concurrency: 1, drain: true, stop: StopSignal())
        return try #require(try await fixture.store.claim(id: queued.claim.id))
    }

    @Test("a site's claims are measured against its enrolled model from the next claim on, and name the version used")
    func worker() async throws {
        let fixture = try await makeFixture()
        let before = try await claim(DecoratedPlate.photo(turn: 4.0, cx: 165, cy: 125, radius: 82), at: canteen, key: "a", fixture)
        #expect(before.state.status != .approved && before.plateProfile == nil, "the general rules take the flowers for food")

        try await enrol(fixture)
        let enrolled = try await claim(
            DecoratedPlate.photo(turn: 4.5, cx: 158, cy: 118, radius: 84, tilt: 0.92),
            at: canteen,
            key: "b",
            fixture
        )
        #expect(enrolled.state.status == .approved && enrolled.credits == 200 && enrolled.plateProfile == "flowers@1")
        let elsewhere = try await claim(DecoratedPlate.photo(turn: 5.0, cx: 162, radius: 83), at: library, key: "c", fixture)
        #expect(elsewhere.state.status != .approved && elsewhere.plateProfile == nil, "the library has no models")
        let full = try await claim(DecoratedPlate.photo(turn: 2.0, food: true), at: canteen, key: "d", fixture)
        #expect(full.state.status == .rejected && full.plateProfile == "flowers@1", "food on the model is still residue")

        #expect(try await enrol(fixture).version == 2)
        let second = try await claim(DecoratedPlate.photo(turn: 0.8, cx: 155, cy: 122, radius: 86), at: canteen, key: "e", fixture)
        #expect(second.plateProfile == "flowers@2")

        try await fixture.store.removePlateModel("flowers", at: canteen, now: fixture.clock.now)
        let removed = try await claim(DecoratedPlate.photo(turn: 3.3, cx: 160, cy: 121, radius: 85), at: canteen, key: "f", fixture)
        #expect(removed.state.status != .approved && removed.plateProfile == nil)
    }

    @Test("re-verifying a site after an enrolment corrects its claims once; other sites' claims are not selected")
    func reverify() async throws {
        let fixture = try await makeFixture()
        let atCanteen = try await claim(DecoratedPlate.photo(turn: 4.0, cx: 165, cy: 125, radius: 82), at: canteen, key: "a", fixture)
        let atLibrary = try await claim(DecoratedPlate.photo(turn: 5.0, cx: 162, radius: 83), at: library, key: "b", fixture)
        #expect(atCanteen.state.status != .approved && atLibrary.state.status != .approved)
        try await enrol(fixture)

        let reverifier = Reverifier(
            store: fixture.store,
            blobs: fixture.blobs,
            assessor: assessor,
            catalogue: .standard,
            owner: "test",
            now: { fixture.clock.now }
        )
        let version = assessor.verifier.configuration.heuristicVersion
        func rerun() async throws -> ReverifySummary {
            let run = try await fixture.store.startReverifyRun(
                ReverifySelection(site: canteen),
                heuristicVersion: version,
                dryRun: false,
                now: fixture.clock.now
            )
            return try await reverifier.run(run, concurrency: 1)
        }
        let first = try await rerun()
        #expect(first.examined == 1 && first.changed == 1 && first.ledgerEntriesWritten == 1, "\(first)")
        let corrected = try #require(try await fixture.store.claim(id: atCanteen.id))
        #expect(corrected.state.status == .approved && corrected.credits == 200 && corrected.plateProfile == "flowers@1")
        #expect(try await fixture.store.claim(id: atLibrary.id) == atLibrary)

        let again = try await rerun()
        #expect(again.changed == 0 && again.ledgerEntriesWritten == 0, "\(again)")
        #expect(try await fixture.store.ledgerTotal() == 200)
    }
}
