/// What an audit line records.
public enum AuditAction: String, Hashable, Sendable, CaseIterable {
    case enqueue
    case retry
    /// The machine's first decision.
    case decide
    /// A later decision: a moderator's, a quality check that overturned the machine, a re-verification.
    case redecide
    /// A moderator answered (a claim in review or a quality-control sample).
    case moderate
    case claimCredit = "claim_credit"
    case reversal
    case reverifyStart = "reverify_start"
    case keyCreate = "key_create"
    case keyRevoke = "key_revoke"
    case siteCreate = "site_create"
    /// A site's name, time zone or catalogue changed, or it was deactivated.
    case siteUpdate = "site_update"
    /// A site enrolled a plate model (a new version of it), or removed one.
    case plateEnrol = "plate_enrol"
    case plateRemove = "plate_remove"
    /// An original photo deleted after its retention period.
    case deleteOriginal = "delete_original"
    case webhookCreate = "webhook_create"
    case webhookUpdate = "webhook_update"
    case webhookRotate = "webhook_rotate"
    case webhookDelete = "webhook_delete"
    /// An endpoint disabled for failing every attempt for days.
    case webhookDisable = "webhook_disable"
    case webhookResend = "webhook_resend"
}

/// One line of the audit log: who did what to which claim.
public struct AuditLine: Hashable, Sendable {
    /// A heuristic version, `moderator:NAME`, an uploader or a worker.
    public var actor: String
    public var action: AuditAction
    public var claimID: Int64?
    public var detail: String
    public var at: Timestamp

    public init(actor: String, action: AuditAction, claimID: Int64?, detail: String, at: Timestamp) {
        self.actor = actor
        self.action = action
        self.claimID = claimID
        self.detail = detail
        self.at = at
    }
}
