public import PlateProofImaging

/// Decides whether a photo proves a clean plate, from the small upright analysis image.
///
/// 1. Quality gates (size, exposure, contrast, sharpness) turn away photos no rule should judge.
/// 2. Cutlery (thin, long, straight) is found and painted out: it is neither food nor a break in
///    a plate's outline.
/// 3. Dishes: smoothly coloured regions whose filled outline is an ellipse, elliptical holes in the
///    surface they stand on, and round outlines traced by edges. What sits inside pale tableware
///    and is coloured (soup in a bowl) is its contents, and straight-sided ones are trays.
/// 4. Each dish is concentric zones with their own clean colours (a rim band, a well); what inside
///    its rim differs from all of them, is thicker than crumbs and is neither blue ink nor a border
///    printed all around the rim, is residue. The worst dish gives the score.
/// 5. Food elsewhere: what pale tableware holds outside the dishes found.
/// 6. ``judge(_:)`` turns these measurements into a verdict with the thresholds.
public struct Verifier: Sendable {
    public var configuration: VerifierConfiguration
    /// The site's enrolled plate models: a dish recognised as one is measured against its clean
    /// template instead of the general zone rules.
    public var profiles: [PlateProfile]

    public init(configuration: VerifierConfiguration = .init(), profiles: [PlateProfile] = []) {
        self.configuration = configuration
        self.profiles = profiles
    }

    /// - Parameters:
    ///   - image: The upright analysis image (long side about 320 px).
    ///   - sourceWidth, sourceHeight: Upright size of the photo it came from.
    public func verify(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int) -> Verification {
        judge(measure(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight))
    }

    /// The verdict and what it rests on: the dishes found and a picture of what was counted.
    public func explain(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int) -> Explanation {
        var sketch: Sketch? = Sketch(image: image)
        let measurement = measure(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight, thorough: true, sketch: &sketch)
        return Explanation(
            verification: judge(measurement),
            measurement: measurement,
            dishes: sketch?.dishes ?? [],
            overlay: sketch?.image ?? image
        )
    }

    /// Everything the verdict depends on, before the decision thresholds (those ``judge(_:)`` uses)
    /// are applied: a sweep over those thresholds measures each photo once.
    /// - Parameter thorough: Measure everything even when a dish is already covered enough to be
    ///   rejected (otherwise what lies elsewhere is not looked at, as it cannot change the verdict).
    public func measure(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int, thorough: Bool = false) -> VerifierMeasurement {
        var sketch: Sketch?
        return measure(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight, thorough: thorough, sketch: &sketch)
    }

