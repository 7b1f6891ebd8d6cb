/// What the photo shows.
public enum PlateLabel: String, Sendable, Codable, CaseIterable {
    case clean
    case food
    case notPlate = "not_plate"
    case unusable
}

/// What happens to the claim.
public enum Decision: String, Sendable, Codable, CaseIterable {
    case approve
    case reject
    case review
}

/// A machine-readable reason behind a verdict; the raw value is stable.
public struct ReasonCode: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let plateNotFound = ReasonCode(rawValue: "plate_not_found")
    public static let residueHigh = ReasonCode(rawValue: "residue_high")
    public static let residueUncertain = ReasonCode(rawValue: "residue_uncertain")
    public static let plateUncertain = ReasonCode(rawValue: "plate_uncertain")
    /// Food lies outside the dishes found (a bowl cut by the frame, a dish not found, food held in
    /// tableware): a person decides, or the claim is rejected when it covers much of the picture.
    public static let foodElsewhere = ReasonCode(rawValue: "food_elsewhere")
    /// No colour anywhere: a black-and-white picture (printed, scanned or downloaded), not a camera photo.
    public static let monochrome = ReasonCode(rawValue: "monochrome")
    public static let tooSmall = ReasonCode(rawValue: "too_small")
    public static let tooDark = ReasonCode(rawValue: "too_dark")
    public static let overexposed = ReasonCode(rawValue: "overexposed")
    public static let blurry = ReasonCode(rawValue: "blurry")
    public static let lowContrast = ReasonCode(rawValue: "low_contrast")
    public static let undecodable = ReasonCode(rawValue: "undecodable")
}

/// The verifier's verdict on one photo.
public struct Verification: Sendable, Equatable {
    public var label: PlateLabel
    public var decision: Decision
    /// Share of the worst dish still covered, 0...1.
    public var score: Double
    /// How sure the verdict is, 0...1.
    public var confidence: Double
    public var reasons: [ReasonCode]
    /// Upright size of the photo.
    public var width: Int
    public var height: Int
    public var phash: PerceptualHash
    /// Dishes found.
    public var dishes: Int
    public var heuristicVersion: String
    /// `name@version` of the site's enrolled model the verdict was measured against; nil when
    /// no dish matched one (the general rules decided).
    public var plateProfile: String? = nil
}
