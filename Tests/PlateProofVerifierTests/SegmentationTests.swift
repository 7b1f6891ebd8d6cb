import PlateProofImaging
import Testing

@testable import PlateProofVerifier

@Suite("Segmentation")
struct SegmentationTests {
    @Test("the eight-at-a-time neighbour test agrees with the plain one", arguments: [(37, 23), (8, 8), (9, 3), (1, 5), (320, 240)])
    func joins(size: (Int, Int)) {
        let planes = PixelKernels.colorPlanes(TestData.pattern(width: size.0, height: size.1))
        let gradient = PixelKernels.gradientMagnitude(planes.lightness)
        for (distance, edge): (Float, Float) in [(6, 48), (40, 200), (0, 0)] {
            let simd = Segmentation.joins(planes: planes, gradient: gradient, mergeDistance: distance, edgeGradient: edge)
            let plain = Segmentation.joinsReference(planes: planes, gradient: gradient, mergeDistance: distance, edgeGradient: edge)
            #expect(simd.right == plain.right && simd.down == plain.down)
        }
    }

    @Test("regions are the connected sets of joined pixels, numbered by their first pixel")
    func regions() {
        // Two flat squares on a flat ground, one touching the left edge: three regions.
        var image = PixelBuffer(width: 40, height: 30)
        for y in 0..<30 {
            for x in 0..<40 {
                let inFirst = x < 12 && (5..<15).contains(y), inSecond = (20..<32).contains(x) && (10..<25).contains(y)
                image[x, y] = inFirst ? [200, 40, 40] : inSecond ? [40, 40, 200] : [120, 120, 120]
            }
        }
        let planes = PixelKernels.colorPlanes(image)
        let segmentation = Segmentation(planes: planes, gradient: Plane(width: 40, height: 30), mergeDistance: 6, edgeGradient: 48)
        #expect(segmentation.regionCount == 3)
        #expect(segmentation.labels[0] == 0)
        #expect(segmentation.labels[5 * 40] == 1)
        #expect(segmentation.labels[10 * 40 + 20] == 2)
        #expect(segmentation.sizes == [40 * 30 - 12 * 10 - 12 * 15, 12 * 10, 12 * 15])
    }
}