    /// Draws on `sketch` only when there is one: the worker never asks for it.
    private func measure(
        _ image: PixelBuffer,
        sourceWidth: Int,
        sourceHeight: Int,
        thorough: Bool,
        sketch: inout Sketch?
    ) -> VerifierMeasurement {
        let planes = PixelKernels.colorPlanes(image)
        let gates = QualityGates(configuration: configuration)
            .failures(lightness: planes.lightness, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
        return VerifierMeasurement(
            width: sourceWidth,
            height: sourceHeight,
            phash: PerceptualHash(lightness: planes.lightness),
            qualityFailures: gates,
            findings: gates.isEmpty ? findings(planes, thorough: thorough, sketch: &sketch) : nil,
            heuristicVersion: configuration.heuristicVersion
        )
    }

    /// Finds the dishes and measures what covers them and what lies elsewhere.
    private func findings(_ planes: ColorPlanes, thorough: Bool, sketch: inout Sketch?) -> Findings {
        let scene = Scene(planes, configuration: configuration)
        sketch?.tint(scene.cutlery.mask)
        let finder = DishFinder(configuration: configuration)
        let meter = ResidueMeter(configuration: configuration, profiles: profiles)
        let candidates = finder.dishes(planes: scene.blurred, segmentation: scene.segmentation, support: scene.support)
        var (dishes, contents) = finder.sorted(candidates, scene: scene)
        meter.measure(&dishes, scene: scene)
        sketch?.draw(dishes, innerScale: configuration.innerScale, labels: scene.segmentation.labels)
        let colourful = PixelKernels.colourfulShare(planes, chroma: configuration.colourfulChroma)
        // The findings on `dishes`, with what was measured elsewhere (`missed`: round dishes the
        // regions did not find, which may be the enrolled model the verdict rests on).
        func summary(
            _ dishes: [Dish],
            missed: [Dish] = [],
            missedDishScore: Double = 0,
            elsewhere: FoodElsewhere.Measurement? = nil,
            unexaminedTableware: Double = 0
        ) -> Findings {
            let worst = dishes.max { $0.residue < $1.residue }
            let profiled = worst?.profile ?? (dishes + missed).lazy.compactMap(\.profile).first
            return Findings(
                dishes: dishes.count,
                score: worst?.residue ?? 0,
                doubtful: dishes.map(\.doubtful).max() ?? 0,
                outlineFit: worst?.ellipseFit ?? 0,
                missedDishScore: missedDishScore,
                foodElsewhere: elsewhere?.share ?? 0,
                looseFood: elsewhere?.loose ?? 0,
                unexaminedTableware: unexaminedTableware,
                dishShare: Double(dishes.reduce(0) { $0 + $1.fill.count }) / Double(planes.width * planes.height),
                colourfulShare: colourful,
                plateProfile: profiled?.reference,
                generalScore: worst?.profile == nil ? nil : worst?.generalResidue
            )
        }
        if !thorough, let worst = dishes.map(\.residue).max(), worst >= configuration.rejectAtLeast {
            return summary(dishes)  // rejected whatever lies elsewhere
        }

        // Round dishes found by their outlines: the ones the regions missed are measured on their
        // own, and all of them stand in when the regions found none.
        let roundCandidates = finder.roundDishes(planes: scene.blurred)
        let sortedRound = finder.sorted(roundCandidates, scene: scene)
        var round = sortedRound.dishes
        contents += sortedRound.contents
        let found = dishes
        func missed(_ circle: Dish) -> Bool {
            !found.contains { $0.ellipse.contains(x: Int(circle.ellipse.centerX), y: Int(circle.ellipse.centerY)) }
        }
        meter.measure(&round, scene: scene, only: missed)
        sketch?.draw(round.filter(missed), innerScale: configuration.innerScale, labels: scene.segmentation.labels)
        var missedDishScore = round.filter(missed).map(\.residue).max() ?? 0
        if dishes.isEmpty {
            // Round dishes stand in when the regions found none, those with one glaze all around the
            // rim; the others are only looked into.
            dishes = round.filter { $0.evenRim >= configuration.minEvenRim }
            missedDishScore = round.filter { $0.evenRim < configuration.minEvenRim }.map(\.residue).max() ?? 0
        }

        var explained = scene.cutlery.mask
        for dish in dishes + round { for pixel in dish.fill { explained[pixel] = true } }
        let elsewhere = FoodElsewhere(configuration: configuration).measure(scene: scene, explained: explained, contents: contents)
        sketch?.mark(elsewhere.pixels)
        // Round tableware no dish explains was never looked into: it may hold food.
        var unexamined = [UInt8](repeating: 0, count: explained.count)
        for index in explained.indices where scene.tableware.round[index] && !explained[index] { unexamined[index] = 1 }
        let unexaminedMask = Morphology.open(unexamined, width: scene.width, height: scene.height, radius: configuration.openingRadius)
        let unexaminedCount = unexaminedMask.reduce(0) { $0 + Int($1) }
        sketch?.shade(unexaminedMask.map { $0 != 0 })
        return summary(
            dishes,
            missed: round.filter(missed),
            missedDishScore: missedDishScore,
            elsewhere: elsewhere,
            unexaminedTableware: Double(unexaminedCount) / Double(explained.count)
        )
    }
}
