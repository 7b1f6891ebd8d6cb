import Testing

@testable import PlateProofVerifier

@Suite("Morphology")
struct MorphologyTests {
    /// Opening by definition: a pixel survives when some all-set window of side 2r+1 covers it.
    static func openedByDefinition(_ mask: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        func set(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height && mask[y * width + x] != 0 }
        func windowFull(_ cx: Int, _ cy: Int) -> Bool {
            for y in (cy - radius)...(cy + radius) { for x in (cx - radius)...(cx + radius) where !set(x, y) { return false } }
            return true
        }
        var out = [UInt8](repeating: 0, count: mask.count)
        for cy in 0..<height {
            for cx in 0..<width where windowFull(cx, cy) {
                for y in (cy - radius)...(cy + radius) { for x in (cx - radius)...(cx + radius) { out[y * width + x] = 1 } }
            }
        }
        return out
    }

    @Test("opening equals its definition on random masks", arguments: [(1, 1, 1), (7, 5, 1), (30, 20, 2), (13, 40, 3), (3, 3, 2)])
    func matchesDefinition(size: (Int, Int, Int)) {
        let (width, height, radius) = size
        var generator = SystemRandomNumberGenerator()
        for density in [0.3, 0.7, 0.95] {
            let mask = (0..<(width * height)).map { _ in Double.random(in: 0..<1, using: &generator) < density ? UInt8(1) : 0 }
            #expect(
                Morphology.open(mask, width: width, height: height, radius: radius)
                    == Self.openedByDefinition(mask, width: width, height: height, radius: radius)
            )
        }
    }
}
