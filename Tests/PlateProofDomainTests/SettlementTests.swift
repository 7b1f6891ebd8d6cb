import PlateProofDomain
import Testing

/// Every branch of settlement, with no database: the plan each verdict, moderation and
/// re-verification calls for.
@Suite("Settlement")
struct SettlementTests {
    /// 2026-11-24 12:00 in UTC+8.
    let now = Timestamp(secondsSince1970: 1_795_478_400 + 4 * 3600)
    let alice = AccountID(rawValue: "alice")!
    let settlement = Settlement()

    func claim(
        _ status: ClaimStatus,
        byModerator: Bool = false,
        paid: Credits = .zero,
        reasons: [ClaimReason] = [],
        paidThatDay: Int = 0
    )
        -> ClaimFacts
    {
        ClaimFacts(
            claimID: 7,
            account: alice,
            activity: .cleanPlate,
            claimedAt: now,
            state: ClaimState(status: status, decidedByModerator: byModerator),
            reasons: reasons,
            netPaid: paid,
            paidThatDay: paidThatDay
        )
    }

    func verdict(_ decision: ClaimDecision, capture: Timestamp? = nil) -> MachineVerdict {
        MachineVerdict(
            decision: decision,
            score: 0.02,
            reasons: [.machine("plate_clean")],
            heuristicVersion: "plates-3",
            phash: "ab",
            evidenceSHA256: "e",
            captureTime: capture
        )
    }

    func machine(
        _ verdict: MachineVerdict,
        on facts: ClaimFacts,
        history: PhotoHistory = .init(),
        rules: Settlement? = nil,
        draw: Double = 0.99
    ) throws -> SettlementPlan {
        try (rules ?? settlement).machineDecision(
            verdict,
            on: facts,
            leaseHolder: "w1",
            worker: "w1",
            history: history,
            qualityControlDraw: draw,
            now: now
        )
    }

    // MARK: - The machine's first decision

