public import PlateProofImaging

/// A verdict with what it rests on, for moderators and for tools.
public struct Explanation: Sendable {
    public var verification: Verification
    /// What the verdict was decided from.
    public var measurement: VerifierMeasurement
    /// The dishes found, in analysis-image pixels.
    public var dishes: [DishOutline]
    /// The analysis image with what the verifier saw drawn on it: each dish's outline (green) and
    /// the inner rim its residue is measured within (yellow), the edges of its zones of other
    /// colours (cyan), cutlery left out (blue), what was counted as residue or food elsewhere (red)
    /// and round tableware no dish explains (magenta).
    public var overlay: PixelBuffer
}

/// Where a dish was found and how much of it is covered.
public struct DishOutline: Sendable, Equatable {
    public var centerX: Double
    public var centerY: Double
    /// Semi-axes of its outline, in pixels, and the angle of the longer one, in radians.
    public var semiMajor: Double
    public var semiMinor: Double
    public var angle: Double
    /// Covered share of its inner area, 0...1.
    public var residue: Double
    /// Clean zones it is made of (1: one colour).
    public var zones: Int
}
