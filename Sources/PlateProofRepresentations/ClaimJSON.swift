import PlateProofDomain
public import PlateProofStore

/// A claim as scripts and upload backends see it: `plateproof claim show --json` and the HTTP API
/// answer this same shape.
public struct ClaimJSON: Codable, Sendable, Equatable {
    public var claimID: Int64
    public var site: String
    public var account: String
    public var activity: String
    public var status: String
    public var decision: String?
    public var score: Double?
    public var reasons: [String]
    public var credits: Int64
    public var heuristicVersion: String?
    public var phash: String?
    public var evidenceSHA256: String?
    /// The picture of what the verifier saw, for claims it did not approve.
    public var overlaySHA256: String?
    /// The site's plate model the verdict was measured against (`name@version`); null when none
    /// matched, always present.
    public var plateProfile: String?
    /// Earlier claims of the same or a near-identical photo, at sites the reader may see.
    public var matches: [Int64]
    /// How many such claims are at other sites: that they exist is shown, not which they are.
    public var matchesElsewhere: Int
    public var claimedAt: Int64
    public var decidedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case site, account, activity, status, decision, score, reasons, credits, phash, matches
        case matchesElsewhere = "matches_elsewhere"
        case claimID = "claim_id"
        case heuristicVersion = "heuristic_version"
        case evidenceSHA256 = "evidence_sha256"
        case overlaySHA256 = "overlay_sha256"
        case plateProfile = "plate_profile"
        case claimedAt = "claimed_at"
        case decidedAt = "decided_at"
    }

    /// - Parameter elsewhere: The claim's matches at sites the reader may not see.
    public init(_ claim: ClaimRecord, matchesElsewhere elsewhere: Set<Int64> = []) {
        claimID = claim.id
        site = claim.request.site.rawValue
        account = claim.request.account.rawValue
        activity = claim.request.activity.rawValue
        status = claim.state.status.rawValue
        decision = claim.decision?.rawValue
        score = claim.score
        reasons = claim.reasons.map(\.code)
        credits = claim.credits.rawValue
        heuristicVersion = claim.heuristicVersion
        phash = claim.phash
        evidenceSHA256 = claim.evidenceSHA256
        overlaySHA256 = claim.overlaySHA256
        plateProfile = claim.plateProfile
        matches = claim.matches.filter { !elsewhere.contains($0) }
        matchesElsewhere = claim.matches.count - matches.count
        claimedAt = claim.request.claimedAt.secondsSince1970
        decidedAt = claim.decidedAt?.secondsSince1970
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(claimID, forKey: .claimID)
        try container.encode(site, forKey: .site)
        try container.encode(account, forKey: .account)
        try container.encode(activity, forKey: .activity)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(decision, forKey: .decision)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(credits, forKey: .credits)
        try container.encodeIfPresent(heuristicVersion, forKey: .heuristicVersion)
        try container.encodeIfPresent(phash, forKey: .phash)
        try container.encodeIfPresent(evidenceSHA256, forKey: .evidenceSHA256)
        try container.encodeIfPresent(overlaySHA256, forKey: .overlaySHA256)
        try container.encode(plateProfile, forKey: .plateProfile)
        try container.encode(matches, forKey: .matches)
        try container.encode(matchesElsewhere, forKey: .matchesElsewhere)
        try container.encode(claimedAt, forKey: .claimedAt)
        try container.encodeIfPresent(decidedAt, forKey: .decidedAt)
    }
}
