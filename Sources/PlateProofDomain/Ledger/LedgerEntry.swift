/// Why a ledger entry exists.
public enum LedgerEntryKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Credits for an approved claim.
    case claimCredit = "claim_credit"
    /// Takes back an earlier claim credit.
    case reversal
    /// A person's correction, not tied to a claim.
    case adjustment
}

/// One append-only line of an account's ledger. Balances are sums of entries; nothing is edited,
/// corrections are new entries.
public struct LedgerEntry: Hashable, Sendable, Codable {
    public var account: AccountID
    public var kind: LedgerEntryKind
    /// Signed: credits are positive, reversals negative.
    public var amount: Credits
    /// The claim the entry settles, for claim credits and their reversals.
    public var claimID: Int64?
    /// Who or what made the entry, and why (a heuristic version, a moderator's key name).
    public var reason: String
    public var createdAt: Timestamp

    public init(account: AccountID, kind: LedgerEntryKind, amount: Credits, claimID: Int64?, reason: String, createdAt: Timestamp) {
        self.account = account
        self.kind = kind
        self.amount = amount
        self.claimID = claimID
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// The ledger's rules, as pure functions over entries.
public enum LedgerRules {
    /// An account's balance: the sum of its entries (an account with none has 0).
    public static func balance(of entries: some Sequence<LedgerEntry>) -> Credits {
        entries.reduce(.zero) { $0 + $1.amount }
    }

    /// What a claim has been paid so far, net of reversals.
    public static func netPaid(claim: Int64, in entries: some Sequence<LedgerEntry>) -> Credits {
        balance(of: entries.lazy.filter { $0.claimID == claim })
    }

    /// The one entry that brings a claim's net payment in line with its state, or nil when it already
    /// is: a credit when a paid claim has not been paid, a reversal when an unpaid one has. Applying the
    /// same correction twice therefore writes nothing the second time.
    public static func correction(
        claim: Int64,
        account: AccountID,
        shouldBePaid amount: Credits?,
        netPaid: Credits,
        reason: String,
        at time: Timestamp
    ) -> LedgerEntry? {
        let target = amount ?? .zero
        guard target != netPaid else { return nil }
        let kind: LedgerEntryKind = target > netPaid ? .claimCredit : .reversal
        return LedgerEntry(
            account: account,
            kind: kind,
            amount: Credits(target.rawValue - netPaid.rawValue),
            claimID: claim,
            reason: reason,
            createdAt: time
        )
    }
}
