import Foundation
import PlateProofDomain
import PlateProofStore
import Testing

/// The webhook outbox's contract, on every back end: events and their deliveries are written by
/// the decision's own transaction, and deliveries move along the schedule under a lease.
@Suite("Store contract: webhook outbox")
struct WebhookStoreContractTests {
    let alice = AccountID(rawValue: "alice")!
    let morning = Timestamp(secondsSince1970: 1_795_478_400 + 3600)
    let approve = MachineVerdict(decision: .approve, score: 0.01, reasons: [], heuristicVersion: "plates-3", phash: nil)
    let review = MachineVerdict(decision: .review, score: 0.2, reasons: [.machine("uncertain")], heuristicVersion: "plates-3", phash: nil)

    func request(_ key: String, photo: Character) -> ClaimRequest {
        ClaimRequest(
            uploader: "backend",
            idempotencyKey: key,
            account: alice,
            activity: .cleanPlate,
            photoSHA256: String(repeating: photo, count: 64),
            claimedAt: morning
        )
    }

    func settle(_ store: any Store, _ request: ClaimRequest, _ verdict: MachineVerdict) async throws -> ClaimRecord {
        _ = try await store.enqueue(request)
        let job = try #require(try await store.leaseNextJob(owner: "w1", now: morning, leaseSeconds: 60))
        return try await store.complete(claimID: job.claimID, owner: "w1", verdict: verdict, catalogue: .standard, now: morning)
    }

    func endpoint(_ store: any Store, _ events: [EventType], url: String = "https://receiver.example/hook") async throws -> WebhookEndpoint
    {
        try await store.createWebhook(
            WebhookDraft(url: url, events: events, description: "test"),
            sealedSecret: "sealed",
            actor: "t",
            now: morning
        )
    }

