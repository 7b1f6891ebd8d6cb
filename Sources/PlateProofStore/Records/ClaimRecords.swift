public import PlateProofDomain

/// A photo claim as an upload backend submits it.
public struct ClaimRequest: Sendable, Hashable {
    /// The site the claim, its account and its credits belong to.
    public var site: SiteID
    /// Who submitted it (an API key's name, or `cli`); idempotency keys are unique per uploader.
    public var uploader: String
    public var idempotencyKey: String
    public var account: AccountID
    public var activity: ActivityID
    /// SHA-256 of the photo's bytes, lower-case hex.
    public var photoSHA256: String
    public var claimedAt: Timestamp

    public init(
        site: SiteID = .default,
        uploader: String,
        idempotencyKey: String,
        account: AccountID,
        activity: ActivityID,
        photoSHA256: String,
        claimedAt: Timestamp
    ) {
        self.site = site
        self.uploader = uploader
        self.idempotencyKey = idempotencyKey
        self.account = account
        self.activity = activity
        self.photoSHA256 = photoSHA256
        self.claimedAt = claimedAt
    }
}

/// A stored claim and where it stands.
public struct ClaimRecord: Sendable, Hashable {
    public var id: Int64
    public var request: ClaimRequest
    public var state: ClaimState
    public var decision: ClaimDecision?
    public var score: Double?
    public var reasons: [ClaimReason]
    public var heuristicVersion: String?
    public var phash: String?
    public var decidedAt: Timestamp?
    /// SHA-256 of the evidence JPEG in the blob store.
    public var evidenceSHA256: String?
    /// SHA-256 of the JPEG showing what the verifier saw (dishes, cutlery, residue), kept for the
    /// claims it did not approve.
    public var overlaySHA256: String?
    /// The site's plate model the verdict was measured against (`name@version`), if one matched.
    public var plateProfile: String?
    /// Earlier claims of the same or a near-identical photo.
    public var matches: [Int64]
    /// When the original photo was deleted after its retention period (the evidence stays).
    public var originalDeletedAt: Timestamp?
    /// Credits paid for the claim, net of reversals.
    public var credits: Credits

    package init(
        id: Int64,
        request: ClaimRequest,
        state: ClaimState,
        decision: ClaimDecision?,
        score: Double?,
        reasons: [ClaimReason],
        heuristicVersion: String?,
        phash: String?,
        decidedAt: Timestamp?,
        evidenceSHA256: String?,
        overlaySHA256: String?,
        plateProfile: String?,
        matches: [Int64],
        originalDeletedAt: Timestamp?,
        credits: Credits
    ) {
        self.id = id
        self.request = request
        self.state = state
        self.decision = decision
        self.score = score
        self.reasons = reasons
        self.heuristicVersion = heuristicVersion
        self.phash = phash
        self.decidedAt = decidedAt
        self.evidenceSHA256 = evidenceSHA256
        self.overlaySHA256 = overlaySHA256
        self.plateProfile = plateProfile
        self.matches = matches
        self.originalDeletedAt = originalDeletedAt
        self.credits = credits
    }
}

/// What enqueueing did.
public struct EnqueueResult: Sendable, Hashable {
    public var claim: ClaimRecord
    /// False when the idempotency key had been seen: the stored claim is returned unchanged.
    public var created: Bool

    package init(claim: ClaimRecord, created: Bool) {
        self.claim = claim
        self.created = created
    }
}

extension EnqueueResult {
    /// An enqueue whose uploader and key were seen before: the stored claim, unchanged, when the
    /// request is the same claim; a `conflict` when the key was used for another photo, account, activity or site.
    package static func replaying(_ request: ClaimRequest, stored existing: ClaimRecord) throws(StoreError) -> EnqueueResult {
        let same =
            existing.request.photoSHA256 == request.photoSHA256 && existing.request.account == request.account
            && existing.request.activity == request.activity && existing.request.site == request.site
        guard same else {
            throw StoreError(.conflict, "idempotency key \(request.idempotencyKey) was used for another claim (\(existing.id))")
        }
        return EnqueueResult(claim: existing, created: false)
    }
}

/// A job a worker holds the lease of.
public struct LeasedJob: Sendable, Hashable {
    public var claimID: Int64
    public var request: ClaimRequest
    /// How many times the job has been taken, this time included.
    public var attempts: Int

    package init(claimID: Int64, request: ClaimRequest, attempts: Int) {
        self.claimID = claimID
        self.request = request
        self.attempts = attempts
    }
}
