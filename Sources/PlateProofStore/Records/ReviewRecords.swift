public import PlateProofDomain

/// A claim waiting for a person: flagged by the machine, or sampled for quality control.
public struct ReviewItem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The machine could not decide: its decision waits for a moderator's.
        case review
        /// The machine decided; a moderator checks it, and overturns it if wrong.
        case qa
    }

    public var kind: Kind
    public var claim: ClaimRecord

    package init(kind: Kind, claim: ClaimRecord) {
        self.kind = kind
        self.claim = claim
    }
}

/// What a moderator's decision did.
public struct ModerationOutcome: Sendable, Hashable {
    public var kind: ReviewItem.Kind
    public var claim: ClaimRecord
    /// For quality-control items: whether the moderator agreed with the machine.
    public var agreedWithMachine: Bool?
    /// Ledger entries the decision wrote (0 or 1).
    public var ledgerEntriesWritten: Int

    package init(kind: ReviewItem.Kind, claim: ClaimRecord, agreedWithMachine: Bool?, ledgerEntriesWritten: Int) {
        self.kind = kind
        self.claim = claim
        self.agreedWithMachine = agreedWithMachine
        self.ledgerEntriesWritten = ledgerEntriesWritten
    }
}

/// How often moderators agreed with the machine on quality-control items, per heuristic version.
public struct AgreementRate: Sendable, Hashable {
    public var heuristicVersion: String
    public var answered: Int
    public var agreed: Int

    public var rate: Double { answered == 0 ? 0 : Double(agreed) / Double(answered) }

    package init(heuristicVersion: String, answered: Int, agreed: Int) {
        self.heuristicVersion = heuristicVersion
        self.answered = answered
        self.agreed = agreed
    }
}

/// One event: a decision (the feed upload backends poll) or a ledger entry. Webhooks push both.
public struct DecisionEvent: Sendable, Hashable {
    /// Increasing; pass the last one seen as the next `after` cursor. Stable: receivers of
    /// webhooks de-duplicate by it.
    public var id: Int64
    public var type: EventType
    public var claimID: Int64
    /// The entry a `ledger.entry_created` event announces.
    public var ledgerEntryID: Int64?
    public var site: SiteID
    public var account: AccountID
    /// The claim's status after this decision.
    public var status: ClaimStatus
    /// The heuristic version or the moderator that decided.
    public var decidedBy: String
    public var at: Timestamp

    package init(
        id: Int64,
        type: EventType,
        claimID: Int64,
        ledgerEntryID: Int64?,
        site: SiteID,
        account: AccountID,
        status: ClaimStatus,
        decidedBy: String,
        at: Timestamp
    ) {
        self.id = id
        self.type = type
        self.claimID = claimID
        self.ledgerEntryID = ledgerEntryID
        self.site = site
        self.account = account
        self.status = status
        self.decidedBy = decidedBy
        self.at = at
    }
}

/// One ledger entry with its position, for paging.
public struct LedgerLine: Sendable, Hashable {
    public var id: Int64
    public var entry: LedgerEntry

    package init(id: Int64, entry: LedgerEntry) {
        self.id = id
        self.entry = entry
    }
}

extension ModerationOutcome {
    /// What the moderation `plan` did to `claim` (read back once it was applied).
    package init(_ plan: SettlementPlan, claim: ClaimRecord) {
        self.init(
            kind: plan.qualityControlAnswer == nil ? .review : .qa,
            claim: claim,
            agreedWithMachine: plan.qualityControlAnswer?.agreed,
            ledgerEntriesWritten: plan.ledgerEntriesWritten
        )
    }
}
