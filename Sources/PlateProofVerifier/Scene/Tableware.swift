/// Pale, neutral things that stand inside the frame: plates, bowls, cups and saucers under the
/// scene's own light. A pale table, cloth or wall runs along the frame instead, and is not counted.
enum Tableware {
    static func mask(_ planes: ColorPlanes, white: SceneWhite, configuration: VerifierConfiguration) -> [Bool] {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        let l = planes.lightness.values
        let paleFrom = white.lightness * configuration.paleLightness
        var pale = [Bool](repeating: false, count: count)
        for index in 0..<count { pale[index] = l[index] >= paleFrom && white.relativeChroma(planes, index) < configuration.paleChroma }
        var tableware = [Bool](repeating: false, count: count)
        let frameContact = Int(configuration.maxTablewareFrameContact * Double(2 * (width + height)))
        for component in Components.of(pale, width: width, height: height, minimumSize: count / 300) {
            let onFrame = component.reduce(0) { total, pixel in
                let (x, y) = (pixel % width, pixel / width)
                return total + (x == 0 || y == 0 || x == width - 1 || y == height - 1 ? 1 : 0)
            }
            guard onFrame <= frameContact else { continue }
            for pixel in component { tableware[pixel] = true }
        }
        return tableware
    }
}
