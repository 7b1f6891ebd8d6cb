import Foundation
import PlateProofImaging
import PlateProofVerifier

/// One pixel kernel timed in its SIMD and scalar versions on the same analysis image.
struct KernelTimings: Encodable {
    var name: String
    var simdMicroseconds: Double
    var scalarMicroseconds: Double
    var speedup: Double

    enum CodingKeys: String, CodingKey {
        case name
        case simdMicroseconds = "simd_us"
        case scalarMicroseconds = "scalar_us"
        case speedup
    }

    var text: String {
        "    \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(simdMicroseconds) vs \(scalarMicroseconds)  (\(speedup)x)"
    }

    static func measure(_ image: PixelBuffer) -> [KernelTimings] {
        let planes = PixelKernels.colorPlanes(image)
        let plane = planes.lightness
        func time(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<20 {
                let start = ContinuousClock.now
                body()
                best = min(best, BenchRun.milliseconds(ContinuousClock.now - start) * 1000)
            }
            return best
        }
        func entry(_ name: String, _ simd: () -> Void, _ scalar: () -> Void) -> KernelTimings {
            let (fast, slow) = (time(simd), time(scalar))
            func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            return KernelTimings(name: name, simdMicroseconds: round(fast), scalarMicroseconds: round(slow), speedup: round(slow / fast))
        }
        var sink = 0.0
        let results = [
            entry(
                "colour planes",
                { sink += Double(PixelKernels.colorPlanes(image).lightness.values[0]) },
                {
                    sink += Double(PixelKernels.colorPlanesReference(image).lightness.values[0])
                }
            ),
            entry(
                "coloured share",
                { sink += PixelKernels.colourfulShare(planes, chroma: 8) },
                { sink += PixelKernels.colourfulShareReference(planes, chroma: 8) }
            ),
            entry(
                "3x3 box blur",
                { sink += Double(PixelKernels.boxBlur3(plane).values[0]) },
                {
                    sink += Double(PixelKernels.boxBlur3Reference(plane).values[0])
                }
            ),
            entry(
                "gradient magnitude",
                { sink += Double(PixelKernels.gradientMagnitude(plane).values[0]) },
                {
                    sink += Double(PixelKernels.gradientMagnitudeReference(plane).values[0])
                }
            ),
            entry(
                "laplacian variance",
                { sink += PixelKernels.laplacianVariance(plane) },
                {
                    sink += PixelKernels.laplacianVarianceReference(plane)
                }
            ),
            entry(
                "histogram",
                { sink += Double(PixelKernels.histogram(plane)[0]) },
                {
                    sink += Double(PixelKernels.histogramReference(plane)[0])
                }
            ),
            entry(
                "area downscale",
                { sink += Double(image.areaAveraged(width: image.width / 3, height: image.height / 3).bytes[0]) },
                {
                    sink += Double(AreaDownscaler.reference(image, width: image.width / 3, height: image.height / 3).bytes[0])
                }
            ),
        ]
        if sink.isNaN { print(sink) }
        return results
    }
}
