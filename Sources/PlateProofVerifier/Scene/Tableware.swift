/// Pale, neutral things that stand inside the frame: plates, bowls, cups and saucers under the
/// scene's own light. A pale table, cloth or wall runs along the frame instead, and is not counted.
struct Tableware {
    /// Pixels of pale things inside the frame.
    var mask: [Bool]
    /// Of those, the pixels of round ones: their filled outline is close to an ellipse, as a
    /// plate's, a bowl's or a cup's is, and a patch of pale table's is not.
    var round: [Bool]

    init(_ planes: ColorPlanes, white: SceneWhite, configuration: VerifierConfiguration) {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        let l = planes.lightness.values
        let paleFrom = white.lightness * configuration.paleLightness
        var pale = [Bool](repeating: false, count: count)
        for index in 0..<count { pale[index] = l[index] >= paleFrom && white.relativeChroma(planes, index) < configuration.paleChroma }
        mask = [Bool](repeating: false, count: count)
        round = mask
        let frameContact = Int(configuration.maxTablewareFrameContact * Double(2 * (width + height)))
        for component in Components.of(pale, width: width, height: height, minimumSize: count / 300) {
            let onFrame = component.reduce(0) { total, pixel in
                let (x, y) = (pixel % width, pixel / width)
                return total + (x == 0 || y == 0 || x == width - 1 || y == height - 1 ? 1 : 0)
            }
            guard onFrame <= frameContact else { continue }
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
