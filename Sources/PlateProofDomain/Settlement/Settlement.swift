/// What happens to a claim when a verdict, a moderator's decision or a re-verification arrives:
/// the duplicate and staleness rules, the state transition, the catalogue's caps and hours, the
/// ledger correction, the quality-control draw, the audit lines and the decision event.
///
/// Pure: the store reads the facts, asks for a plan and applies it in one transaction. Random
/// draws come in as arguments, so every plan can be checked without a database.
public struct Settlement: Hashable, Sendable {
    public var catalogue: ActivityCatalogue
    public var duplicates: DuplicateRules
    /// Share of machine approvals and rejections sampled for a moderator's quality check.
    public var qualityControlRate: Double

    public init(catalogue: ActivityCatalogue = .standard, duplicates: DuplicateRules = .init(), qualityControlRate: Double = 0) {
        self.catalogue = catalogue
        self.duplicates = duplicates
        self.qualityControlRate = qualityControlRate
    }

    // MARK: - The machine's first decision

    /// The verdict of the worker holding the claim's lease: a photo already claimed, nearly
    /// identical to one claimed within the window, or stale by its capture time goes to review
    /// with its matches named; an approval is paid within the catalogue's caps and hours.
    /// `qualityControlDraw`, uniform in 0..<1, samples the decision when below the rate.
    public func machineDecision(
        _ verdict: MachineVerdict,
        on claim: ClaimFacts,
        leaseHolder: String?,
        worker: String,
        history: PhotoHistory,
        qualityControlDraw: Double,
        now: Timestamp
    ) throws(SettlementConflict) -> SettlementPlan {
        try Self.requireLease(held: leaseHolder, by: worker, claim: claim.claimID)
        var reasons = verdict.reasons
        if !history.exact.isEmpty { reasons.append(.duplicatePhoto) }
        if !history.near.isEmpty { reasons.append(.nearDuplicate) }
        if let capture = verdict.captureTime, duplicates.isStale(capture: capture, claimedAt: claim.claimedAt) {
            reasons.append(.stalePhoto)
        }
        let decision = DuplicateRules.decision(verdict.decision, reasons: reasons)
        let state = try Self.transition(claim.state, .machineDecided(decision))
        var payment: Credits?
        if state.isPaid {
            switch creditDecision(for: claim) {
            case .credit(let amount): payment = amount
            case .capReached: reasons.append(.dailyCapReached)
            case .outsideHours: reasons.append(.outsideHours)
            case .unknownActivity: reasons.append(.unknownActivity)
            }
        }
        var plan = SettlementPlan(claimID: claim.claimID)
        plan.claim.state = state
        plan.claim.decidedAt = now
        plan.claim.decision = decision
        plan.claim.reasons = reasons
        plan.claim.score = verdict.score
        plan.claim.heuristicVersion = verdict.heuristicVersion
        plan.claim.phash = verdict.phash
        plan.claim.evidenceSHA256 = verdict.evidenceSHA256
        plan.claim.overlaySHA256 = verdict.overlaySHA256
        plan.claim.plateProfile = verdict.plateProfile ?? ""
        plan.claim.matches = history.exact + history.near
        plan.audit.append(
            AuditLine(actor: verdict.heuristicVersion, action: .decide, claimID: claim.claimID, detail: decision.rawValue, at: now)
        )
        plan.decision = DecisionRecord(
            type: .machineDecided(state.status),
            claimID: claim.claimID,
            account: claim.account,
            status: state.status,
            decidedBy: verdict.heuristicVersion,
            at: now
        )
        settle(claim, shouldBePaid: payment, reason: verdict.heuristicVersion, now: now, into: &plan)
        if decision != .review && qualityControlDraw < qualityControlRate {
            plan.qualityControlSample = QualityControlSample(
                machineDecision: decision,
                heuristicVersion: verdict.heuristicVersion,
                sampledAt: now
            )
        }
        return plan
    }

    // MARK: - Later decisions

    /// A later decision on a decided claim (a moderator's, a newer heuristic's): the new state and
    /// the ledger entry, a credit or a reversal, that follows it. A decision that changes nothing
    /// pays nothing twice.
    public func redecision(
        _ event: ClaimEvent,
        by actor: String,
        on claim: ClaimFacts,
        now: Timestamp
    ) throws(SettlementConflict) -> SettlementPlan {
        var plan = SettlementPlan(claimID: claim.claimID)
        try redecide(event, by: actor, on: claim, now: now, into: &plan)
        return plan
    }

    /// A moderator's `approve` or `reject`, with a reason code, on a claim in review (decided and
    /// paid as the worker would) or on the open quality-control sample of a machine decision
    /// (`openSample`, the machine's decision): an answer moves credits only when it overturns the
    /// machine. Anything else waits for no decision and is a conflict.
    public func moderation(
        _ decision: ClaimDecision,
        reason: String,
        moderator: String,
        on claim: ClaimFacts,
        openSample: ClaimDecision?,
        now: Timestamp
    ) throws(SettlementConflict) -> SettlementPlan {
        guard decision != .review else { throw SettlementConflict("a moderator's decision is approve or reject") }
        let actor = "moderator:\(moderator)"
        var plan = SettlementPlan(claimID: claim.claimID)
        plan.audit.append(
            AuditLine(actor: actor, action: .moderate, claimID: claim.claimID, detail: "\(decision.rawValue) \(reason)", at: now)
        )
        let inReview = claim.state.status == .review && !claim.state.decidedByModerator
        if !inReview {
            guard let machine = openSample, !claim.state.decidedByModerator else {
                throw SettlementConflict("claim \(claim.claimID) is \(claim.state.status.rawValue) and waits for no decision")
            }
            let agreed = machine == decision
            plan.qualityControlAnswer = QualityControlAnswer(
                answer: decision,
                reason: reason,
                moderator: moderator,
                answeredAt: now,
                agreed: agreed
            )
            if agreed { return plan }
        }
        try redecide(inReview ? .moderated(decision) : .qualityChecked(decision), by: actor, on: claim, now: now, into: &plan)
        plan.claim.reasons = claim.reasons + [.moderator(reason)]
        return plan
    }

