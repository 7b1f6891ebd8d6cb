public import PlateProofImaging

/// Decides whether a photo proves a clean plate, from the small upright analysis image.
///
/// 1. Quality gates (size, exposure, contrast, sharpness) turn away photos no rule should judge.
/// 2. The image is split into smoothly coloured regions; regions whose filled outline is an ellipse,
///    large enough and inside the frame, are dishes.
/// 3. On each dish, the share of the inner area covered by something darker or differently coloured
///    than the dish (and thicker than crumbs or cutlery) is its residue; the worst dish is the score.
/// 4. Low scores approve, high scores reject, the band between goes to a person.
public struct Verifier: Sendable {
    public var configuration: VerifierConfiguration

    public init(configuration: VerifierConfiguration = .init()) {
        self.configuration = configuration
    }

    /// - Parameters:
    ///   - image: The upright analysis image (long side about 320 px).
    ///   - sourceWidth, sourceHeight: Upright size of the photo it came from.
    public func verify(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int) -> Verification {
        verifyExplained(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight).verification
    }

    /// The verdict and a picture of why: the analysis image with each dish's ellipse outlined
    /// (green when accepted) and the pixels counted as residue tinted red.
    public func verifyExplained(
        _ image: PixelBuffer,
        sourceWidth: Int,
        sourceHeight: Int
    ) -> (verification: Verification, overlay: PixelBuffer) {
        var overlay = image
        let verification = decide(image, sourceWidth: sourceWidth, sourceHeight: sourceHeight, overlay: &overlay)
        return (verification, overlay)
    }

    private func decide(_ image: PixelBuffer, sourceWidth: Int, sourceHeight: Int, overlay: inout PixelBuffer) -> Verification {
        let planes = PixelKernels.colorPlanes(image)
        let phash = PerceptualHash(lightness: planes.lightness)
        var verdict = Verification(
            label: .unusable,
            decision: .reject,
            score: 0,
            confidence: 1,
            reasons: [],
            width: sourceWidth,
            height: sourceHeight,
            phash: phash,
            dishes: 0,
            heuristicVersion: configuration.heuristicVersion
        )
        let gates = QualityGates(configuration: configuration)
            .failures(lightness: planes.lightness, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
        if !gates.isEmpty {
            verdict.reasons = gates
            return verdict
        }

        let smooth = ColorPlanes(
            lightness: PixelKernels.boxBlur3(planes.lightness),
            redGreen: PixelKernels.boxBlur3(planes.redGreen),
            yellowBlue: PixelKernels.boxBlur3(planes.yellowBlue)
        )
        let gradient = PixelKernels.gradientMagnitude(smooth.lightness)
        let segmentation = Segmentation(
            planes: smooth,
            gradient: gradient,
            mergeDistance: configuration.mergeDistance,
            edgeGradient: configuration.edgeGradient
        )
        var dishes = DishFinder(configuration: configuration).dishes(planes: smooth, segmentation: segmentation)
        verdict.dishes = dishes.count
        let tableware = TablewareResidue(configuration: configuration).measure(planes: smooth)
        Overlay.mark(tableware.residuePixels, on: &overlay)
        var round = DishFinder(configuration: configuration).roundDishes(planes: smooth)
        ResidueMeter(configuration: configuration).measure(&round, planes: smooth, segmentation: segmentation)
        Overlay.draw(round, on: &overlay)
        // Only round dishes the region-grown ones missed: the case of a second dish holding food.
        let missed = round.filter { circle in
            !dishes.contains { $0.ellipse.contains(x: Int(circle.ellipse.centerX), y: Int(circle.ellipse.centerY)) }
        }
        var roundScore = missed.map(\.residue).max() ?? 0
        let onlyRound = dishes.isEmpty
        if onlyRound {
            // No region-grown dish: round dishes found by their outline stand in for them.
            (dishes, roundScore) = (round, 0)
            verdict.dishes = dishes.count
        }
        guard !dishes.isEmpty else {
            verdict.label = .notPlate
            verdict.reasons = [.plateNotFound]
            verdict.decision = configuration.reviewWhenNoPlate ? .review : .reject
            verdict.confidence = 0.5
            return verdict
        }
        if !onlyRound {
            ResidueMeter(configuration: configuration).measure(&dishes, planes: smooth, segmentation: segmentation)
            Overlay.draw(dishes, on: &overlay)
        }
        let worst = dishes.max { $0.residue < $1.residue }!
        let score = worst.residue
        verdict.score = (score * 1000).rounded() / 1000
        let fit = min(1, max(0, (worst.ellipseFit - 0.5) * 2))
        let dishShare = Double(dishes.reduce(0) { $0 + $1.fill.count }) / Double(image.width * image.height)
        if score <= configuration.approveAtMost && roundScore >= configuration.missedDishRejectAtLeast {
            // A dish the region-grown ones missed, found by its outline, clearly holds food.
            verdict.label = .food
            verdict.decision = .reject
            verdict.reasons = [.residueHigh]
            verdict.score = (roundScore * 1000).rounded() / 1000
            verdict.confidence = fit * 0.6
        } else if score <= configuration.approveAtMost && roundScore >= configuration.rejectAtLeast {
            // The dishes found are clean, but a round dish found by its outline is not: a person decides.
            verdict.label = .clean
            verdict.decision = .review
            verdict.reasons = [.residueUncertain]
            verdict.confidence = fit * 0.4
        } else if score <= configuration.approveAtMost && tableware.score > configuration.tablewareResidueToBlock {
            // The dishes found are clean, but pale tableware elsewhere holds something: a person decides.
            verdict.label = .clean
            verdict.decision = .review
            verdict.reasons = [.residueUncertain]
            verdict.confidence = fit * 0.4
        } else if score <= configuration.approveAtMost && dishShare < configuration.minDishShareToApprove {
            // Too little of the picture is explained by the dishes found: another dish may hold food.
            verdict.label = .clean
            verdict.decision = .review
            verdict.reasons = [.plateUncertain]
            verdict.confidence = fit * 0.4
        } else if score <= configuration.approveAtMost {
            verdict.label = .clean
            verdict.decision = .approve
            verdict.confidence = fit * (0.6 + 0.4 * (1 - score / max(1e-9, configuration.approveAtMost)))
        } else if score >= configuration.rejectAtLeast {
            verdict.label = .food
            verdict.decision = .reject
            verdict.reasons = [.residueHigh]
            verdict.confidence = fit * (0.6 + 0.4 * min(1, (score - configuration.rejectAtLeast) / (1 - configuration.rejectAtLeast)))
        } else {
            let middle = (configuration.approveAtMost + configuration.rejectAtLeast) / 2
            verdict.label = score < middle ? .clean : .food
            verdict.decision = .review
            verdict.reasons = [.residueUncertain]
            let halfBand = (configuration.rejectAtLeast - configuration.approveAtMost) / 2
            verdict.confidence = fit * 0.5 * abs(score - middle) / halfBand
        }
        verdict.confidence = (verdict.confidence * 100).rounded() / 100
        return verdict
    }
}
