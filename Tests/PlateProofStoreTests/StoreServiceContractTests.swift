import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

/// The store's contract for the service around the queue: keys, sessions, moderation, quality
/// control, the events feed, ledger pages and re-verification runs.
@Suite("Store contract: keys, moderation, events, re-verification")
struct StoreServiceContractTests {
    let alice = AccountID(rawValue: "alice")!
    let now = Timestamp(secondsSince1970: 1_795_478_400 + 3600)

    func settle(
        _ store: any Store,
        key: String,
        photo: Character,
        _ decision: ClaimDecision,
        qualityControl: Bool = false
    ) async throws
        -> ClaimRecord
    {
        let request = ClaimRequest(
            uploader: "backend",
            idempotencyKey: key,
            account: alice,
            activity: .cleanPlate,
            photoSHA256: String(repeating: photo, count: 64),
            claimedAt: now
        )
        _ = try await store.enqueue(request)
        let job = try #require(try await store.leaseNextJob(owner: "w", now: now, leaseSeconds: 60))
        let verdict = MachineVerdict(decision: decision, score: 0.1, reasons: [], heuristicVersion: "plates-1", phash: nil)
        return try await store.complete(
            claimID: job.claimID,
            owner: "w",
            verdict: verdict,
            settlement: Settlement(qualityControlRate: qualityControl ? 1 : 0),
            qualityControlDraw: 0.5,
            now: now
        )
    }

    @Test("keys are found by their secret until revoked; sessions last until they expire or are closed", arguments: StoreBackend.allCases)
    func keysAndSessions(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let (key, secret) = try await store.createKey(name: "mia", role: .moderator, site: nil, now: now)
            #expect(try await store.key(secret: secret) == key)
            #expect(try await store.key(secret: secret + "x") == nil)
            let duplicate = await #expect(throws: StoreError.self) {
                try await store.createKey(name: "mia", role: .admin, site: nil, now: now)
            }
            #expect(duplicate?.code == .conflict)

            let (token, session) = try await store.openSession(for: key, lifetimeSeconds: 60, now: now)
            #expect(try await store.session(token: token, now: now)?.csrfToken == session.csrfToken)
            #expect(try await store.session(token: token, now: now.adding(seconds: 61)) == nil)
            try await store.closeSession(token: token)
            #expect(try await store.session(token: token, now: now) == nil)

            let (second, _) = try await store.openSession(for: key, lifetimeSeconds: 60, now: now)
            try await store.revokeKey(name: "mia", now: now)
            #expect(try await store.key(secret: secret) == nil)
            #expect(try await store.session(token: second, now: now) == nil)
            #expect(try await store.keys().map(\.revokedAt) == [now])
            let missing = await #expect(throws: StoreError.self) { try await store.revokeKey(name: "nobody", now: now) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("moderation: flagged claims are decided once; quality checks count agreement and overturns pay", arguments: StoreBackend.allCases)
    func moderation(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let flagged = try await settle(store, key: "1", photo: "a", .review)
            let approved = try await settle(store, key: "2", photo: "b", .approve, qualityControl: true)
            let rejected = try await settle(store, key: "3", photo: "c", .reject, qualityControl: true)
            #expect(try await store.reviewQueue(site: nil, limit: 10).map(\.claim.id) == [flagged.id, approved.id, rejected.id])
            #expect(try await store.reviewCounts(site: nil) == (1, 2))

            let decided = try await store.moderate(
                claimID: flagged.id,
                decision: .approve,
                reason: "ok",
                moderator: "mia",
                catalogue: .standard,
                now: now
            )
            #expect(decided.kind == .review && decided.ledgerEntriesWritten == 1 && decided.claim.credits == 200)
            #expect(decided.claim.reasons.contains(.moderator("ok")))
            let again = await #expect(throws: StoreError.self) {
                try await store.moderate(
                    claimID: flagged.id,
                    decision: .reject,
                    reason: "no",
                    moderator: "mia",
                    catalogue: .standard,
                    now: now
                )
            }
            #expect(again?.code == .conflict)

