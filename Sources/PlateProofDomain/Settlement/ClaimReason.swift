/// Why a claim stands where it does: the machine's own codes, and those settlement adds.
///
/// Stored and shown as its `code` (`duplicate_photo`, `moderator:wrong_photo`, a verifier code such
/// as `food_residue`).
public enum ClaimReason: Hashable, Sendable {
    /// A reason the machine gave (the verifier, or the worker when a photo could not be processed).
    case machine(String)
    /// The same photo bytes were claimed before.
    case duplicatePhoto
    /// A near-identical photo was claimed within the window.
    case nearDuplicate
    /// The photo was taken too long before its claim, or in the future.
    case stalePhoto
    /// Approved, but the account already had its paid claims of the activity that day.
    case dailyCapReached
    /// Approved, but claimed outside the activity's hours.
    case outsideHours
    /// Approved, but the catalogue has no such activity.
    case unknownActivity
    /// Neither the original nor the evidence could be read when re-verifying.
    case unreadable
    /// A moderator's reason code.
    case moderator(String)

    /// Reasons that hold a claim for a person whatever the verifier says: a reused or stale photo.
    public var holdsForAPerson: Bool { self == .duplicatePhoto || self == .nearDuplicate || self == .stalePhoto }

    public var code: String {
        switch self {
        case .machine(let code): code
        case .duplicatePhoto: "duplicate_photo"
        case .nearDuplicate: "near_duplicate"
        case .stalePhoto: "stale_photo"
        case .dailyCapReached: "daily_cap_reached"
        case .outsideHours: "outside_hours"
        case .unknownActivity: "unknown_activity"
        case .unreadable: "unreadable"
        case .moderator(let code): "moderator:\(code)"
        }
    }

    /// The reason a stored code names; codes settlement does not know are the machine's.
    public init(code: String) {
        switch code {
        case "duplicate_photo": self = .duplicatePhoto
        case "near_duplicate": self = .nearDuplicate
        case "stale_photo": self = .stalePhoto
        case "daily_cap_reached": self = .dailyCapReached
        case "outside_hours": self = .outsideHours
        case "unknown_activity": self = .unknownActivity
        case "unreadable": self = .unreadable
        case _ where code.hasPrefix("moderator:"): self = .moderator(String(code.dropFirst("moderator:".count)))
        default: self = .machine(code)
        }
    }
}
