public import PlateProofVerifier

/// How a verifier's decisions on labelled photos turn out: the rates the product is judged by.
public struct OperatingPoint: Sendable, Equatable, Encodable {
    public var photos: Int
    /// Approved food and other photos over all food and other photos (nil when there are none).
    public var falseApprovals: Double?
    /// Approved, and rejected, clean photos over all clean photos (nil when there are none).
    public var cleanAutoApprovals: Double?
    public var cleanRejections: Double?
    /// Photos sent to a person over all photos.
    public var reviewRate: Double?

    public init(_ decisions: some Sequence<(LabelledPhoto.Label, Decision)>) {
        var counts: [LabelledPhoto.Label: [Decision: Int]] = [:]
        for (label, decision) in decisions { counts[label, default: [:]][decision, default: 0] += 1 }
        func n(_ label: LabelledPhoto.Label, _ decision: Decision? = nil) -> Int {
            decision.map { counts[label]?[$0] ?? 0 } ?? (counts[label]?.values.reduce(0, +) ?? 0)
        }
        func rate(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }
        let notClean = n(.food) + n(.other)
        photos = notClean + n(.clean)
        falseApprovals = rate(n(.food, .approve) + n(.other, .approve), notClean)
        cleanAutoApprovals = rate(n(.clean, .approve), n(.clean))
        cleanRejections = rate(n(.clean, .reject), n(.clean))
        reviewRate = rate(LabelledPhoto.Label.allCases.reduce(0) { $0 + n($1, .review) }, photos)
    }

    /// The product's targets: at most 2% false approvals, 3% clean rejections and 20% reviews, at
    /// least 80% of clean plates approved at once.
    public static let targets = (falseApprovals: 0.02, cleanRejections: 0.03, reviewRate: 0.2, cleanAutoApprovals: 0.8)

    /// What a sweep minimises: how far the rates miss the targets, each miss in units of its
    /// target, plus a hundredth of the rates themselves in the same units, so that among points
    /// that meet every target the one with the most room wins.
    public var cost: Double {
        let t = Self.targets
        let measured: [(value: Double, target: Double)] = [
            (falseApprovals ?? 0, t.falseApprovals),
            (cleanRejections ?? 0, t.cleanRejections),
            (reviewRate ?? 0, t.reviewRate),
            (1 - (cleanAutoApprovals ?? 1), 1 - t.cleanAutoApprovals),
        ]
        return measured.reduce(0) { $0 + max(0, $1.value - $1.target) / $1.target + 0.01 * $1.value / $1.target }
    }

    public static let costFormula =
        "sum of each target's miss over the target (false approvals 2%, clean rejections 3%, review 20%, clean plates not approved 20%), plus a hundredth of each rate over its target"

    enum CodingKeys: String, CodingKey {
        case photos, cost
        case falseApprovals = "false_approvals"
        case cleanAutoApprovals = "clean_auto_approvals"
        case cleanRejections = "clean_rejections"
        case reviewRate = "review_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10000).rounded() / 10000 } }
        try container.encode(photos, forKey: .photos)
        try container.encode(rounded(falseApprovals), forKey: .falseApprovals)
        try container.encode(rounded(cleanAutoApprovals), forKey: .cleanAutoApprovals)
        try container.encode(rounded(cleanRejections), forKey: .cleanRejections)
        try container.encode(rounded(reviewRate), forKey: .reviewRate)
        try container.encode(rounded(cost), forKey: .cost)
    }
}
