/// The colour of white under the scene's own light: the mean colour of its brightest tenth.
/// Colours measured against it ignore the light's cast (warm indoor light makes a white plate
/// yellow).
struct SceneWhite: Sendable {
    /// Lightness of the brightest tenth's threshold.
    var lightness: Float
    /// The cast on the two opponent axes.
    var redGreen: Float
    var yellowBlue: Float

    init(_ planes: ColorPlanes) {
        let l = planes.lightness.values, a = planes.redGreen.values, b = planes.yellowBlue.values
        let bright = percentile(l, 0.9)
        var castA: Float = 0, castB: Float = 0, castCount: Float = 0
        for index in l.indices where l[index] >= bright {
            castA += a[index]
            castB += b[index]
            castCount += 1
        }
        lightness = bright
        redGreen = castA / max(1, castCount)
        yellowBlue = castB / max(1, castCount)
    }

    /// Distance from the scene's white on the opponent axes at a pixel.
    @inline(__always)
    func relativeChroma(_ planes: ColorPlanes, _ index: Int) -> Float {
        let da = planes.redGreen.values[index] - redGreen, db = planes.yellowBlue.values[index] - yellowBlue
        return (da * da + db * db).squareRoot()
    }
}
