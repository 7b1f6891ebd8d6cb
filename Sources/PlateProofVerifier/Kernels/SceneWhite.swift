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

    /// The squared distance from the scene's white on the opponent axes at every pixel, eight a step.
    func chromaSquared(_ planes: ColorPlanes) -> [Float] {
        let count = planes.width * planes.height
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            planes.redGreen.values.withUnsafeBufferPointer { a in
                planes.yellowBlue.values.withUnsafeBufferPointer { b in
                    var index = 0
                    while index + 8 <= count {
                        let da = PixelKernels.load8(a, index) - redGreen, db = PixelKernels.load8(b, index) - yellowBlue
                        PixelKernels.store8(da * da + db * db, out, index)
                        index += 8
                    }
                    while index < count {
                        let da = a[index] - redGreen, db = b[index] - yellowBlue
                        out[index] = da * da + db * db
                        index += 1
                    }
                }
            }
            initialized = count
        }
    }

    /// Distance from the scene's white on the opponent axes at a pixel.
    @inline(__always)
    func relativeChroma(_ planes: ColorPlanes, _ index: Int) -> Float {
        let da = planes.redGreen.values[index] - redGreen, db = planes.yellowBlue.values[index] - yellowBlue
        return (da * da + db * db).squareRoot()
    }
}