            let agree = try await store.moderate(
                claimID: approved.id,
                decision: .approve,
                reason: "ok",
                moderator: "mia",
                catalogue: .standard,
                now: now
            )
            #expect(agree.agreedWithMachine == true && agree.ledgerEntriesWritten == 0)
            let overturn = try await store.moderate(
                claimID: rejected.id,
                decision: .approve,
                reason: "clean",
                moderator: "mia",
                catalogue: .standard,
                now: now
            )
            #expect(overturn.agreedWithMachine == false && overturn.ledgerEntriesWritten == 1)
            #expect(overturn.claim.state == ClaimState(status: .approved, decidedByModerator: true))
            let rates = try await store.agreementRates(site: nil)
            #expect(rates.map(\.heuristicVersion) == ["plates-1"] && rates.map(\.answered) == [2] && rates.map(\.agreed) == [1])
            #expect(try await store.reviewQueue(site: nil, limit: 10).isEmpty)
            #expect(try await store.balance(of: alice, at: .default) == 600)
        }
    }

    @Test("the events feed and ledger pages follow their cursors", arguments: StoreBackend.allCases)
    func cursors(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = try await settle(store, key: "1", photo: "a", .approve)
            let second = try await settle(store, key: "2", photo: "b", .reject)
            let events = try await store.decisionEvents(site: nil, after: 0, limit: 10)
            #expect(events.map(\.claimID) == [first.id, second.id])
            #expect(events.map(\.status) == [.approved, .rejected])
            #expect(try await store.decisionEvents(site: nil, after: events[0].id, limit: 10).map(\.claimID) == [second.id])
            _ = try await store.redecide(claimID: first.id, event: .reverified(.reject), actor: "plates-2", catalogue: .standard, now: now)
            let page = try await store.entries(of: alice, at: .default, after: 0, limit: 1)
            #expect(page.map(\.entry.amount) == [200])
            #expect(try await store.entries(of: alice, at: .default, after: page[0].id, limit: 10).map(\.entry.amount) == [-200])
        }
    }

    @Test(
        "a re-verification run leases, corrects, summarises, and a second run of the same version writes nothing",
        arguments: StoreBackend.allCases
    )
    func reverification(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let approved = try await settle(store, key: "1", photo: "a", .approve)
            let rejected = try await settle(store, key: "2", photo: "b", .reject)
            let run = try await store.startReverifyRun(.init(), heuristicVersion: "plates-2", dryRun: false, now: now)
            #expect(run.total == 2 && !run.resumed)
            let resumed = try await store.startReverifyRun(.init(), heuristicVersion: "plates-2", dryRun: false, now: now)
            #expect(resumed.id == run.id && resumed.resumed)
            let leased = try await store.leaseReverifyJobs(run: run.id, owner: "r", limit: 10, now: now, leaseSeconds: 60)
            #expect(leased.map(\.id) == [approved.id, rejected.id])
            #expect(try await store.leaseReverifyJobs(run: run.id, owner: "other", limit: 10, now: now, leaseSeconds: 60).isEmpty)
            for claim in leased {
                _ = try await store.completeReverify(
                    run: run,
                    claimID: claim.id,
                    owner: "r",
                    decision: .reject,
                    score: 0.5,
                    reasons: [.machine("residue_high")],
                    plateModels: [],
                    plateProfile: nil,
                    catalogue: .standard,
                    now: now
                )
            }
            let summary = try await store.reverifySummary(run: run.id)
            #expect(summary.examined == 2 && summary.changed == 1 && summary.unchanged == 1 && summary.ledgerEntriesWritten == 1)
            #expect(try await store.reverifyReport(run: run.id).map(\.claimID) == [approved.id])
            #expect(try await store.balance(of: alice, at: .default) == .zero)
            // Both claims now show the verdict they stand on.
            for id in [approved.id, rejected.id] {
                let claim = try #require(try await store.claim(id: id))
                #expect(claim.decision == .reject && claim.score == 0.5 && claim.reasons == [.machine("residue_high")])
                #expect(claim.heuristicVersion == "plates-2")
            }

            let rerun = try await store.startReverifyRun(.init(), heuristicVersion: "plates-2", dryRun: false, now: now)
            #expect(rerun.id != run.id && !rerun.resumed)
            for claim in try await store.leaseReverifyJobs(run: rerun.id, owner: "r", limit: 10, now: now, leaseSeconds: 60) {
                _ = try await store.completeReverify(
                    run: rerun,
                    claimID: claim.id,
                    owner: "r",
                    decision: .approve,
                    score: 0,
                    reasons: [],
                    plateModels: [],
                    plateProfile: nil,
                    catalogue: .standard,
                    now: now
                )
            }
            #expect(try await store.reverifySummary(run: rerun.id).ledgerEntriesWritten == 0)
            #expect(try await store.ledgerTotal() == .zero)
        }
    }
}
