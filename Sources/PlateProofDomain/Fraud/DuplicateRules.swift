/// How reused and stale photos are recognised; configuration, not code.
public struct DuplicateRules: Hashable, Sendable {
    /// Perceptual hashes at most this many bits apart are the same picture (re-encoded, resized,
    /// slightly cropped); `plateproof hash-report` measures what separates copies from other photos.
    public var nearDuplicateDistance: Int
    /// Earlier claims considered for near duplicates, in seconds before this one.
    public var nearDuplicateWindowSeconds: Int64
    /// A photo taken longer than this before its claim is stale.
    public var staleAfterSeconds: Int64
    /// Camera clocks drift: a capture time up to this far after the claim is not "in the future".
    public var futureToleranceSeconds: Int64

    public init(
        nearDuplicateDistance: Int = 9,
        nearDuplicateWindowSeconds: Int64 = 30 * 86400,
        staleAfterSeconds: Int64 = 86400,
        futureToleranceSeconds: Int64 = 600
    ) {
        self.nearDuplicateDistance = nearDuplicateDistance
        self.nearDuplicateWindowSeconds = nearDuplicateWindowSeconds
        self.staleAfterSeconds = staleAfterSeconds
        self.futureToleranceSeconds = futureToleranceSeconds
    }

    /// Whether a photo captured at `capture` is too old, or from the future, for a claim at `claimedAt`.
    public func isStale(capture: Timestamp, claimedAt: Timestamp) -> Bool {
        let age = claimedAt.secondsSince1970 - capture.secondsSince1970
        return age > staleAfterSeconds || -age > futureToleranceSeconds
    }

    /// The hash cut into `nearDuplicateDistance + 1` bands: two hashes within that distance agree
    /// exactly on at least one band (pigeonhole), so an index on (band, value) finds every candidate.
    public func bands(of hash: UInt64) -> [(band: Int, value: Int64)] {
        let count = max(1, min(64, nearDuplicateDistance + 1))
        var bands: [(Int, Int64)] = []
        var start = 0
        for band in 0..<count {
            let width = (64 - start) / (count - band)
            let mask: UInt64 = width >= 64 ? .max : (1 << UInt64(width)) - 1
            bands.append((band, Int64(bitPattern: (hash >> UInt64(start)) & mask)))
            start += width
        }
        return bands
    }

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// The machine's decision once the photo's history is weighed: no machine approves a claim held
    /// for a reused or stale photo (``ClaimReason/holdsForAPerson``), neither the worker nor a later
    /// re-verification.
    public static func decision(_ machine: ClaimDecision, reasons: some Sequence<ClaimReason>) -> ClaimDecision {
        machine == .approve && reasons.contains(where: \.holdsForAPerson) ? .review : machine
    }
}
