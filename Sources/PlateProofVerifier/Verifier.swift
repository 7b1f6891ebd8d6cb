public import PlateProofImaging
import Foundation

/// Decides whether a photo proves a clean plate, from the small upright analysis image.
///
/// 1. Quality gates (size, exposure, contrast, sharpness) turn away photos no rule should judge.
/// 2. Dishes: smoothly coloured regions whose filled outline is an ellipse, large enough and inside
///    the frame; and round dishes found by their outline, which stand in when there are no regions.
/// 3. On each dish, the share of the inner area covered by something that stands out from the dish
///    (and is thicker than crumbs or cutlery) is its residue; the worst dish gives the score.
/// 4. Low scores approve and high scores reject, unless a dish the regions missed, or pale tableware
///    elsewhere, holds something, the dishes explain too little of the picture, or the picture has
///    no colour at all (black and white); a person decides the band between and those cases.
public struct Verifier: Sendable {
    public var configuration: VerifierConfiguration

    public init(configuration: VerifierConfiguration = .init()) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - image: The upright analysis image (long side about 320 px).
    ///   - sourceWidth, sourceHeight: Upright size of the photo it came from.
    public func verify(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int) -> Verification {
        var sketch: Sketch?
        return verify(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight, sketch: &sketch)
    }

    /// The verdict and what it rests on: the dishes found and a picture of what was counted.
    public func explain(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int) -> Explanation {
        var sketch: Sketch? = Sketch(image: image)
        let verification = verify(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight, sketch: &sketch)
        return Explanation(verification: verification, dishes: sketch?.dishes ?? [], overlay: sketch?.image ?? image)
    }

