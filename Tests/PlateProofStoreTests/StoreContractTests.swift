import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

@testable import PlateProofStoreSQLite

/// The store's contract: every back end must pass these (see `StoreBackend`).
@Suite("Store contract: claims, jobs and ledger")
struct StoreContractTests {
    let alice = AccountID(rawValue: "alice")!
    /// 2026-11-24 09:00 in UTC+8.
    let morning = Timestamp(secondsSince1970: 1_795_478_400 + 3600)
    let approve = MachineVerdict(decision: .approve, score: 0.01, reasons: [], heuristicVersion: "plates-1", phash: nil)

    func request(_ key: String, photo: Character = "a", account: AccountID? = nil, at time: Timestamp? = nil) -> ClaimRequest {
        ClaimRequest(
            uploader: "backend",
            idempotencyKey: key,
            account: account ?? alice,
            activity: .cleanPlate,
            photoSHA256: String(repeating: photo, count: 64),
            claimedAt: time ?? morning
        )
    }

    /// Enqueues, leases and completes one claim; returns the completed record.
    func settle(_ store: any Store, _ request: ClaimRequest, _ verdict: MachineVerdict) async throws -> ClaimRecord {
        let queued = try await store.enqueue(request)
        let job = try #require(try await store.leaseNextJob(owner: "w1", now: request.claimedAt, leaseSeconds: 60))
        #expect(job.claimID == queued.claim.id)
        return try await store.complete(claimID: job.claimID, owner: "w1", verdict: verdict, catalogue: .standard, now: request.claimedAt)
    }

