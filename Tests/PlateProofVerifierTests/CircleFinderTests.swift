import PlateProofImaging
import Testing

@testable import PlateProofVerifier

@Suite("Round dishes by their outline")
struct CircleFinderTests {
    /// A pale disk with a dark blob on it, touching a second, smaller disk, on a brown ground.
    func scene() -> PixelBuffer {
        var image = PixelBuffer(width: 320, height: 240)
        for y in 0..<240 {
            for x in 0..<320 {
                let d1 = ((x - 120) * (x - 120) + (y - 120) * (y - 120)), d2 = ((x - 245) * (x - 245) + (y - 120) * (y - 120))
                var colour: SIMD3<UInt8> = [150, 100, 60]
                if d1 <= 80 * 80 { colour = [235, 235, 230] }
                if d2 <= 45 * 45 { colour = [225, 225, 225] }
                if (x - 110) * (x - 110) + (y - 110) * (y - 110) <= 30 * 30 { colour = [90, 60, 30] }
                image[x, y] = colour
            }
        }
        return image
    }

    @Test("finds both touching disks, with their centres and radii, despite what lies on one")
    func touchingDisks() {
        let planes = PixelKernels.colorPlanes(scene())
        let circles = CircleFinder(configuration: VerifierConfiguration()).circles(planes: planes)
        // Half-resolution voting places centres within a few pixels.
        let big = circles.first { abs($0.centerX - 120) < 6 && abs($0.centerY - 120) < 6 }
        let small = circles.first { abs($0.centerX - 245) < 6 && abs($0.centerY - 120) < 6 }
        #expect(big.map { abs($0.radius - 80) <= 4 } == true, "\(circles)")
        #expect(small.map { abs($0.radius - 45) <= 4 } == true, "\(circles)")
    }

    @Test("the dish holding food is measured as covered")
    func residueOnRoundDish() {
        let configuration = VerifierConfiguration()
        let scene = Scene(PixelKernels.colorPlanes(scene()), configuration: configuration)
        var dishes = DishFinder(configuration: configuration).roundDishes(planes: scene.blurred)
        ResidueMeter(configuration: configuration).measure(&dishes, scene: scene)
        let big = dishes.first { abs($0.ellipse.centerX - 120) < 6 }
        // A blob of radius 30 inside the inner 88% of a radius-80 dish covers about 18% of it.
        #expect(big.map { $0.residue > 0.12 && $0.residue < 0.25 } == true)
        let small = dishes.first { abs($0.ellipse.centerX - 245) < 6 }
        #expect(small.map { $0.residue < 0.02 } == true)
    }

    @Test("a ray's steps inside the picture are counted as a step-by-step walk counts them")
    func stepsInside() {
        for start in [-2048, -1, 0, 1, 500, 1023, 1024, 5000, 10239, 10240, 20000] {
            for step in [-3000, -1024, -700, -1, 0, 1, 333, 1024, 4096] {
                var (position, walked) = (start, 0)
                while walked < 100, position >= 0, position < 10240 {
                    walked += 1
                    position += step
                }
                #expect(
                    min(100, CircleFinder.stepsInside(start: start, step: step, limit: 10240)) == walked,
                    "start \(start), step \(step)"
                )
            }
        }
    }

    @Test("rounded square roots from the table equal the computed ones, inside the table and past it")
    func roundedRoots() {
        let wrong = (0...40_000).filter { CircleFinder.roundedRoot(Double($0)) != Int(Double($0).squareRoot().rounded()) }
        #expect(wrong.isEmpty)
    }

    @Test("the first of the largest votes is found as a plain scan finds it")
    func firstMaximum() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 7, 8, 9, 100, 1000] {
            // Few distinct values, so ties are common.
            let values = (0..<count).map { _ in Float(Int.random(in: 0...5, using: &generator)) }
            #expect(CircleFinder.firstMaximum(values) == values.indices.max(by: { values[$0] < values[$1] }))
        }
        #expect(CircleFinder.firstMaximum([]) == nil)
    }

    @Test("percentiles of three planes read through pixel indices equal those of the gathered values")
    func percentileOfPixels() {
        let values = (0..<500).map { Float(($0 * 37) % 301) - 150.25 }
        let plane = Plane(width: 25, height: 20, values: values)
        let planes = ColorPlanes(
            lightness: plane,
            redGreen: Plane(width: 25, height: 20, values: values.map { -$0 / 2 }),
            yellowBlue: plane
        )
        for pixels in [[], [3], Array(0..<500), Array(stride(from: 7, to: 500, by: 3))] {
            let histogram = Histogram(pixels, of: planes)
            for fraction in [0.1, 0.5, 0.9] {
                #expect(histogram.percentile(fraction, channel: 0) == percentile(pixels.map { values[$0] }, fraction))
                #expect(histogram.percentile(fraction, channel: 1) == percentile(pixels.map { -values[$0] / 2 }, fraction))
            }
        }
    }
}

@Suite("Disc rows")
struct DiscRowTests {
    @Test("the runs of a disc row are the pixels a plain scan finds inside")
    func runsMatchAScan() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let centerX = Double.random(in: -20...140, using: &generator)
            let dy = Double.random(in: -60...60, using: &generator)
            let (minX, maxX) = (Int.random(in: 0...20, using: &generator), Int.random(in: 60...120, using: &generator))
            let radius = Double.random(in: 0...80, using: &generator)
            let (inner, outer) = (radius * radius, radius * radius * Double.random(in: 1.01...1.6, using: &generator))
            let row = DiscRow(centerX: centerX, dy: dy, minX: minX, maxX: maxX)
            func squared(_ x: Int) -> Double { (Double(x) - centerX) * (Double(x) - centerX) + dy * dy }

            let disc = (minX...maxX).filter { squared($0) <= inner }
            #expect(row.run(atMost: inner).map(Array.init) ?? [] == disc)
            let (left, right) = row.band(above: inner, below: outer)
            #expect(Array(left) + Array(right) == (minX...maxX).filter { squared($0) > inner && squared($0) < outer })
        }
    }
}
