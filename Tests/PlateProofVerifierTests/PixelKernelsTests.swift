import PlateProofImaging
import PlateProofVerifier
import Testing

@Suite("Pixel kernels: SIMD against scalar reference")
struct PixelKernelsTests {
    static let sizes = [(37, 23), (8, 8), (3, 3), (1, 5), (320, 240)]

    @Test("colour planes", arguments: sizes)
    func colorPlanes(size: (Int, Int)) {
        let image = TestData.pattern(width: size.0, height: size.1)
        let simd = PixelKernels.colorPlanes(image), scalar = PixelKernels.colorPlanesReference(image)
        #expect(maxDifference(simd.lightness, scalar.lightness) < 1e-3)
        #expect(maxDifference(simd.redGreen, scalar.redGreen) < 1e-3)
        #expect(maxDifference(simd.yellowBlue, scalar.yellowBlue) < 1e-3)
    }

    @Test("3x3 box blur, gradient magnitude, Laplacian variance and histogram", arguments: sizes)
    func planeKernels(size: (Int, Int)) {
        let plane = PixelKernels.colorPlanes(TestData.pattern(width: size.0, height: size.1)).lightness
        #expect(maxDifference(PixelKernels.boxBlur3(plane), PixelKernels.boxBlur3Reference(plane)) < 1e-3)
        #expect(maxDifference(PixelKernels.gradientMagnitude(plane), PixelKernels.gradientMagnitudeReference(plane)) < 1e-2)
        let variance = PixelKernels.laplacianVariance(plane), reference = PixelKernels.laplacianVarianceReference(plane)
        #expect(abs(variance - reference) <= 1e-6 * max(1, abs(reference)))
        #expect(PixelKernels.histogram(plane) == PixelKernels.histogramReference(plane))
        #expect(PixelKernels.histogram(plane).reduce(0, +) == size.0 * size.1)
    }

    @Test("share of coloured pixels", arguments: sizes)
    func colourfulShare(size: (Int, Int)) {
        let planes = PixelKernels.colorPlanes(TestData.pattern(width: size.0, height: size.1))
        for chroma: Float in [0, 8, 40] {
            #expect(PixelKernels.colourfulShare(planes, chroma: chroma) == PixelKernels.colourfulShareReference(planes, chroma: chroma))
        }
        var grey = PixelBuffer(width: size.0, height: size.1)
        for y in 0..<size.1 {
            for x in 0..<size.0 { grey[x, y] = SIMD3(repeating: UInt8((x * 7 + y * 3) % 256)) }
        }
        #expect(PixelKernels.colourfulShare(PixelKernels.colorPlanes(grey), chroma: 8) == 0)
    }

    @Test("the blur of a flat plane is the same flat plane")
    func flatBlur() {
        let plane = Plane(width: 19, height: 7, repeating: 42)
        #expect(PixelKernels.boxBlur3(plane).values.allSatisfy { abs($0 - 42) < 1e-4 })
        #expect(PixelKernels.gradientMagnitude(plane).values.allSatisfy { $0 == 0 })
    }

    private func maxDifference(_ a: Plane, _ b: Plane) -> Float {
        zip(a.values, b.values).map { abs($0 - $1) }.max() ?? 0
    }
}
