public import PlateProofImaging

/// What the verifier measured on one photo, before the decision thresholds are applied.
public struct VerifierMeasurement: Sendable, Equatable {
    /// Upright size of the photo.
    public var width: Int
    public var height: Int
    public var phash: PerceptualHash
    /// The quality gates it failed (too small, dark, overexposed, flat, blurred); none were
    /// measured further.
    public var qualityFailures: [ReasonCode]
    /// What was found on it, when it passed the gates.
    public var findings: Findings?
    public var heuristicVersion: String

    public init(
        width: Int,
        height: Int,
        phash: PerceptualHash,
        qualityFailures: [ReasonCode],
        findings: Findings?,
        heuristicVersion: String
    ) {
        self.width = width
        self.height = height
        self.phash = phash
        self.qualityFailures = qualityFailures
        self.findings = findings
        self.heuristicVersion = heuristicVersion
    }
}

/// What the analysis found on a photo that passed the quality gates.
public struct Findings: Sendable, Equatable {
    /// Dishes found.
    public var dishes: Int
    /// Covered share of the worst dish, 0...1.
    public var score: Double
    /// Share of the worst dish in doubtful zones: evenly coloured all around its centre, glaze or soup.
    public var doubtful: Double
    /// How well the worst dish's outline fits its ellipse or circle (1 = perfectly).
    public var outlineFit: Double
    /// Covered share of the worst round dish, found by its outline, that the others missed.
    public var missedDishScore: Double
    /// Share of the picture covered by food held in tableware outside the dishes.
    public var foodElsewhere: Double
    /// Share of the picture covered by textured, coloured or dark things no dish or surface
    /// explains, enclosed or not: a picture with no dish found is judged by it.
    public var looseFood: Double
    /// Share of the picture covered by pale tableware that no dish found explains.
    public var unexaminedTableware: Double
    /// Share of the picture the dishes cover.
    public var dishShare: Double
    /// Share of the picture that has any colour.
    public var colourfulShare: Double
    /// `name@version` of the enrolled model the worst dish was measured against, if it was one.
    public var plateProfile: String?
    /// Then, what the general rules measured on that dish.
    public var generalScore: Double?

    public init(
        dishes: Int,
        score: Double,
        doubtful: Double,
        outlineFit: Double,
        missedDishScore: Double,
        foodElsewhere: Double,
        looseFood: Double,
        unexaminedTableware: Double,
        dishShare: Double,
        colourfulShare: Double,
        plateProfile: String? = nil,
        generalScore: Double? = nil
    ) {
        self.dishes = dishes
        self.score = score
        self.doubtful = doubtful
        self.outlineFit = outlineFit
        self.missedDishScore = missedDishScore
        self.foodElsewhere = foodElsewhere
        self.looseFood = looseFood
        self.unexaminedTableware = unexaminedTableware
        self.dishShare = dishShare
        self.colourfulShare = colourfulShare
        self.plateProfile = plateProfile
        self.generalScore = generalScore
    }
}
