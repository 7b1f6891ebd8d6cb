import PlateProofImaging
import Testing

@testable import PlateProofVerifier

/// The kernels of plates-3 against plain definitions.
@Suite("Scene kernels")
struct SceneKernelsTests {
    static func randomPlane(width: Int, height: Int, seed: UInt64) -> Plane {
        var state = seed
        let values = (0..<(width * height)).map { _ -> Float in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40 % 256) / 65536 * 255
        }
        return Plane(width: width, height: height, values: values)
    }

    @Test("greyscale erosion and dilation equal their definition", arguments: [(1, 1, 1), (9, 7, 1), (33, 20, 3), (40, 17, 6)])
    func rankFilter(size: (Int, Int, Int)) {
        let plane = Self.randomPlane(width: size.0, height: size.1, seed: UInt64(size.0 * 31 + size.1))
        for highest in [true, false] {
            #expect(
                RankFilter.filter(plane, radius: size.2, highest: highest)
                    == RankFilter.filterReference(plane, radius: size.2, highest: highest)
            )
        }
    }

    @Test("a straight run is measured along its own direction, and a curve gives none as long")
    func lineRuns() {
        let (width, height) = (80, 60)
        var mask = [Bool](repeating: false, count: width * height)
        // A line 50 pixels long at 22.5 degrees, three pixels thick.
        for step in 0..<50 {
            let x = 10 + Double(step) * 0.924, y = 10 + Double(step) * 0.383
            for across in -1...1 { mask[Int((y + Double(across)).rounded()) * width + Int(x.rounded())] = true }
        }
        let runs = LineRuns.longest(mask, width: width, height: height, directions: 16)
        let middle = 20 * width + 33
        #expect(mask[middle] || mask[middle + width] || mask[middle - width])
        let best = [middle - width, middle, middle + width].filter { mask[$0] }.map { runs.length[$0] }.max() ?? 0
        #expect(best >= 40, "run \(best)")
        let direction = [middle - width, middle, middle + width].first { mask[$0] }.map { runs.direction[$0] }
        #expect(direction.map { abs(Int($0) - 2) <= 1 } == true)
        // A ring of radius 20 holds no straight run as long as its radius.
        var ring = [Bool](repeating: false, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let r = (Double((x - 40) * (x - 40) + (y - 30) * (y - 30))).squareRoot()
                ring[y * width + x] = abs(r - 20) <= 1
            }
        }
        #expect((LineRuns.longest(ring, width: width, height: height, directions: 16).length.max() ?? 0) < 20)
    }

    @Test("joined pixels form sets through right and lower neighbours; diagonal components join corners")
    func components() {
        // Two 2x2 squares touching at a corner.
        let (width, height) = (4, 4)
        var mask = [Bool](repeating: false, count: 16)
        for index in [0, 1, 4, 5, 10, 11, 14, 15] { mask[index] = true }
        #expect(Components.of(mask, width: width, height: height, minimumSize: 1).count == 2)
        #expect(Components.of(mask, width: width, height: height, minimumSize: 1, diagonal: true).count == 1)
        let sets = Components.joined(width: width, height: height, minimumSize: 2) { mask[$0] && mask[$1] }
        #expect(sets.map(\.count).sorted() == [4, 4])
    }

    @Test("squared distances from the scene's white equal the plain ones")
    func chroma() {
        let planes = ColorPlanes(
            lightness: Self.randomPlane(width: 37, height: 5, seed: 1),
            redGreen: Self.randomPlane(width: 37, height: 5, seed: 2),
            yellowBlue: Self.randomPlane(width: 37, height: 5, seed: 3)
        )
        let white = SceneWhite(planes)
        let squared = white.chromaSquared(planes)
        for index in squared.indices {
            let plain = white.relativeChroma(planes, index)
            #expect(abs(squared[index] - plain * plain) <= 1e-3 * max(1, plain * plain))
        }
    }

    @Test("sides enclosed by walls are counted within reach, on each of the four sides")
    func enclosure() {
        // A 9x9 picture with a wall ring at distance 3 from the centre.
        let (width, height) = (9, 9)
        var wall = [Bool](repeating: false, count: 81)
        for i in 1...7 { for (x, y) in [(i, 1), (i, 7), (1, i), (7, i)] { wall[y * width + x] = true } }
        let (near, close) = FoodElsewhere.sides(by: wall, width: width, height: height, reach: 3, closer: 2)
        #expect(near[4 * width + 4] == 4)
        #expect(close[4 * width + 4] == 0)
        #expect(near[4 * width] == 1)  // outside the ring, left of it: the ring is on one side only
    }

    @Test("blue is ink, other colours are not")
    func ink() {
        func isInk(_ rgb: SIMD3<UInt8>) -> Bool {
            var image = PixelBuffer(width: 40, height: 40)
            for y in 0..<40 { for x in 0..<40 { image[x, y] = x < 20 ? [250, 250, 250] : rgb } }
            let scene = Scene(PixelKernels.colorPlanes(image), configuration: VerifierConfiguration())
            return ResidueMeter.isInk(30 * 40 + 30, scene: scene)
        }
        #expect(isInk([40, 70, 170]) && isInk([120, 170, 220]))
        #expect(!isInk([190, 45, 40]) && !isInk([60, 140, 50]) && !isInk([150, 100, 60]) && !isInk([200, 200, 200]))
    }

    @Test("a white backdrop is not overexposure; a blown-out picture is")
    func backdrop() {
        var product = PixelBuffer(width: 100, height: 80)
        for y in 0..<80 {
            for x in 0..<100 {
                let r = (Double((x - 50) * (x - 50) + (y - 40) * (y - 40))).squareRoot()
                product[x, y] = r < 25 ? [200, 190, 170] : [255, 255, 255]
            }
        }
        let lightness = PixelKernels.colorPlanes(product).lightness
        #expect(QualityGates.blownOutShare(lightness) == 0)
        var blown = product
        for y in 30..<50 { for x in 40..<60 { blown[x, y] = [255, 255, 255] } }
        #expect(QualityGates.blownOutShare(PixelKernels.colorPlanes(blown).lightness) > 0.2)
        #expect(QualityGates.blownOutShare(Plane(width: 10, height: 10, repeating: 255)) == 1)
    }
}
