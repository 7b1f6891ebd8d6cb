public import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in pixel coordinates.
public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    static func + (p: Point, q: Point) -> Point { Point(p.x + q.x, p.y + q.y) }
    static func - (p: Point, q: Point) -> Point { Point(p.x - q.x, p.y - q.y) }
    static func * (k: Double, p: Point) -> Point { Point(k * p.x, k * p.y) }
    func dot(_ q: Point) -> Double { x * q.x + y * q.y }
    var length: Double { dot(self).squareRoot() }
}

/// Paints shapes onto a photo with antialiased edges (4x4 samples a pixel).
struct Painter {
    var image: PixelBuffer

    /// A shape: for a point, nil outside, else its paint, as a colour the photo is multiplied by
    /// (`multiply`, printed ink that keeps the shading under it) or laid over it.
    typealias Shader = (Point) -> SIMD3<Double>?

    /// Paints `shader` over the pixels of `bounds` (min x, min y, max x, max y).
    mutating func paint(bounds: (Double, Double, Double, Double), multiply: Bool, opacity: Double = 1, _ shader: Shader) {
        let x0 = max(0, Int(bounds.0.rounded(.down))), y0 = max(0, Int(bounds.1.rounded(.down)))
        let x1 = min(image.width - 1, Int(bounds.2.rounded(.up))), y1 = min(image.height - 1, Int(bounds.3.rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                var sum = SIMD3<Double>.zero
                var hits = 0.0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        guard let paint = shader(Point(Double(x) + (Double(sx) + 0.5) / 4, Double(y) + (Double(sy) + 0.5) / 4))
                        else { continue }
                        sum += paint
                        hits += 1
                    }
                }
                guard hits > 0 else { continue }
                let coverage = hits / 16 * opacity
                let paint = sum / hits
                let under = SIMD3<Double>(image[x, y])
                let over = multiply ? under * paint / 255 : paint
                let mixed = under * (1 - coverage) + over * coverage
                image[x, y] = SIMD3<UInt8>(
                    mixed.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255)).rounded(.toNearestOrAwayFromZero)
                )
            }
        }
    }

    /// A bar with round ends from `a` to `b`, `radius` wide on each side; `shade` gets the
    /// position across it (-1...1) and along it (0...1).
    mutating func capsule(
        from a: Point,
        to b: Point,
        radius: Double,
        multiply: Bool = false,
        opacity: Double = 1,
        shade: @escaping (Double, Double) -> SIMD3<Double>
    ) {
        let axis = b - a
        let length = max(1e-9, axis.length)
        let along = (1 / length) * axis
        let bounds = (min(a.x, b.x) - radius - 1, min(a.y, b.y) - radius - 1, max(a.x, b.x) + radius + 1, max(a.y, b.y) + radius + 1)
        paint(bounds: bounds, multiply: multiply, opacity: opacity) { p in
            let d = p - a
            let t = min(max(d.dot(along) / length, 0), 1)
            let nearest = a + (t * length) * along
            let offset = p - nearest
            guard offset.length <= radius else { return nil }
            let across = (d.x * along.y - d.y * along.x) / radius
            return shade(max(-1, min(1, across)), t)
        }
    }

    /// A filled ellipse; `shade` gets the position inside it (-1...1 on each axis).
    mutating func ellipse(
        center: Point,
        semiMajor: Double,
        semiMinor: Double,
        angle: Double,
        multiply: Bool = false,
        opacity: Double = 1,
        shade: @escaping (Double, Double) -> SIMD3<Double>
    ) {
        let (c, s) = (cos(angle), sin(angle))
        let reach = max(semiMajor, semiMinor) + 1
        paint(bounds: (center.x - reach, center.y - reach, center.x + reach, center.y + reach), multiply: multiply, opacity: opacity) { p in
            let d = p - center
            let u = (d.x * c + d.y * s) / semiMajor, v = (-d.x * s + d.y * c) / semiMinor
            guard u * u + v * v <= 1 else { return nil }
            return shade(u, v)
        }
    }

    /// A flat colour.
    static func flat(_ colour: SIMD3<Double>) -> (Double, Double) -> SIMD3<Double> { { _, _ in colour } }
}
