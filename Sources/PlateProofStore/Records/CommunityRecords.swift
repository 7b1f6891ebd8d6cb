public import PlateProofDomain

/// A household's members and their summed balance.
public struct HouseholdRecord: Sendable, Hashable {
    public var id: HouseholdID
    public var members: [AccountID]
    public var balance: Credits

    package init(id: HouseholdID, members: [AccountID], balance: Credits) {
        self.id = id
        self.members = members
        self.balance = balance
    }
}

/// One line of a leaderboard.
public struct LeaderboardEntry: Sendable, Hashable {
    public var account: AccountID
    /// Credits earned in the period (net of reversals).
    public var credits: Credits

    package init(account: AccountID, credits: Credits) {
        self.account = account
        self.credits = credits
    }
}
