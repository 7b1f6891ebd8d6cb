/// Photos no rule should judge: too small, too dark, overexposed, flat or blurred. A white backdrop
/// is not overexposure: what stands on it is judged.
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
        let nearWhite = Self.blownOutShare(lightness)
        if mean < Double(configuration.darkMean) { reasons.append(.tooDark) }
        if nearWhite > configuration.overexposedShare { reasons.append(.overexposed) }
        if deviation < Double(configuration.minContrast) {
            reasons.append(.lowContrast)
        } else if PixelKernels.laplacianVariance(lightness) < configuration.minSharpness {
            reasons.append(.blurry)
        }
        return reasons
    }

    /// Share of the picture that is blown out (lightness 250 or more), not counting a white
    /// backdrop: blown-out pixels joined to the frame through blown-out pixels, as a product shot's
    /// studio white is. A picture that is all backdrop is all blown out.
    static func blownOutShare(_ lightness: Plane) -> Double {
        let (width, height) = (lightness.width, lightness.height)
        let count = width * height
        guard count > 0 else { return 0 }
        let white = lightness.values.map { $0 >= 250 }
        var backdrop = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        func seed(_ index: Int) {
            if white[index], !backdrop[index] {
                backdrop[index] = true
                stack.append(index)
            }
        }
        for x in 0..<width {
            seed(x)
            seed((height - 1) * width + x)
        }
        for y in 0..<height {
            seed(y * width)
            seed(y * width + width - 1)
        }
        while let index = stack.popLast() {
            let x = index % width
            if x > 0 { seed(index - 1) }
            if x < width - 1 { seed(index + 1) }
            if index >= width { seed(index - width) }
            if index + width < count { seed(index + width) }
        }
        let backdropCount = backdrop.reduce(0) { $0 + ($1 ? 1 : 0) }
        let subject = count - backdropCount
        guard Double(subject) >= 0.03 * Double(count) else { return 1 }
        let blown = white.reduce(0) { $0 + ($1 ? 1 : 0) } - backdropCount
        return Double(blown) / Double(subject)
    }
}