    /// What re-verifying a claim with `heuristicVersion` found, and, unless `dryRun`, the correction:
    /// a claim held for a reused or stale photo stays held, a moderator's decision is reported and
    /// never changed, and a version that already corrected the claim changes nothing, so running it
    /// again writes nothing. `decision` is nil when the photo could not be read. `plateModels` are the
    /// site's models in use (part of the rules: after an enrolment a claim is corrected again), and
    /// `plateProfile` the one the verdict was measured against.
    public func reverification(
        _ decision: ClaimDecision?,
        score: Double?,
        reasons: [ClaimReason],
        heuristicVersion: String,
        plateModels: [String] = [],
        plateProfile: String? = nil,
        on claim: ClaimFacts,
        leaseHolder: String?,
        worker: String,
        alreadyCorrected: Bool,
        dryRun: Bool,
        now: Timestamp
    ) throws(SettlementConflict) -> (plan: SettlementPlan, change: ReverifyChange, reasons: [ClaimReason], decision: ClaimDecision?) {
        try Self.requireLease(held: leaseHolder, by: worker, claim: claim.claimID)
        let held = claim.reasons.filter(\.holdsForAPerson)
        let reasons = (decision == nil ? [.unreadable] : reasons) + held
        let decision = decision.map { DuplicateRules.decision($0, reasons: held) }
        var plan = SettlementPlan(claimID: claim.claimID)
        if claim.state.decidedByModerator { return (plan, .skippedModerated, reasons, decision) }
        guard let decision, !alreadyCorrected else { return (plan, .unchanged, reasons, decision) }
        let change = ReverifyChange.between(claim.state.status, decision)
        guard !dryRun else { return (plan, change, reasons, decision) }
        if change != .unchanged { try redecide(.reverified(decision), by: heuristicVersion, on: claim, now: now, into: &plan) }
        plan.reverification = ReverificationRecord(
            heuristicVersion: ReverificationRecord.rules(heuristicVersion: heuristicVersion, plateModels: plateModels),
            decision: decision,
            at: now
        )
        // The claim shows the verdict it now stands on.
        plan.claim.decision = decision
        plan.claim.score = score
        plan.claim.reasons = reasons
        plan.claim.heuristicVersion = heuristicVersion
        plan.claim.plateProfile = plateProfile ?? ""
        return (plan, change, reasons, decision)
    }

    // MARK: - Building blocks

    /// Only the worker holding a job's lease may finish it (or put it back).
    public static func requireLease(held holder: String?, by worker: String, claim: Int64) throws(SettlementConflict) {
        guard holder == worker else { throw SettlementConflict("the lease on claim \(claim) is not held by \(worker)") }
    }

    private func redecide(
        _ event: ClaimEvent,
        by actor: String,
        on claim: ClaimFacts,
        now: Timestamp,
        into plan: inout SettlementPlan
    ) throws(SettlementConflict) {
        let state = try Self.transition(claim.state, event)
        plan.claim.state = state
        plan.claim.decidedAt = now
        plan.audit.append(AuditLine(actor: actor, action: .redecide, claimID: claim.claimID, detail: state.status.rawValue, at: now))
        let type: EventType = if case .reverified = event { .claimReverified } else { .claimDecidedByModerator }
        plan.decision = DecisionRecord(
            type: type,
            claimID: claim.claimID,
            account: claim.account,
            status: state.status,
            decidedBy: actor,
            at: now
        )
        var payment: Credits?
        if state.isPaid, case .credit(let amount) = creditDecision(for: claim) { payment = amount }
        settle(claim, shouldBePaid: payment, reason: actor, now: now, into: &plan)
    }

    private func creditDecision(for claim: ClaimFacts) -> CreditDecision {
        catalogue.creditDecision(activity: claim.activity, claimedAt: claim.claimedAt, alreadyPaidThatDay: claim.paidThatDay)
    }

    /// The ledger entry, and its audit line, that make the claim's net payment `shouldBePaid`.
    private func settle(_ claim: ClaimFacts, shouldBePaid: Credits?, reason: String, now: Timestamp, into plan: inout SettlementPlan) {
        guard
            let entry = LedgerRules.correction(
                claim: claim.claimID,
                account: claim.account,
                shouldBePaid: shouldBePaid,
                netPaid: claim.netPaid,
                reason: reason,
                at: now
            )
        else { return }
        plan.ledgerEntry = entry
        let action: AuditAction = entry.kind == .reversal ? .reversal : .claimCredit
        plan.audit.append(AuditLine(actor: reason, action: action, claimID: claim.claimID, detail: "\(entry.amount) credits", at: now))
    }

    private static func transition(_ state: ClaimState, _ event: ClaimEvent) throws(SettlementConflict) -> ClaimState {
        do {
            return try state.applying(event)
        } catch {
            throw SettlementConflict(error.description)
        }
    }
}
