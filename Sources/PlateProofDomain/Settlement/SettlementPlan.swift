/// A claim as settlement sees it: where it stands and what it has been paid.
public struct ClaimFacts: Hashable, Sendable {
    public var claimID: Int64
    public var account: AccountID
    public var activity: ActivityID
    public var claimedAt: Timestamp
    public var state: ClaimState
    public var reasons: [ClaimReason]
    /// Credits paid for the claim so far, net of reversals.
    public var netPaid: Credits
    /// Other claims of the same activity already paid to the account on the claim's local day.
    public var paidThatDay: Int

    public init(
        claimID: Int64,
        account: AccountID,
        activity: ActivityID,
        claimedAt: Timestamp,
        state: ClaimState,
        reasons: [ClaimReason],
        netPaid: Credits,
        paidThatDay: Int
    ) {
        self.claimID = claimID
        self.account = account
        self.activity = activity
        self.claimedAt = claimedAt
        self.state = state
        self.reasons = reasons
        self.netPaid = netPaid
        self.paidThatDay = paidThatDay
    }
}

/// Earlier claims of the same photo: the same bytes, or a perceptual hash within the rules' distance.
public struct PhotoHistory: Hashable, Sendable {
    public var exact: [Int64]
    public var near: [Int64]

    public init(exact: [Int64] = [], near: [Int64] = []) {
        self.exact = exact
        self.near = near
    }
}

/// The columns of a claim a settlement step changes; nil leaves a column as it is.
public struct ClaimChange: Hashable, Sendable {
    public var state: ClaimState?
    public var decidedAt: Timestamp?
    /// The verdict the claim shows (the machine's, or the re-verification's).
    public var decision: ClaimDecision?
    public var reasons: [ClaimReason]?
    public var score: Double?
    public var heuristicVersion: String?
    public var phash: String?
    public var evidenceSHA256: String?
    public var overlaySHA256: String?
    /// The plate model the verdict was measured against; empty when none matched.
    public var plateProfile: String?
    public var matches: [Int64]?

    public init() {}

    public var isEmpty: Bool { self == ClaimChange() }
}

/// A machine decision sampled for a moderator's second look.
public struct QualityControlSample: Hashable, Sendable {
    public var machineDecision: ClaimDecision
    public var heuristicVersion: String
    public var sampledAt: Timestamp

    public init(machineDecision: ClaimDecision, heuristicVersion: String, sampledAt: Timestamp) {
        self.machineDecision = machineDecision
        self.heuristicVersion = heuristicVersion
        self.sampledAt = sampledAt
    }
}

/// A moderator's answer to an open quality-control sample.
public struct QualityControlAnswer: Hashable, Sendable {
    public var answer: ClaimDecision
    public var reason: String
    public var moderator: String
    public var answeredAt: Timestamp
    /// Whether the moderator agreed with the machine.
    public var agreed: Bool
}

/// One decision for the events feed upload backends poll and the webhooks pushed to them.
public struct DecisionRecord: Hashable, Sendable {
    public var type: EventType
    public var claimID: Int64
    public var account: AccountID
    /// The claim's status after the decision.
    public var status: ClaimStatus
    /// The heuristic version or the moderator that decided.
    public var decidedBy: String
    public var at: Timestamp

    public init(type: EventType, claimID: Int64, account: AccountID, status: ClaimStatus, decidedBy: String, at: Timestamp) {
        self.type = type
        self.claimID = claimID
        self.account = account
        self.status = status
        self.decidedBy = decidedBy
        self.at = at
    }
}

/// A heuristic version's verdict on a claim, recorded so that running it again changes nothing.
public struct ReverificationRecord: Hashable, Sendable {
    /// What decided: the heuristic version, and the plate models of the claim's site (see
    /// ``rules(heuristicVersion:plateModels:)``).
    public var heuristicVersion: String
    public var decision: ClaimDecision
    public var at: Timestamp

    public init(heuristicVersion: String, decision: ClaimDecision, at: Timestamp) {
        self.heuristicVersion = heuristicVersion
        self.decision = decision
        self.at = at
    }

    /// The rules a re-verification ran with: the heuristic version, then the claim's site's plate
    /// models in use (`name@version`), so an enrolment makes the next run look at the claim again.
    public static func rules(heuristicVersion: String, plateModels: [String]) -> String {
        plateModels.isEmpty ? heuristicVersion : "\(heuristicVersion) with \(plateModels.sorted().joined(separator: ","))"
    }
}

/// What a verdict, a moderator's decision or a re-verification does to a claim, decided before
/// anything is written: a store applies it, in one transaction, as it stands.
public struct SettlementPlan: Hashable, Sendable {
    public var claimID: Int64
    public var claim = ClaimChange()
    /// The entry that brings the claim's net payment in line with its new state, if any.
    public var ledgerEntry: LedgerEntry?
    public var qualityControlSample: QualityControlSample?
    public var qualityControlAnswer: QualityControlAnswer?
    public var reverification: ReverificationRecord?
    public var decision: DecisionRecord?
    /// In the order they happen.
    public var audit: [AuditLine] = []

    public init(claimID: Int64) { self.claimID = claimID }

    /// Ledger entries the plan writes (0 or 1).
    public var ledgerEntriesWritten: Int { ledgerEntry == nil ? 0 : 1 }

    /// The events the plan writes, in order: its decision's, then its ledger entry's. A store writes
    /// them in the transaction that applies the plan (the webhook outbox).
    public var eventTypes: [EventType] {
        (decision.map { [$0.type] } ?? []) + (ledgerEntry == nil ? [] : [.ledgerEntryCreated])
    }
}

/// A step the claim's state, lease or samples do not allow; stores report it as a conflict.
public struct SettlementConflict: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
