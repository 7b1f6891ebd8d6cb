/// What re-verifying one claim found.
public enum ReverifyChange: String, Sendable, CaseIterable {
    case unchanged
    case approveToReject = "approve_to_reject"
    case rejectToApprove = "reject_to_approve"
    case toReview = "to_review"
    case reviewToApprove = "review_to_approve"
    case reviewToReject = "review_to_reject"
    /// A moderator decided the claim: reported, never changed by a machine.
    case skippedModerated = "skipped_moderated"

    /// The change from a claim's status to a new machine decision.
    public static func between(_ status: ClaimStatus, _ decision: ClaimDecision) -> ReverifyChange {
        switch (status, decision) {
        case (.approved, .approve), (.rejected, .reject), (.review, .review): .unchanged
        case (.approved, .reject): .approveToReject
        case (.rejected, .approve): .rejectToApprove
        case (_, .review): .toReview
        case (.review, .approve): .reviewToApprove
        case (.review, .reject): .reviewToReject
        default: .unchanged
        }
    }
}