    @Test("an approval is paid once, audited, announced and its verdict recorded")
    func approvalPays() throws {
        let plan = try machine(verdict(.approve), on: claim(.processing))
        #expect(plan.claim.state == ClaimState(status: .approved))
        #expect(plan.claim.decision == .approve && plan.claim.reasons == [.machine("plate_clean")] && plan.claim.matches == [])
        #expect(plan.claim.score == 0.02 && plan.claim.heuristicVersion == "plates-3" && plan.claim.evidenceSHA256 == "e")
        #expect(plan.ledgerEntry?.kind == .claimCredit && plan.ledgerEntry?.amount == 200 && plan.ledgerEntry?.reason == "plates-3")
        #expect(plan.audit.map(\.action) == [.decide, .claimCredit] && plan.audit.map(\.detail) == ["approve", "200 credits"])
        #expect(
            plan.decision
                == DecisionRecord(type: .claimApproved, claimID: 7, account: alice, status: .approved, decidedBy: "plates-3", at: now)
        )
        #expect(plan.qualityControlSample == nil && plan.qualityControlAnswer == nil && plan.reverification == nil)
        #expect(plan.eventTypes == [.claimApproved, .ledgerEntryCreated])
    }

    @Test("rejections and reviews pay nothing")
    func nothingPaid() throws {
        for decision in [ClaimDecision.reject, .review] {
            let plan = try machine(verdict(decision), on: claim(.processing))
            #expect(plan.claim.state?.status == decision.status && plan.ledgerEntry == nil)
            #expect(plan.audit.map(\.action) == [.decide])
            #expect(plan.eventTypes == [decision == .reject ? .claimRejected : .claimReview])
        }
    }

    @Test("an approval past the daily cap, outside the activity's hours or of an unknown activity is approved but not paid")
    func approvedUnpaid() throws {
        let capped = try machine(verdict(.approve), on: claim(.processing, paidThatDay: 3))
        #expect(capped.claim.state?.status == .approved && capped.ledgerEntry == nil && capped.claim.reasons?.last == .dailyCapReached)

        let breakfast = Settlement(
            catalogue: ActivityCatalogue(activities: [
                Activity(id: .cleanPlate, credits: 200, allowedHours: HourWindow(start: 6, end: 10))
            ])
        )
        let late = try machine(verdict(.approve), on: claim(.processing), rules: breakfast)
        #expect(late.ledgerEntry == nil && late.claim.reasons?.last == .outsideHours)

        let none = Settlement(catalogue: ActivityCatalogue(activities: []))
        let unknown = try machine(verdict(.approve), on: claim(.processing), rules: none)
        #expect(unknown.ledgerEntry == nil && unknown.claim.reasons?.last == .unknownActivity)
    }

    @Test("a reused, nearly identical or stale photo holds an approval for a person, naming the matches; a rejection stays")
    func photoHistory() throws {
        let exact = try machine(verdict(.approve), on: claim(.processing), history: PhotoHistory(exact: [3]))
        #expect(exact.claim.state?.status == .review && exact.claim.decision == .review && exact.ledgerEntry == nil)
        #expect(exact.claim.reasons == [.machine("plate_clean"), .duplicatePhoto] && exact.claim.matches == [3])

        let near = try machine(verdict(.approve), on: claim(.processing), history: PhotoHistory(exact: [3], near: [5]))
        #expect(near.claim.reasons?.suffix(2) == [.duplicatePhoto, .nearDuplicate] && near.claim.matches == [3, 5])

        let old = try machine(verdict(.approve, capture: now.adding(seconds: -2 * 86400)), on: claim(.processing))
        #expect(old.claim.state?.status == .review && old.claim.reasons?.last == .stalePhoto)
        let future = try machine(verdict(.approve, capture: now.adding(seconds: 3600)), on: claim(.processing))
        #expect(future.claim.reasons?.last == .stalePhoto)
        let fresh = try machine(verdict(.approve, capture: now.adding(seconds: -3600)), on: claim(.processing))
        #expect(fresh.claim.state?.status == .approved)

        let rejected = try machine(verdict(.reject), on: claim(.processing), history: PhotoHistory(exact: [3]))
        #expect(rejected.claim.state?.status == .rejected && rejected.claim.reasons?.last == .duplicatePhoto)
    }

    @Test("the quality-control draw samples approvals and rejections below the rate, never reviews")
    func qualityControl() throws {
        let sampling = Settlement(qualityControlRate: 0.1)
        let sampled = try machine(verdict(.approve), on: claim(.processing), rules: sampling, draw: 0.05)
        #expect(
            sampled.qualityControlSample == QualityControlSample(machineDecision: .approve, heuristicVersion: "plates-3", sampledAt: now)
        )
        #expect(
            try machine(verdict(.reject), on: claim(.processing), rules: sampling, draw: 0.05).qualityControlSample?.machineDecision
                == .reject
        )
        #expect(try machine(verdict(.approve), on: claim(.processing), rules: sampling, draw: 0.1).qualityControlSample == nil)
        #expect(try machine(verdict(.review), on: claim(.processing), rules: sampling, draw: 0).qualityControlSample == nil)
    }

    @Test("a worker that lost the lease, or a claim already decided, is a conflict")
    func machineConflicts() {
        #expect(throws: SettlementConflict.self) {
            try settlement.machineDecision(
                verdict(.approve),
                on: claim(.processing),
                leaseHolder: "w2",
                worker: "w1",
                history: .init(),
                qualityControlDraw: 1,
                now: now
            )
        }
        #expect(throws: SettlementConflict.self) {
            try settlement.machineDecision(
                verdict(.approve),
                on: claim(.processing),
                leaseHolder: nil,
                worker: "w1",
                history: .init(),
                qualityControlDraw: 1,
                now: now
            )
        }
        #expect(throws: SettlementConflict.self) { try machine(verdict(.approve), on: claim(.approved, paid: 200)) }
    }

    // MARK: - Later decisions

    @Test("a later decision corrects the ledger with a reversal or a credit, and one that changes nothing pays nothing")
    func redecision() throws {
        let reversed = try settlement.redecision(.reverified(.reject), by: "plates-4", on: claim(.approved, paid: 200), now: now)
        #expect(reversed.claim.state == ClaimState(status: .rejected) && reversed.claim.decidedAt == now)
        #expect(reversed.ledgerEntry?.kind == .reversal && reversed.ledgerEntry?.amount == -200)
        #expect(reversed.audit.map(\.action) == [.redecide, .reversal] && reversed.audit.first?.detail == "rejected")
        #expect(reversed.decision?.status == .rejected && reversed.decision?.decidedBy == "plates-4")
        #expect(reversed.eventTypes == [.claimReverified, .ledgerEntryCreated])

        let credited = try settlement.redecision(.reverified(.approve), by: "plates-4", on: claim(.rejected), now: now)
        #expect(credited.ledgerEntry?.amount == 200 && credited.ledgerEntry?.kind == .claimCredit)

        let same = try settlement.redecision(.reverified(.approve), by: "plates-4", on: claim(.approved, paid: 200), now: now)
        #expect(same.ledgerEntry == nil && same.audit.map(\.action) == [.redecide])
        #expect(same.eventTypes == [.claimReverified])

        let capped = try settlement.redecision(.reverified(.approve), by: "plates-4", on: claim(.rejected, paidThatDay: 3), now: now)
        #expect(capped.ledgerEntry == nil && capped.claim.reasons == nil)

        #expect(throws: SettlementConflict.self) {
            try settlement.redecision(.reverified(.reject), by: "plates-4", on: claim(.approved, byModerator: true, paid: 200), now: now)
        }
    }

    @Test("a moderator decides a claim in review as the worker would pay it, with the reason recorded")
    func moderationOfReview() throws {
        let plan = try settlement.moderation(
            .approve,
            reason: "ok",
            moderator: "mia",
            on: claim(.review, reasons: [.duplicatePhoto]),
            openSample: nil,
            now: now
        )
        #expect(plan.claim.state == ClaimState(status: .approved, decidedByModerator: true))
        #expect(plan.claim.reasons == [.duplicatePhoto, .moderator("ok")])
        #expect(plan.ledgerEntry?.amount == 200 && plan.ledgerEntry?.reason == "moderator:mia")
        #expect(plan.audit.map(\.action) == [.moderate, .redecide, .claimCredit] && plan.audit.first?.detail == "approve ok")
        #expect(plan.qualityControlAnswer == nil && plan.decision?.decidedBy == "moderator:mia")
        #expect(plan.eventTypes == [.claimDecidedByModerator, .ledgerEntryCreated])

        let rejected = try settlement.moderation(.reject, reason: "food", moderator: "mia", on: claim(.review), openSample: nil, now: now)
        #expect(rejected.claim.state?.status == .rejected && rejected.ledgerEntry == nil)
        #expect(rejected.eventTypes == [.claimDecidedByModerator])
    }

    @Test("a quality check that agrees moves nothing; one that overturns the machine corrects the ledger")
    func qualityCheck() throws {
        let agreed = try settlement.moderation(
            .approve,
            reason: "ok",
            moderator: "mia",
            on: claim(.approved, paid: 200),
            openSample: .approve,
            now: now
        )
        #expect(agreed.qualityControlAnswer?.agreed == true && agreed.qualityControlAnswer?.answer == .approve)
        #expect(agreed.claim.isEmpty && agreed.ledgerEntry == nil && agreed.decision == nil && agreed.audit.map(\.action) == [.moderate])
        #expect(agreed.eventTypes.isEmpty)

        let overturned = try settlement.moderation(
            .reject,
            reason: "food",
            moderator: "mia",
            on: claim(.approved, paid: 200),
            openSample: .approve,
            now: now
        )
        #expect(overturned.qualityControlAnswer?.agreed == false)
        #expect(overturned.claim.state == ClaimState(status: .rejected, decidedByModerator: true))
        #expect(overturned.ledgerEntry?.amount == -200 && overturned.claim.reasons == [.moderator("food")])
        #expect(overturned.eventTypes == [.claimDecidedByModerator, .ledgerEntryCreated])
    }

    @Test("a moderator's review, a claim nobody sampled, or one a person already decided waits for no decision")
    func moderationConflicts() {
        #expect(throws: SettlementConflict.self) {
            try settlement.moderation(.review, reason: "x", moderator: "mia", on: claim(.review), openSample: nil, now: now)
        }
        #expect(throws: SettlementConflict.self) {
            try settlement.moderation(.reject, reason: "x", moderator: "mia", on: claim(.approved, paid: 200), openSample: nil, now: now)
        }
        #expect(throws: SettlementConflict.self) {
            try settlement.moderation(
                .reject,
                reason: "x",
                moderator: "mia",
                on: claim(.approved, byModerator: true, paid: 200),
                openSample: .approve,
                now: now
            )
        }
        #expect(throws: SettlementConflict.self) {
            try settlement.moderation(
                .reject,
                reason: "x",
                moderator: "mia",
                on: claim(.review, byModerator: true),
                openSample: nil,
                now: now
            )
        }
    }

    // MARK: - Re-verification

    func reverify(
        _ decision: ClaimDecision?,
        on facts: ClaimFacts,
        corrected: Bool = false,
        dryRun: Bool = false,
        holder: String? = "r1"
    ) throws -> (plan: SettlementPlan, change: ReverifyChange, reasons: [ClaimReason], decision: ClaimDecision?) {
        try settlement.reverification(
            decision,
            score: 0.3,
            reasons: [.machine("residue_high")],
            heuristicVersion: "plates-4",
            on: facts,
            leaseHolder: holder,
            worker: "r1",
            alreadyCorrected: corrected,
            dryRun: dryRun,
            now: now
        )
    }

    @Test("re-verification corrects the claim and its ledger, and records the verdict it stands on")
    func reverification() throws {
        let found = try reverify(.reject, on: claim(.approved, paid: 200))
        #expect(found.change == .approveToReject && found.decision == .reject)
        #expect(found.plan.ledgerEntry?.amount == -200 && found.plan.claim.state?.status == .rejected)
        #expect(found.plan.reverification == ReverificationRecord(heuristicVersion: "plates-4", decision: .reject, at: now))
        #expect(found.plan.claim.decision == .reject && found.plan.claim.score == 0.3 && found.plan.claim.heuristicVersion == "plates-4")
        #expect(found.plan.claim.reasons == [.machine("residue_high")])

        let same = try reverify(.reject, on: claim(.rejected))
        #expect(same.change == .unchanged && same.plan.claim.state == nil && same.plan.ledgerEntry == nil)
        #expect(same.plan.reverification != nil && same.plan.claim.heuristicVersion == "plates-4")
    }

    @Test("re-verification reports and never changes a moderator's decision, a claim already corrected, or a dry run")
    func reverificationWritesNothing() throws {
        let moderated = try reverify(.reject, on: claim(.approved, byModerator: true, paid: 200))
        #expect(moderated.change == .skippedModerated && moderated.plan == SettlementPlan(claimID: 7))

        let corrected = try reverify(.reject, on: claim(.approved, paid: 200), corrected: true)
        #expect(corrected.change == .unchanged && corrected.plan == SettlementPlan(claimID: 7))

        let dry = try reverify(.reject, on: claim(.approved, paid: 200), dryRun: true)
        #expect(dry.change == .approveToReject && dry.plan == SettlementPlan(claimID: 7))

        let unreadable = try reverify(nil, on: claim(.approved, paid: 200))
        #expect(unreadable.change == .unchanged && unreadable.reasons == [.unreadable] && unreadable.plan == SettlementPlan(claimID: 7))

        #expect(throws: SettlementConflict.self) { try reverify(.reject, on: claim(.approved), holder: "r2") }
    }

    @Test("a claim held for a reused or stale photo stays held, whatever the new heuristic says")
    func reverificationKeepsHolds() throws {
        let held = try reverify(.approve, on: claim(.review, reasons: [.machine("residue_uncertain"), .duplicatePhoto]))
        #expect(held.decision == .review && held.change == .unchanged && held.plan.ledgerEntry == nil)
        #expect(held.reasons == [.machine("residue_high"), .duplicatePhoto])
        let rejected = try reverify(.reject, on: claim(.review, reasons: [.stalePhoto]))
        #expect(rejected.decision == .reject && rejected.change == .reviewToReject)
    }

    @Test("reasons keep their codes through storage")
    func reasonCodes() {
        let reasons: [ClaimReason] = [
            .machine("food_residue"), .duplicatePhoto, .nearDuplicate, .stalePhoto, .dailyCapReached, .outsideHours,
            .unknownActivity, .unreadable, .moderator("wrong_photo"),
        ]
        #expect(reasons.map { ClaimReason(code: $0.code) } == reasons)
        #expect(ClaimReason.moderator("wrong_photo").code == "moderator:wrong_photo")
        #expect(reasons.filter(\.holdsForAPerson) == [.duplicatePhoto, .nearDuplicate, .stalePhoto])
    }
}
