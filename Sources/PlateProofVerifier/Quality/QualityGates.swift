/// Photos no rule should judge: too small, too dark, overexposed, flat or blurred.
struct QualityGates {
    var configuration: VerifierConfiguration

    func failures(lightness: Plane, sourceWidth: Int, sourceHeight: Int) -> [ReasonCode] {
        var reasons: [ReasonCode] = []
        if min(sourceWidth, sourceHeight) < configuration.minSourceSide { reasons.append(.tooSmall) }
        let histogram = PixelKernels.histogram(lightness)
        let count = Double(max(1, lightness.values.count))
        var sum = 0.0, squares = 0.0
        for (value, n) in histogram.enumerated() {
            sum += Double(value * n)
            squares += Double(value * value * n)
        }
        let mean = sum / count
        let deviation = max(0, squares / count - mean * mean).squareRoot()
        let nearWhite = Double(histogram[250...].reduce(0, +)) / count
        if mean < Double(configuration.darkMean) { reasons.append(.tooDark) }
        if nearWhite > configuration.overexposedShare { reasons.append(.overexposed) }
        if deviation < Double(configuration.minContrast) {
            reasons.append(.lowContrast)
        } else if PixelKernels.laplacianVariance(lightness) < configuration.minSharpness {
            reasons.append(.blurry)
        }
        return reasons
    }
}
