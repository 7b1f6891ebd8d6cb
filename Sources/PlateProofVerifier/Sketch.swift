import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The picture of a verdict being drawn: what the verifier saw, on the analysis image.
struct Sketch {
    var image: PixelBuffer
    var dishes: [DishOutline] = []

    init(image: PixelBuffer) { self.image = image }

    /// Tints residue pixels red.
    mutating func mark(_ pixels: [Int]) {
        for pixel in pixels { blend(pixel, towards: [255, 0, 0]) }
    }

    /// Tints masked pixels blue (cutlery).
    mutating func tint(_ mask: [Bool]) {
        for pixel in mask.indices where mask[pixel] { blend(pixel, towards: [0, 0, 255]) }
    }

    /// Tints masked pixels magenta (tableware no dish explains).
    mutating func shade(_ mask: [Bool]) {
        for pixel in mask.indices where mask[pixel] { blend(pixel, towards: [255, 0, 255]) }
    }

    /// Outlines each dish (green, or orange for one recognised as an enrolled model), the inner
    /// rim its residue is measured within (yellow), the edges of its zones of other colours (cyan)
    /// or of the registered model's template (orange), and marks what was counted on it.
    mutating func draw(_ found: [Dish], innerScale: Double, labels: [Int32]) {
        let width = image.width
        for dish in found {
            mark(dish.residuePixels)
            if !dish.zoneRegions.isEmpty {
                for pixel in dish.fill where dish.zoneRegions.contains(labels[pixel]) {
                    let (x, y) = (pixel % width, pixel / width)
                    func differs(_ u: Int, _ v: Int) -> Bool {
                        u < 0 || v < 0 || u >= width || v >= image.height || labels[v * width + u] != labels[pixel]
                    }
                    if differs(x - 1, y) || differs(x + 1, y) || differs(x, y - 1) || differs(x, y + 1) { image[x, y] = [0, 255, 255] }
                }
            }
            if let match = dish.profile { trace(match) }
            let edge: SIMD3<UInt8> = dish.profile == nil ? [0, 255, 0] : [255, 140, 0]
            for scale in [1.0, innerScale] { outline(dish.ellipse, scale: scale, colour: scale == 1 ? edge : [255, 255, 0]) }
            let e = dish.ellipse
            dishes.append(
                DishOutline(
                    centerX: e.centerX,
                    centerY: e.centerY,
                    semiMajor: e.major,
                    semiMinor: e.minor,
                    angle: e.angle,
                    residue: dish.residue,
                    zones: dish.zones
                )
            )
        }
    }

    /// Draws the enrolled model's template where it was registered on the dish: the lines between
    /// its cells of clearly different clean colour (the rim band's edge, printed motifs), in orange.
    private mutating func trace(_ match: ProfileMatch) {
        let width = image.width
        var cellAt = [Int: Int]()
        for (index, pixel) in match.view.pixels.enumerated() { cellAt[pixel] = match.view.cells[index] }
        let template = match.template
        func differ(_ a: Int, _ b: Int) -> Bool {
            let distance =
                100 * abs(template.lightness[a] - template.lightness[b]) + abs(template.redGreen[a] - template.redGreen[b])
                + abs(template.yellowBlue[a] - template.yellowBlue[b])
            return distance > Self.templateEdge  // false when either cell was never seen (NaN)
        }
        for (pixel, cell) in cellAt {
            let neighbours = [pixel % width + 1 < width ? pixel + 1 : nil, pixel + width].compactMap { $0 }
            if neighbours.contains(where: { cellAt[$0].map { $0 != cell && differ($0, cell) } ?? false }) {
                image[pixel % width, pixel / width] = [255, 140, 0]
            }
        }
    }

    /// Colour distance (relative lightness x 100 plus opponent units) between template cells drawn
    /// as an edge: about a shade of glaze or a printed line, well above cell-to-cell noise.
    static let templateEdge: Float = 30

    private mutating func outline(_ ellipse: Ellipse, scale: Double, colour: SIMD3<UInt8>) {
        let steps = max(64, Int(ellipse.perimeter * 2))
        for step in 0..<steps {
            let t = Double(step) / Double(steps) * 2 * Double.pi
            let u = ellipse.major * scale * cos(t), v = ellipse.minor * scale * sin(t)
            let x = Int((ellipse.centerX + u * cos(ellipse.angle) - v * sin(ellipse.angle)).rounded())
            let y = Int((ellipse.centerY + u * sin(ellipse.angle) + v * cos(ellipse.angle)).rounded())
            guard x >= 0, y >= 0, x < image.width, y < image.height else { continue }
            image[x, y] = colour
        }
    }

    /// Three quarters of the way from the pixel's colour to `colour`.
    private mutating func blend(_ pixel: Int, towards colour: SIMD3<Int>) {
        let (x, y) = (pixel % image.width, pixel / image.width)
        let p = SIMD3<Int>(truncatingIfNeeded: image[x, y])
        image[x, y] = SIMD3<UInt8>(truncatingIfNeeded: (p &+ 3 &* colour) / 4)
    }
}
