import Foundation
import PlateProofDomain
import PlateProofStore
import PlateProofStoreSQLite
import Synchronization
import Testing

@testable import PlateProofWorker

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let time: Mutex<Timestamp>
    init(_ start: Timestamp) { time = Mutex(start) }
    var now: Timestamp { time.withLock { $0 } }
    func advance(seconds: Int64) { time.withLock { $0 = $0.adding(seconds: seconds) } }
}

@Suite("Claim worker")
struct ClaimWorkerTests {
    let alice = AccountID(rawValue: "alice")!
    let start = Timestamp(secondsSince1970: 1_795_478_400)

    func makeWorker(clock: TestClock) throws -> (ClaimWorker, SQLiteStore, FileBlobStore) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-worker-\(UUID().uuidString)").path
        let store = try SQLiteStore(path: root + ".sqlite")
        let blobs = try FileBlobStore(root: root)
        var configuration = ClaimWorker.Configuration(owner: "test")
        configuration.maxAttempts = 3
        let worker = ClaimWorker(store: store, blobs: blobs, configuration: configuration, now: { clock.now })
        return (worker, store, blobs)
    }

    @Test("a photo whose blob cannot be read is retried with backoff, then sent to review; nothing is lost")
    func transientFailures() async throws {
        let clock = TestClock(start)
        let (worker, store, _) = try makeWorker(clock: clock)
        let missing = String(repeating: "e", count: 64)  // never stored
        let queued = try await store.enqueue(
            ClaimRequest(uploader: "t", idempotencyKey: "k", account: alice, activity: .cleanPlate, photoSHA256: missing, claimedAt: start)
        )
        #expect(try await worker.processNext())  // attempt 1 fails, retried later
        #expect(try await store.claim(id: queued.claim.id)?.state.status == ClaimStatus.queued)
        #expect(try await worker.processNext() == false)  // not due yet
        for _ in 0..<2 {
            clock.advance(seconds: 3600)
            #expect(try await worker.processNext())
        }
        let claim = try #require(try await store.claim(id: queued.claim.id))
        #expect(claim.state.status == ClaimStatus.review)
        #expect(claim.reasons == [.machine("processing_failed")])
        #expect(try await store.pendingJobs() == 0)
        #expect(try await store.balance(of: alice, at: .default) == .zero)
    }

    @Test("a clean photo is approved, credited, and its evidence stored")
    func approves() async throws {
        let clock = TestClock(start)
        let (worker, store, blobs) = try makeWorker(clock: clock)
        let bytes = [UInt8](
            try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("TestImages/plates/synthetic-clean.jpg")
            )
        )
        let digest = try blobs.put(bytes)
        #expect(digest == ContentDigest.sha256(bytes) && blobs.contains(digest))
        let queued = try await store.enqueue(
            ClaimRequest(uploader: "t", idempotencyKey: "k", account: alice, activity: .cleanPlate, photoSHA256: digest, claimedAt: start)
        )
        await worker.run(concurrency: 2, drain: true, stop: StopSignal())
        let claim = try #require(try await store.claim(id: queued.claim.id))
        #expect(claim.state.status == ClaimStatus.approved && claim.credits == 200)
        #expect(claim.evidenceSHA256.map(blobs.contains) == true)
        #expect(claim.phash?.count == 16)
        #expect(claim.overlaySHA256 == nil, "an approved claim needs no explaining")
    }

    @Test("a claim the machine does not approve keeps a JPEG of what it saw, for the moderator")
    func keepsOverlay() async throws {
        let clock = TestClock(start)
        let (worker, store, blobs) = try makeWorker(clock: clock)
        let bytes = [UInt8](
            try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("TestImages/plates/synthetic-food.jpg")
            )
        )
        let queued = try await store.enqueue(
            ClaimRequest(
                uploader: "t",
                idempotencyKey: "k",
                account: alice,
                activity: .cleanPlate,
                photoSHA256: try blobs.put(bytes),
                claimedAt: start
            )
        )
        await worker.run(concurrency: 1, drain: true, stop: StopSignal())
        let claim = try #require(try await store.claim(id: queued.claim.id))
        #expect(claim.state.status == ClaimStatus.rejected)
        let overlay = try #require(claim.overlaySHA256)
        let jpeg = try blobs.get(overlay)
        #expect(jpeg.starts(with: [0xFF, 0xD8]) && jpeg.count > 1000 && overlay != claim.evidenceSHA256)
    }
}

@Suite("Worker backoff")
struct WorkerBackoffTests {
    @Test("waits double with each store failure, with jitter, up to the cap")
    func backoff() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-backoff-\(UUID().uuidString)").path
        let worker = ClaimWorker(
            store: try SQLiteStore(path: root + ".sqlite"),
            blobs: try FileBlobStore(root: root),
            configuration: .init(owner: "t"),
            now: { Timestamp(secondsSince1970: 0) }
        )
        for failures in 1...4 {
            let wait = worker.backoff(after: failures)
            let base = Duration.milliseconds(200) * (1 << failures)
            #expect(wait >= base && wait <= base * 1.5, "\(failures): \(wait)")
        }
        #expect(worker.backoff(after: 30) <= .seconds(45))
    }
}