    /// Draws on `sketch` only when there is one: the worker never asks for it.
    private func verify(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int, sketch: inout Sketch?) -> Verification {
        let planes = PixelKernels.colorPlanes(image)
        var verdict = Verification(
            label: .unusable,
            decision: .reject,
            score: 0,
            confidence: 1,
            reasons: [],
            width: sourceWidth,
            height: sourceHeight,
            phash: PerceptualHash(lightness: planes.lightness),
            dishes: 0,
            heuristicVersion: configuration.heuristicVersion
        )
        verdict.reasons = QualityGates(configuration: configuration)
            .failures(lightness: planes.lightness, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
        guard verdict.reasons.isEmpty else { return verdict }

        let findings = measure(planes, sketch: &sketch)
        judge(findings, into: &verdict)
        return verdict
    }

    /// What the analysis measured, before any threshold decides.
    struct Findings {
        var dishes: Int
        /// Covered share of the worst dish.
        var score: Double
        /// Share of the worst dish in doubtful zones (glaze or soup).
        var doubtful: Double
        /// How well the worst dish's outline fits its ellipse or circle.
        var outlineFit: Double
        /// Covered share of the worst round dish that the region-grown dishes missed.
        var missedDishScore: Double
        /// Share of the picture covered by food enclosed by tableware outside the dishes.
        var foodElsewhere: Double
        /// Share of the picture the dishes cover.
        var dishShare: Double
        /// Share of the picture that has any colour.
        var colourfulShare: Double
    }

    /// Finds the dishes and measures what covers them and what lies elsewhere.
    private func measure(_ planes: ColorPlanes, sketch: inout Sketch?) -> Findings {
        let scene = Scene(planes, configuration: configuration)
        sketch?.tint(scene.cutlery.mask)
        let (blurred, segmentation) = (scene.blurred, scene.segmentation)
        let finder = DishFinder(configuration: configuration)
        let meter = ResidueMeter(configuration: configuration)
        var (dishes, contents) = finder.sorted(finder.dishes(planes: blurred, segmentation: segmentation), scene: scene)
        meter.measure(&dishes, scene: scene)
        sketch?.draw(dishes, innerScale: configuration.innerScale)
        for d in dishes {
            let g = d.surfacePixels.reduce(Float(0)) { $0 + scene.grain[$1] } / Float(max(1, d.surfacePixels.count))
            debug("dish", "share \(Double(d.surfacePixels.count) / Double(d.fill.count)) grain \(g) L \(d.colour.x) fill \(d.fill.count) residue \(d.residue) region \(d.region ?? -1) at \(Int(d.ellipse.centerX)),\(Int(d.ellipse.centerY)) r \(Int(d.ellipse.major))")
        }
        let regionScore = dishes.map(\.residue).max()

        // Round dishes and tableware matter only where the regions found no dish or would approve.
        var missedDishScore = 0.0
        var round: [Dish] = []
        if regionScore.map({ $0 <= configuration.approveAtMost }) ?? true {
            let sortedRound = finder.sorted(finder.roundDishes(planes: blurred), scene: scene)
            round = sortedRound.dishes
            contents += sortedRound.contents
            // Round dishes the region-grown ones missed; all of them when there are none.
            func missed(_ circle: Dish) -> Bool {
                !dishes.contains { $0.ellipse.contains(x: Int(circle.ellipse.centerX), y: Int(circle.ellipse.centerY)) }
            }
            meter.measure(&round, scene: scene, only: missed)
            sketch?.draw(round.filter(missed), innerScale: configuration.innerScale)
            if dishes.isEmpty {
                dishes = round  // no region-grown dish: the round ones stand in
            } else {
                missedDishScore = round.filter(missed).map(\.residue).max() ?? 0
            }
        }
        var explained = scene.cutlery.mask
        for dish in dishes + round { for pixel in dish.fill { explained[pixel] = true } }
        var elsewhere = FoodElsewhere(configuration: configuration).measure(scene: scene, explained: explained)
        // What sits in tableware but is no dish is held food.
        var held = [Bool](repeating: false, count: scene.width * scene.height)
        for pixel in contents.flatMap(\.fill) where !explained[pixel] && !held[pixel] {
            held[pixel] = true
            elsewhere.pixels.append(pixel)
        }
        elsewhere.share = Double(elsewhere.pixels.count) / Double(held.count)
        sketch?.mark(elsewhere.pixels)
        debug("elsewhere", "\(elsewhere.share)")
        do {
            let g5 = PixelKernels.boxBlur3(PixelKernels.boxBlur3(Plane(width: scene.width, height: scene.height, values: scene.grain))).values
            var t25 = 0, t4 = 0, ct = 0, ct4 = 0
            for i in g5.indices where !scene.cutlery.mask[i] {
                let ch = scene.white.relativeChroma(scene.smooth, i)
                if g5[i] >= 2.5 { t25 += 1; if ch > 34 { ct += 1 } }
                if g5[i] >= 4 { t4 += 1; if ch > 34 { ct4 += 1 } }
            }
            let n = Double(g5.count)
            debug("global", "\(Double(t25)/n) \(Double(t4)/n) \(Double(ct)/n) \(Double(ct4)/n)")
        }
        guard let worst = dishes.max(by: { $0.residue < $1.residue }) else {
            return Findings(
                dishes: 0, score: 0, doubtful: 0, outlineFit: 0, missedDishScore: 0, foodElsewhere: elsewhere.share, dishShare: 0,
                colourfulShare: PixelKernels.colourfulShare(planes, chroma: configuration.colourfulChroma)
            )
        }
        return Findings(
            dishes: dishes.count,
            score: worst.residue,
            doubtful: dishes.map(\.doubtful).max() ?? 0,
            outlineFit: worst.ellipseFit,
            missedDishScore: missedDishScore,
            foodElsewhere: elsewhere.share,
            dishShare: Double(dishes.reduce(0) { $0 + $1.fill.count }) / Double(planes.width * planes.height),
            colourfulShare: PixelKernels.colourfulShare(planes, chroma: configuration.colourfulChroma)
        )
    }

    /// Turns measurements into a label, a decision, reasons and a confidence.
    func judge(_ findings: Findings, into verdict: inout Verification) {
        let c = configuration
        let score = findings.score
        let fit = min(1, max(0, (findings.outlineFit - 0.5) * 2))
        verdict.dishes = findings.dishes
        verdict.score = (score * 1000).rounded() / 1000
        func set(_ label: PlateLabel, _ decision: Decision, _ reasons: [ReasonCode], _ confidence: Double) {
            (verdict.label, verdict.decision, verdict.reasons) = (label, decision, reasons)
            verdict.confidence = (fit * confidence * 100).rounded() / 100
        }
        guard findings.dishes > 0 else {
            if findings.foodElsewhere >= c.foodElsewhereToReject {
                // No dish outline, but food fills the tableware in the picture.
                verdict.score = (findings.foodElsewhere * 1000).rounded() / 1000
                (verdict.label, verdict.decision, verdict.reasons, verdict.confidence) = (.food, .reject, [.residueHigh], 0.5)
            } else {
                (verdict.label, verdict.reasons, verdict.confidence) = (.notPlate, [.plateNotFound], 0.5)
                verdict.decision = c.reviewWhenNoPlate ? .review : .reject
            }
            return
        }

        if score <= c.approveAtMost {
            if findings.colourfulShare < c.minColourfulShare {
                // A black-and-white picture of a clean plate was not taken for this claim.
                set(.clean, .review, [.monochrome], 0.5)
            } else if findings.missedDishScore >= c.missedDishRejectAtLeast {
                // A dish the region-grown ones missed, found by its outline, clearly holds food.
                verdict.score = (findings.missedDishScore * 1000).rounded() / 1000
                set(.food, .reject, [.residueHigh], 0.6)
            } else if findings.missedDishScore >= c.rejectAtLeast || findings.foodElsewhere > c.foodElsewhereToBlock
                || findings.score + findings.doubtful > c.approveAtMost
            {
                // The dishes found are clean, but something else on the table may not be.
                set(.clean, .review, [.residueUncertain], 0.4)
            } else if findings.dishShare < c.minDishShareToApprove {
                // Too little of the picture is explained by the dishes found: another may hold food.
                set(.clean, .review, [.plateUncertain], 0.4)
            } else {
                set(.clean, .approve, [], 0.6 + 0.4 * (1 - score / max(1e-9, c.approveAtMost)))
            }
        } else if score >= c.rejectAtLeast {
            set(.food, .reject, [.residueHigh], 0.6 + 0.4 * min(1, (score - c.rejectAtLeast) / (1 - c.rejectAtLeast)))
        } else {
            let middle = (c.approveAtMost + c.rejectAtLeast) / 2
            let halfBand = (c.rejectAtLeast - c.approveAtMost) / 2
            set(score < middle ? .clean : .food, .review, [.residueUncertain], 0.5 * abs(score - middle) / halfBand)
        }
    }
}
