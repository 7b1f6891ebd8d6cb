/// The verifier's verdict, as a worker reports it.
public struct MachineVerdict: Sendable, Hashable {
    public var decision: ClaimDecision
    public var score: Double
    public var reasons: [ClaimReason]
    public var heuristicVersion: String
    public var phash: String?
    /// SHA-256 of the evidence JPEG, once stored in the blob store.
    public var evidenceSHA256: String?
    /// SHA-256 of the picture of what the verifier saw, once stored (claims it did not approve).
    public var overlaySHA256: String?
    /// When the photo says it was taken (EXIF), if it says.
    public var captureTime: Timestamp?
    /// The site's plate model the verdict was measured against (`name@version`), if one matched.
    public var plateProfile: String?

    public init(
        decision: ClaimDecision,
        score: Double,
        reasons: [ClaimReason],
        heuristicVersion: String,
        phash: String?,
        evidenceSHA256: String? = nil,
        overlaySHA256: String? = nil,
        captureTime: Timestamp? = nil,
        plateProfile: String? = nil
    ) {
        self.decision = decision
        self.score = score
        self.reasons = reasons
        self.heuristicVersion = heuristicVersion
        self.phash = phash
        self.evidenceSHA256 = evidenceSHA256
        self.overlaySHA256 = overlaySHA256
        self.captureTime = captureTime
        self.plateProfile = plateProfile
    }
}