    @Test("enqueue is idempotent per uploader and key; reusing a key for another photo is a conflict", arguments: StoreBackend.allCases)
    func idempotentEnqueue(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = try await store.enqueue(request("k1"))
            #expect(first.created && first.claim.state.status == .queued)
            let again = try await store.enqueue(request("k1"))
            #expect(!again.created && again.claim.id == first.claim.id)
            let error = await #expect(throws: StoreError.self) { try await store.enqueue(request("k1", photo: "b")) }
            #expect(error?.code == .conflict)
            #expect(try await store.pendingJobs() == 1)
        }
    }

    @Test("an approved claim is credited once, and the balance is the ledger's sum", arguments: StoreBackend.allCases)
    func creditOnce(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await store.balance(of: alice, at: .default) == .zero)
            let claim = try await settle(store, request("k1"), approve)
            #expect(claim.state.status == .approved && claim.credits == 200)
            #expect(try await store.balance(of: alice, at: .default) == 200)
            #expect(try await store.pendingJobs() == 0)
            // The job is gone: completing it again is refused and pays nothing.
            await #expect(throws: StoreError.self) {
                try await store.complete(claimID: claim.id, owner: "w1", verdict: approve, catalogue: .standard, now: morning)
            }
            #expect(try await store.entries(of: alice, at: .default).count == 1)
        }
    }

    @Test("rejected and review verdicts pay nothing", arguments: StoreBackend.allCases)
    func noPayment(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let reject = MachineVerdict(
                decision: .reject,
                score: 0.4,
                reasons: [.machine("residue_high")],
                heuristicVersion: "plates-1",
                phash: nil
            )
            let rejected = try await settle(store, request("k1"), reject)
            #expect(rejected.state.status == .rejected && rejected.reasons == [.machine("residue_high")] && rejected.credits == .zero)
            let review = MachineVerdict(
                decision: .review,
                score: 0.1,
                reasons: [.machine("residue_uncertain")],
                heuristicVersion: "plates-1",
                phash: nil
            )
            #expect(try await settle(store, request("k2", photo: "b"), review).state.status == .review)
            #expect(try await store.balance(of: alice, at: .default) == .zero)
        }
    }

    @Test(
        "the daily cap: the fourth approved claim of a day is approved but not paid; the next day pays again",
        arguments: StoreBackend.allCases
    )
    func dailyCap(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            for (index, photo) in "abcd".enumerated() {
                let claim = try await settle(store, request("k\(index)", photo: photo), approve)
                #expect(claim.state.status == .approved)
                #expect(claim.credits == (index < 3 ? 200 : .zero))
                #expect(claim.reasons == (index < 3 ? [] : [.dailyCapReached]))
            }
            let tomorrow = try await settle(store, request("k9", photo: "e", at: morning.adding(seconds: 86400)), approve)
            #expect(tomorrow.credits == 200)
            #expect(try await store.balance(of: alice, at: .default) == 800)
        }
    }

    @Test("only the lease holder completes; an expired lease is taken again by another worker", arguments: StoreBackend.allCases)
    func leases(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let queued = try await store.enqueue(request("k1"))
            let first = try #require(try await store.leaseNextJob(owner: "w1", now: morning, leaseSeconds: 60))
            #expect(try await store.leaseNextJob(owner: "w2", now: morning.adding(seconds: 30), leaseSeconds: 60) == nil)
            let taken = try #require(try await store.leaseNextJob(owner: "w2", now: morning.adding(seconds: 61), leaseSeconds: 60))
            #expect(taken.claimID == first.claimID && taken.attempts == 2)
            let late = await #expect(throws: StoreError.self) {
                try await store.complete(claimID: queued.claim.id, owner: "w1", verdict: approve, catalogue: .standard, now: morning)
            }
            #expect(late?.code == .conflict)
            let done = try await store.complete(claimID: queued.claim.id, owner: "w2", verdict: approve, catalogue: .standard, now: morning)
            #expect(done.credits == 200)
            #expect(try await store.balance(of: alice, at: .default) == 200)
        }
    }

    @Test("two workers racing to complete the same claim pay it once", arguments: StoreBackend.allCases)
    func racingCompletions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let queued = try await store.enqueue(request("k1"))
            _ = try await store.leaseNextJob(owner: "w1", now: morning, leaseSeconds: 60)
            let verdict = approve
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        (try? await store.complete(
                            claimID: queued.claim.id,
                            owner: "w1",
                            verdict: verdict,
                            catalogue: .standard,
                            now: self.morning
                        )) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.balance(of: alice, at: .default) == 200)
        }
    }

    @Test("the same photo bytes claimed again go to review, naming the earlier claim", arguments: StoreBackend.allCases)
    func exactDuplicate(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = try await settle(store, request("k1"), approve)
            let bob = AccountID(rawValue: "bob")!
            let second = try await settle(store, request("k2", account: bob), approve)
            #expect(first.state.status == .approved && first.matches.isEmpty)
            #expect(second.state.status == .review && second.reasons.contains(.duplicatePhoto) && second.matches == [first.id])
            #expect(try await store.balance(of: bob, at: .default) == .zero)
        }
    }

    @Test("a near-identical photo (hash within the distance) goes to review; a different one does not", arguments: StoreBackend.allCases)
    func nearDuplicate(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            func verdict(_ hash: UInt64) -> MachineVerdict {
                MachineVerdict(decision: .approve, score: 0, reasons: [], heuristicVersion: "plates-1", phash: String(hash, radix: 16))
            }
            let base: UInt64 = 0x0123_4567_89AB_CDEF
            let first = try await settle(store, request("k1", photo: "a"), verdict(base))
            let close = try await settle(store, request("k2", photo: "b"), verdict(base ^ 0b1011_0000_0001))  // 4 bits apart
            let far = try await settle(store, request("k3", photo: "c"), verdict(~base))
            #expect(close.state.status == .review && close.reasons == [.nearDuplicate] && close.matches == [first.id])
            #expect(far.state.status == .approved && far.matches.isEmpty)
        }
    }

    @Test("a photo taken more than a day before its claim, or in the future, is stale and goes to review", arguments: StoreBackend.allCases)
    func stale(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            var old = approve
            old.captureTime = morning.adding(seconds: -2 * 86400)
            let stale = try await settle(store, request("k1", photo: "a"), old)
            #expect(stale.state.status == .review && stale.reasons.contains(.stalePhoto))
            var recent = approve
            recent.captureTime = morning.adding(seconds: -600)
            recent.phash = "0f0f0f0f0f0f0f0f"
            #expect(try await settle(store, request("k2", photo: "b"), recent).state.status == .approved)
        }
    }

    @Test("later decisions correct the ledger with reversal and credit entries, never edits", arguments: StoreBackend.allCases)
    func reversals(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let claim = try await settle(store, request("k1"), approve)
            let reversed = try await store.redecide(
                claimID: claim.id,
                event: .reverified(.reject),
                actor: "plates-2",
                catalogue: .standard,
                now: morning
            )
            #expect(reversed.state.status == .rejected && reversed.credits == .zero)
            #expect(try await store.entries(of: alice, at: .default).map(\.kind) == [.claimCredit, .reversal])
            let again = try await store.redecide(
                claimID: claim.id,
                event: .reverified(.approve),
                actor: "plates-3",
                catalogue: .standard,
                now: morning
            )
            #expect(again.credits == 200)
            #expect(try await store.entries(of: alice, at: .default).map(\.amount) == [200, -200, 200])
            #expect(try await store.balance(of: alice, at: .default) == 200)

            let review = MachineVerdict(decision: .review, score: 0.1, reasons: [], heuristicVersion: "plates-1", phash: nil)
            let waiting = try await settle(store, request("k2", photo: "b"), review)
            let moderated = try await store.redecide(
                claimID: waiting.id,
                event: .moderated(.approve),
                actor: "moderator:ann",
                catalogue: .standard,
                now: morning
            )
            #expect(moderated.state == ClaimState(status: .approved, decidedByModerator: true) && moderated.credits == 200)
            let refused = await #expect(throws: StoreError.self) {
                try await store.redecide(
                    claimID: waiting.id,
                    event: .reverified(.reject),
                    actor: "plates-2",
                    catalogue: .standard,
                    now: morning
                )
            }
            #expect(refused?.code == .conflict)
            #expect(try await store.balance(of: alice, at: .default) == 400)
        }
    }

    @Test("originals past retention are those whose claims are all decided and old enough", arguments: StoreBackend.allCases)
    func retention(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            _ = try await settle(store, request("k1", photo: "a"), approve)
            _ = try await store.enqueue(request("k2", photo: "b"))  // still queued
            let later = morning.adding(seconds: 31 * 86400)
            #expect(try await store.originalsPastRetention(before: morning.adding(seconds: -1)) == [])
            let due = try await store.originalsPastRetention(before: later)
            #expect(due == [String(repeating: "a", count: 64)])
            try await store.markOriginalsDeleted(due, at: later)
            #expect(try await store.originalsPastRetention(before: later) == [])
            let claim = try #require(try await store.allClaims().first)
            #expect(claim.originalDeletedAt == later)
        }
    }

    @Test("SQLite: a database reopened from its file keeps everything, and migrations run once")
    func reopen() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plateproof-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("db.sqlite").path
        _ = try await settle(try SQLiteStore(path: path), request("k1"), approve)
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.balance(of: alice, at: .default) == 200)
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: "/nonexistent-dir/db.sqlite") }
        #expect(error?.code == .storage)
    }
}
