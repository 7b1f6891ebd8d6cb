#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A found dish sampled in its own coordinates (see ``DishTemplate``): each pixel's cell, its
/// place on the unit disc and its comparable colour, and the mean colour of every cell.
struct DishView: Sendable {
    var pixels: [Int] = []
    var cells: [Int] = []
    /// Place on the unit disc, along the outline's major and minor axes.
    var u: [Float] = []
    var v: [Float] = []
    /// Lightness relative to the rim's median, and opponent colours divided by that relative
    /// lightness (so a shadow leaves them alone). Not relative to the scene's white: a bowl
    /// filling the frame is that white.
    var lightness: [Float] = []
    var redGreen: [Float] = []
    var yellowBlue: [Float] = []
    /// Cell means (no spread).
    var template: DishTemplate

    /// The rim is the outer rings: the part of a plate food least often covers.
    static let rimFrom = DishTemplate.rings * 6 / 10

    /// - Parameter excluded: Pixels left out (cutlery, dishes standing on this one).
    init(_ dish: Dish, scene: Scene, excluded: (Int) -> Bool = { _ in false }) {
        let width = scene.width
        let planes = scene.smooth
        let e = dish.ellipse
        let (c, s) = (cos(e.angle), sin(e.angle))
        var rimLightness: [Float] = []
        for pixel in dish.fill where !excluded(pixel) {
            let dx = Double(pixel % width) - e.centerX, dy = Double(pixel / width) - e.centerY
            let pu = (dx * c + dy * s) / e.major, pv = (-dx * s + dy * c) / e.minor
            let r2 = pu * pu + pv * pv
            guard r2 < 1 else { continue }
            let ring = min(DishTemplate.rings - 1, Int(r2 * Double(DishTemplate.rings)))
            let sector = Int((atan2(pv, pu) + Double.pi) / (2 * Double.pi) * Double(DishTemplate.sectors)) % DishTemplate.sectors
            pixels.append(pixel)
            cells.append(DishTemplate.cell(ring: ring, sector: sector))
            u.append(Float(pu))
            v.append(Float(pv))
            if ring >= Self.rimFrom { rimLightness.append(planes.lightness.values[pixel]) }
        }
        let reference = max(8, rimLightness.isEmpty ? 128 : percentile(rimLightness, 0.5))
        let count = DishTemplate.cellCount
        var sums = [SIMD4<Float>](repeating: .zero, count: count)
        for (index, pixel) in pixels.enumerated() {
            let l = planes.lightness.values[pixel] / reference
            let shade = max(0.25, l)
            let a = planes.redGreen.values[pixel] / shade
            let b = planes.yellowBlue.values[pixel] / shade
            lightness.append(l)
            redGreen.append(a)
            yellowBlue.append(b)
            sums[cells[index]] += SIMD4(l, a, b, 1)
        }
        let means = sums.map { $0.w > 0 ? SIMD3($0.x, $0.y, $0.z) / $0.w : SIMD3(repeating: .nan) }
        template = DishTemplate(
            lightness: means.map(\.x),
            redGreen: means.map(\.y),
            yellowBlue: means.map(\.z),
            lightnessSpread: [Float](repeating: 0, count: count),
            colourSpread: [Float](repeating: 0, count: count)
        )
    }
}

extension DishTemplate {
    /// The template turned by `offset` sectors: cell (ring, sector) of the result is cell
    /// (ring, sector + offset) of this one.
    func rotated(by offset: Int) -> DishTemplate {
        func turn(_ values: [Float]) -> [Float] {
            (0..<Self.cellCount).map { cell in
                values[cell - cell % Self.sectors + (cell % Self.sectors + offset) % Self.sectors]
            }
        }
        return DishTemplate(
            lightness: turn(lightness),
            redGreen: turn(redGreen),
            yellowBlue: turn(yellowBlue),
            lightnessSpread: turn(lightnessSpread),
            colourSpread: turn(colourSpread)
        )
    }

    /// The turn (in sectors) that brings `view` onto this template, the one leaving the least mean
    /// colour distance: a printed motif lines up at one turn only, a plain plate at any.
    func registration(of view: DishTemplate) -> Int {
        var best = (offset: 0, distance: Float.infinity)
        for offset in 0..<Self.sectors {
            var total: Float = 0, seen = 0
            for cell in 0..<Self.cellCount {
                let other = cell - cell % Self.sectors + (cell % Self.sectors + offset) % Self.sectors
                let dl = lightness[cell] - view.lightness[other]
                guard !dl.isNaN else { continue }
                total += 100 * abs(dl) + abs(redGreen[cell] - view.redGreen[other]) + abs(yellowBlue[cell] - view.yellowBlue[other])
                seen += 1
            }
            if seen > 0, total / Float(seen) < best.distance { best = (offset, total / Float(seen)) }
        }
        return best.offset
    }
}
