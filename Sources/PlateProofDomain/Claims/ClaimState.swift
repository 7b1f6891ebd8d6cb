/// Where a claim stands.
public enum ClaimStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case queued
    case processing
    case approved
    case rejected
    case review
}

/// A verdict on a claim, by the verifier or by a person.
public enum ClaimDecision: String, Hashable, Sendable, Codable, CaseIterable {
    case approve
    case reject
    case review

    /// The status a claim has after this decision.
    public var status: ClaimStatus {
        switch self {
        case .approve: .approved
        case .reject: .rejected
        case .review: .review
        }
    }
}

/// Something that happens to a claim.
public enum ClaimEvent: Hashable, Sendable {
    /// A worker took the claim's job.
    case leased
    /// The job goes back to the queue (its worker died, or a transient failure will be retried).
    case released
    /// The verifier decided.
    case machineDecided(ClaimDecision)
    /// A moderator decided a claim waiting for review.
    case moderated(ClaimDecision)
    /// A newer heuristic re-verified a decided claim.
    case reverified(ClaimDecision)
    /// A moderator's quality-control answer on a claim the machine approved or rejected.
    case qualityChecked(ClaimDecision)
}

/// Why an event cannot happen to a claim in its current state.
public struct ClaimTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let state: ClaimState
    public let event: ClaimEvent

    public var description: String { "cannot apply \(event) to a claim that is \(state.status.rawValue)" }
}

/// A claim's status and who decided it; the rules of how it may change live here, free of storage.
public struct ClaimState: Hashable, Sendable {
    public var status: ClaimStatus
    /// Moderators' decisions are final for machines: re-verification reports them, never changes them.
    public var decidedByModerator: Bool

    public init(status: ClaimStatus = .queued, decidedByModerator: Bool = false) {
        self.status = status
        self.decidedByModerator = decidedByModerator
    }

    /// The state after `event`, or an error when the event is not allowed now.
    public func applying(_ event: ClaimEvent) throws(ClaimTransitionError) -> ClaimState {
        switch (status, event) {
        case (.queued, .leased):
            return ClaimState(status: .processing)
        case (.processing, .released):
            return ClaimState(status: .queued)
        case (.processing, .machineDecided(let decision)):
            return ClaimState(status: decision.status)
        case (.review, .moderated(let decision)) where decision != .review:
            return ClaimState(status: decision.status, decidedByModerator: true)
        case (.approved, .qualityChecked(let decision)) where decision != .review && !decidedByModerator,
            (.rejected, .qualityChecked(let decision)) where decision != .review && !decidedByModerator:
            return ClaimState(status: decision.status, decidedByModerator: true)
        case (.approved, .reverified(let decision)), (.rejected, .reverified(let decision)), (.review, .reverified(let decision)):
            guard !decidedByModerator else { break }
            return ClaimState(status: decision.status)
        default:
            break
        }
        throw ClaimTransitionError(state: self, event: event)
    }

    /// The state once a worker takes the claim's job: a claim still processing lost its worker, and
    /// goes back to the queue first.
    public func leased() throws(ClaimTransitionError) -> ClaimState {
        try (status == .processing ? applying(.released) : self).applying(.leased)
    }

    /// Whether the claim's decision pays its activity's credits.
    public var isPaid: Bool { status == .approved }
}
