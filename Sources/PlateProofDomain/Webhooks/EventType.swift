/// What an event says happened; webhook endpoints subscribe to these by name.
public enum EventType: String, Hashable, Sendable, CaseIterable, Codable {
    /// The machine's first decision, by the status it gave the claim.
    case claimApproved = "claim.approved"
    case claimRejected = "claim.rejected"
    case claimReview = "claim.review"
    /// A moderator decided a claim in review, or overturned the machine in a quality check.
    case claimDecidedByModerator = "claim.decided_by_moderator"
    /// A newer heuristic changed a claim's decision.
    case claimReverified = "claim.reverified"
    /// A credit or a reversal was written to the ledger.
    case ledgerEntryCreated = "ledger.entry_created"

    /// The event of the machine deciding `status`.
    public static func machineDecided(_ status: ClaimStatus) -> EventType {
        switch status {
        case .approved: .claimApproved
        case .rejected: .claimRejected
        default: .claimReview
        }
    }
}
