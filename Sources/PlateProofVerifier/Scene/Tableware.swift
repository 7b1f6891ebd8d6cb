/// Pale, neutral things that stand inside the frame: plates, bowls, cups and saucers under the
/// scene's own light. A pale table, cloth or wall runs along the frame instead, and is not counted:
/// what is pale and touches more than one side of the frame, or much of it, is a background.
struct Tableware {
    /// Pixels of pale things inside the frame.
    var mask: [Bool]
    /// Of those, the pixels of round ones: their filled outline is close to an ellipse, as a
    /// plate's, a bowl's or a cup's is, and a patch of pale table's is not.
    var round: [Bool]

    init(_ planes: ColorPlanes, chromaSquared: [Float], white: SceneWhite, configuration: VerifierConfiguration) {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        let paleFrom = white.lightness * configuration.paleLightness
        let paleChroma = configuration.paleChroma * configuration.paleChroma
        var pale = [Bool](repeating: false, count: count)
        planes.lightness.values.withUnsafeBufferPointer { l in
            chromaSquared.withUnsafeBufferPointer { c in
                pale.withUnsafeMutableBufferPointer { pale in
                    var index = 0
                    while index + 8 <= count {
                        PixelKernels.store8(
                            (PixelKernels.load8(l, index) .>= paleFrom) .& (PixelKernels.load8(c, index) .< paleChroma),
                            pale,
                            index
                        )
                        index += 8
                    }
                    while index < count {
                        pale[index] = l[index] >= paleFrom && c[index] < paleChroma
                        index += 1
                    }
                }
            }
        }
        mask = [Bool](repeating: false, count: count)
        round = mask
        let frameContact = Int(configuration.maxTablewareFrameContact * Double(2 * (width + height)))
        let components = Components.of(pale, width: width, height: height, minimumSize: count / 300)
        for component in components {
            // A plate cut by the frame runs along one side of it; a pale table or cloth along more.
            var sides = [0, 0, 0, 0]
            for pixel in component {
                let (x, y) = (pixel % width, pixel / width)
                if x == 0 { sides[0] += 1 }
                if x == width - 1 { sides[1] += 1 }
                if y == 0 { sides[2] += 1 }
                if y == height - 1 { sides[3] += 1 }
            }
            let touched = sides.filter { $0 >= 3 }.count
            guard sides.reduce(0, +) <= frameContact || (touched == 1 && sides.max() ?? 0 <= Int(0.6 * Double(max(width, height)))) else {
                continue
            }
            for pixel in component { mask[pixel] = true }
            let fill = Components.orthogonalHull(component, width: width, height: height)
            guard let ellipse = Ellipse(pixels: fill, width: width) else { continue }
            var inside = 0
            Components.forEachPoint(ofIncreasing: fill, width: width) { x, y in if ellipse.contains(x: x, y: y) { inside += 1 } }
            let fit = Double(inside) / (Double(fill.count) + ellipse.area - Double(inside))
            guard fit >= configuration.minEllipseFit else { continue }
            for pixel in component { round[pixel] = true }
        }
    }
}