    @Test(
        "a decision writes its events and one delivery per subscribed, active endpoint in its own transaction",
        arguments: StoreBackend.allCases
    )
    func outboxWithDecision(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let everything = try await endpoint(store, EventType.allCases)
            let approvals = try await endpoint(store, [.claimApproved])
            let reviews = try await endpoint(store, [.claimReview])
            let disabled = try await endpoint(store, EventType.allCases)
            _ = try await store.updateWebhook(id: disabled.id, WebhookChange(status: .disabled), actor: "t", now: morning)

            let paid = try await settle(store, request("k1", photo: "a"), approve)
            let held = try await settle(store, request("k2", photo: "b"), review)
            _ = try await store.moderate(
                claimID: held.id,
                decision: .approve,
                reason: "ok",
                moderator: "mia",
                catalogue: .standard,
                now: morning
            )

            let all = try await store.deliveries(endpoint: everything.id, limit: 50).reversed().map(\.event)
            #expect(all.map(\.type) == [.claimApproved, .ledgerEntryCreated, .claimReview, .claimDecidedByModerator, .ledgerEntryCreated])
            #expect(all.map(\.claimID) == [paid.id, paid.id, held.id, held.id, held.id])
            #expect(all.map(\.id) == all.map(\.id).sorted() && Set(all.map(\.id)).count == 5)
            #expect(all[1].ledgerEntryID != nil && all[0].ledgerEntryID == nil)
            #expect(try await store.deliveries(endpoint: approvals.id, limit: 50).map(\.event.claimID) == [paid.id])
            #expect(try await store.deliveries(endpoint: reviews.id, limit: 50).map(\.event.type) == [.claimReview])
            #expect(try await store.deliveries(endpoint: disabled.id, limit: 50).isEmpty)
            #expect(try await store.outboxCounts() == OutboxCounts(pending: 7, delivered: 0, failed: 0, attempts: 0))

            // The polling feed is unchanged: decisions only, with their types.
            let feed = try await store.decisionEvents(site: nil, after: 0, limit: 100)
            #expect(feed.map(\.type) == [.claimApproved, .claimReview, .claimDecidedByModerator])
            let entryID = try #require(all[1].ledgerEntryID)
            let entry = try #require(try await store.ledgerLine(id: entryID))
            #expect(entry.entry.amount == 200 && entry.entry.claimID == paid.id)
        }
    }

    @Test("an endpoint of one site is sent that site's events only; one of no site, every site's", arguments: StoreBackend.allCases)
    func siteEndpoints(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let north = SiteID(rawValue: "north")!
            try await store.createSite(Site(id: north, name: "North", createdAt: morning))
            let northOnly = try await store.createWebhook(
                WebhookDraft(url: "https://north.example/hook", events: EventType.allCases, description: "north", site: north),
                sealedSecret: "sealed",
                actor: "t",
                now: morning
            )
            #expect(northOnly.site == north)
            let everySite = try await endpoint(store, EventType.allCases)
            #expect(everySite.site == nil)
            var atNorth = request("k1", photo: "a")
            atNorth.site = north
            let northClaim = try await settle(store, atNorth, approve)
            let defaultClaim = try await settle(store, request("k2", photo: "b"), approve)
            #expect(Set(try await store.deliveries(endpoint: northOnly.id, limit: 50).map(\.event.claimID)) == [northClaim.id])
            #expect(
                Set(try await store.deliveries(endpoint: everySite.id, limit: 50).map(\.event.claimID)) == [northClaim.id, defaultClaim.id]
            )
            let unknown = await #expect(throws: StoreError.self) {
                try await store.createWebhook(
                    WebhookDraft(url: "https://x.example/", events: [.claimApproved], description: "", site: SiteID(rawValue: "nowhere")!),
                    sealedSecret: "sealed",
                    actor: "t",
                    now: morning
                )
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test("a delivery is leased by one process at a time; failures back off, a success delivers", arguments: StoreBackend.allCases)
    func leasingAndSchedule(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let hook = try await endpoint(store, [.claimApproved])
            _ = try await settle(store, request("k1", photo: "a"), approve)
            let first = try await store.leaseDeliveries(owner: "p1", limit: 10, now: morning, leaseSeconds: 30)
            #expect(first.count == 1 && first[0].endpoint.id == hook.id && first[0].attempts == 0 && first[0].body == nil)
            #expect(try await store.leaseDeliveries(owner: "p2", limit: 10, now: morning, leaseSeconds: 30).isEmpty)

            let refused = DeliveryAttempt(at: morning, statusCode: 500, error: nil, latencyMilliseconds: 3, response: "oops")
            let schedule = DeliverySchedule()
            let stolen = await #expect(throws: StoreError.self) {
                try await store.finishDelivery(id: first[0].id, owner: "p2", attempt: refused, schedule: schedule, draw: 0.5, now: morning)
            }
            #expect(stolen?.code == .conflict)
            let failed = try await store.finishDelivery(
                id: first[0].id,
                owner: "p1",
                attempt: refused,
                schedule: schedule,
                draw: 0.5,
                now: morning
            )
            #expect(failed.step.state == .pending && failed.step.nextAttemptAt == morning.adding(seconds: 2) && failed.firstAttempt)
            #expect(try await store.webhook(id: hook.id)?.failingSince == morning)
            #expect(try await store.leaseDeliveries(owner: "p1", limit: 10, now: morning.adding(seconds: 1), leaseSeconds: 30).isEmpty)

            // The body is kept once: a second rendering does not replace it.
            #expect(try await store.keepEventBody(eventID: first[0].event.id, body: "{\"a\":1}") == "{\"a\":1}")
            #expect(try await store.keepEventBody(eventID: first[0].event.id, body: "{\"b\":2}") == "{\"a\":1}")

            let again = try await store.leaseDeliveries(owner: "p2", limit: 10, now: morning.adding(seconds: 2), leaseSeconds: 30)
            #expect(again.count == 1 && again[0].attempts == 1 && again[0].body == "{\"a\":1}")
            let ok = DeliveryAttempt(at: morning.adding(seconds: 2), statusCode: 204, error: nil, latencyMilliseconds: 4, response: "")
            let delivered = try await store.finishDelivery(
                id: again[0].id,
                owner: "p2",
                attempt: ok,
                schedule: schedule,
                draw: 0.5,
                now: morning.adding(seconds: 2)
            )
            #expect(delivered.step.state == .delivered && !delivered.firstAttempt)
            #expect(try await store.webhook(id: hook.id)?.failingSince == nil)

            let record = try #require(try await store.delivery(id: again[0].id))
            #expect(record.state == .delivered && record.deliveredAt == morning.adding(seconds: 2))
            #expect(record.attempts.map(\.statusCode) == [500, 204] && record.attempts[0].response == "oops")
            // A lease that expired is taken again by another process (its holder died).
            let resent = try await store.resendDelivery(id: record.id, actor: "t", now: morning.adding(seconds: 10))
            #expect(resent.state == .pending && resent.queuedAt == morning.adding(seconds: 10))
            _ = try await store.leaseDeliveries(owner: "p1", limit: 10, now: morning.adding(seconds: 10), leaseSeconds: 5)
            #expect(try await store.leaseDeliveries(owner: "p2", limit: 10, now: morning.adding(seconds: 16), leaseSeconds: 5).count == 1)
        }
    }

    @Test("no endpoint has more deliveries in flight than its share, across processes", arguments: StoreBackend.allCases)
    func perEndpointShare(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let first = try await endpoint(store, [.claimApproved, .claimReview])
            let second = try await endpoint(store, [.claimApproved, .claimReview])
            for (index, verdict) in [approve, review, review].enumerated() {
                _ = try await settle(store, request("k\(index)", photo: Character(String(index))), verdict)
            }
            let leased = try await store.leaseDeliveries(owner: "p1", limit: 10, perEndpoint: 2, now: morning, leaseSeconds: 30)
            let ofFirst = leased.filter { $0.endpoint.id == first.id }
            #expect(leased.count == 4 && ofFirst.count == 2 && leased.filter { $0.endpoint.id == second.id }.count == 2)
            // Each endpoint's oldest first; another process finds both endpoints full.
            #expect(ofFirst.map(\.event.id) == ofFirst.map(\.event.id).sorted())
            #expect(try await store.leaseDeliveries(owner: "p2", limit: 10, perEndpoint: 2, now: morning, leaseSeconds: 30).isEmpty)
            let ok = DeliveryAttempt(at: morning, statusCode: 200, error: nil, latencyMilliseconds: 1, response: "")
            _ = try await store.finishDelivery(
                id: ofFirst[0].id,
                owner: "p1",
                attempt: ok,
                schedule: DeliverySchedule(),
                draw: 0.5,
                now: morning
            )
            let next = try await store.leaseDeliveries(owner: "p2", limit: 10, perEndpoint: 2, now: morning, leaseSeconds: 30)
            #expect(next.count == 1 && next[0].endpoint.id == first.id)
        }
    }

    @Test(
        "an endpoint failing for 5 days is disabled and audited; deliveries delivered long ago are pruned",
        arguments: StoreBackend.allCases
    )
    func disablingAndPruning(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let hook = try await endpoint(store, [.claimApproved, .claimReview])
            _ = try await settle(store, request("k1", photo: "a"), approve)
            _ = try await settle(store, request("k2", photo: "b"), review)
            let schedule = DeliverySchedule()
            let leased = try await store.leaseDeliveries(owner: "p1", limit: 10, now: morning, leaseSeconds: 30)
            #expect(leased.count == 2)
            let ok = DeliveryAttempt(at: morning, statusCode: 200, error: nil, latencyMilliseconds: 1, response: "")
            _ = try await store.finishDelivery(id: leased[0].id, owner: "p1", attempt: ok, schedule: schedule, draw: 0.5, now: morning)
            let down = DeliveryAttempt(at: morning, statusCode: nil, error: "connection refused", latencyMilliseconds: 1, response: "")
            _ = try await store.finishDelivery(id: leased[1].id, owner: "p1", attempt: down, schedule: schedule, draw: 0.5, now: morning)

            // Five days later it still fails: given up, and the endpoint with it.
            let later = morning.adding(seconds: 5 * 86400)
            _ = try await store.resendDelivery(id: leased[1].id, actor: "t", now: later)
            let retried = try await store.leaseDeliveries(owner: "p1", limit: 10, now: later, leaseSeconds: 30)
            let last = try await store.finishDelivery(
                id: retried[0].id,
                owner: "p1",
                attempt: down,
                schedule: schedule,
                draw: 0.5,
                now: later
            )
            #expect(last.step.state == .failed && last.step.disablesEndpoint)
            let disabled = try #require(try await store.webhook(id: hook.id))
            #expect(disabled.status == .disabled && disabled.disabledReason?.contains("5 days") == true)

            #expect(try await store.pruneDeliveries(deliveredBefore: morning) == 0)
            #expect(try await store.pruneDeliveries(deliveredBefore: morning.adding(seconds: 31 * 86400)) == 1)
            #expect(try await store.outboxCounts() == OutboxCounts(pending: 0, delivered: 0, failed: 1, attempts: 2))

            try await store.deleteWebhook(id: hook.id, actor: "t", now: later)
            #expect(try await store.webhook(id: hook.id) == nil)
            #expect(try await store.outboxCounts().failed == 0)
            let missing = await #expect(throws: StoreError.self) { try await store.deleteWebhook(id: hook.id, actor: "t", now: later) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("endpoints are changed, rotated and kept with their sealed secrets", arguments: StoreBackend.allCases)
    func endpointLifecycle(backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let hook = try await endpoint(store, [.claimApproved])
            #expect(hook.id.hasPrefix("wh_") && hook.status == .active && hook.sealedSecret == "sealed")
            let changed = try await store.updateWebhook(
                id: hook.id,
                WebhookChange(url: "https://other.example/", events: [.claimRejected, .ledgerEntryCreated], description: "d2"),
                actor: "t",
                now: morning
            )
            #expect(
                changed.url == "https://other.example/" && changed.events == [.claimRejected, .ledgerEntryCreated]
                    && changed.description == "d2"
            )
            let rotated = try await store.rotateWebhookSecret(
                id: hook.id,
                sealedSecret: "sealed-2",
                previousValidUntil: morning.adding(seconds: 86400),
                actor: "t",
                now: morning
            )
            #expect(rotated.sealedSecrets(at: morning) == ["sealed-2", "sealed"])
            #expect(rotated.sealedSecrets(at: morning.adding(seconds: 86400)) == ["sealed-2"])
            let off = try await store.updateWebhook(id: hook.id, WebhookChange(status: .disabled), actor: "admin:root", now: morning)
            #expect(off.status == .disabled && off.disabledReason == "disabled by admin:root")
            let on = try await store.updateWebhook(id: hook.id, WebhookChange(status: .active), actor: "t", now: morning)
            #expect(on.status == .active && on.disabledReason == nil)
            #expect(try await store.webhooks().map(\.id) == [hook.id])
            let missing = await #expect(throws: StoreError.self) {
                try await store.updateWebhook(id: "wh_none", WebhookChange(status: .active), actor: "t", now: morning)
            }
            #expect(missing?.code == .notFound)
        }
    }
}
