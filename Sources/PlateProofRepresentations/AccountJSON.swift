public import PlateProofDomain

/// An account's balance and ledger entries (`plateproof account show --json`, `GET /v1/accounts/{id}`).
public struct AccountJSON: Codable, Sendable, Equatable {
    /// The site the account belongs to (an account id is unique within a site only).
    public var site: String
    public var account: String
    public var balance: Int64
    public var entries: [LedgerEntryJSON]
    /// The cursor for the next page of entries, when there may be one (HTTP only).
    public var nextAfter: Int64?

    enum CodingKeys: String, CodingKey {
        case site, account, balance, entries
        case nextAfter = "next_after"
    }

    public init(site: SiteID, account: AccountID, balance: Credits, entries: [LedgerEntryJSON], nextAfter: Int64? = nil) {
        self.site = site.rawValue
        self.account = account.rawValue
        self.balance = balance.rawValue
        self.entries = entries
        self.nextAfter = nextAfter
    }

}

/// One ledger entry.
public struct LedgerEntryJSON: Codable, Sendable, Equatable {
    public var entryID: Int64?
    /// Named where the entry is shown on its own (a webhook), not in its account's list.
    public var account: String?
    public var kind: String
    public var amount: Int64
    public var claimID: Int64?
    public var reason: String
    public var createdAt: Int64

    enum CodingKeys: String, CodingKey {
        case kind, amount, reason, account
        case entryID = "entry_id"
        case claimID = "claim_id"
        case createdAt = "created_at"
    }

    public init(_ entry: LedgerEntry, id: Int64? = nil, namingAccount: Bool = false) {
        entryID = id
        account = namingAccount ? entry.account.rawValue : nil
        kind = entry.kind.rawValue
        amount = entry.amount.rawValue
        claimID = entry.claimID
        reason = entry.reason
        createdAt = entry.createdAt.secondsSince1970
    }
}
