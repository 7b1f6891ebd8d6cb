public import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plate's outline in a photo's pixels.
public struct PlateOutline: Sendable, Equatable {
    public var center: Point
    public var semiMajor: Double
    public var semiMinor: Double
    public var angle: Double

    public init(center: Point, semiMajor: Double, semiMinor: Double, angle: Double) {
        self.center = center
        self.semiMajor = semiMajor
        self.semiMinor = semiMinor
        self.angle = angle
    }

    /// The point at `rho` (0 centre, 1 outline) in direction `theta` of the plate's own frame.
    func point(rho: Double, theta: Double) -> Point {
        let (u, v) = (rho * semiMajor * cos(theta), rho * semiMinor * sin(theta))
        return Point(center.x + u * cos(angle) - v * sin(angle), center.y + u * sin(angle) + v * cos(angle))
    }

    /// Normalised radius of a point: 1 on the outline.
    func rho(_ p: Point) -> Double {
        let d = p - center
        let u = (d.x * cos(angle) + d.y * sin(angle)) / semiMajor, v = (-d.x * sin(angle) + d.y * cos(angle)) / semiMinor
        return (u * u + v * v).squareRoot()
    }

    /// Mean radius.
    var radius: Double { (semiMajor * semiMinor).squareRoot() }
}

/// What tableware makers and diners add to a clean plate: a glazed rim band, a printed motif, cutlery.
enum PlateArt {
    /// Glaze colours of two-tone plates.
    static let glazes: [SIMD3<Double>] = [[244, 205, 70], [120, 170, 220], [150, 200, 130], [200, 110, 90], [60, 60, 70]]
    /// Printing inks: cobalt blue, red, green, gold.
    static let inks: [SIMD3<Double>] = [[40, 70, 170], [190, 40, 40], [40, 130, 60], [190, 150, 50]]

    /// The rim band (from `inner` to just inside the outline) glazed in `glaze`, keeping its shading.
    static func glazeRim(_ image: inout PixelBuffer, plate: PlateOutline, glaze: SIMD3<Double>, inner: Double = 0.8) {
        var painter = Painter(image: image)
        let reach = plate.semiMajor + 1
        let bounds = (plate.center.x - reach, plate.center.y - reach, plate.center.x + reach, plate.center.y + reach)
        painter.paint(bounds: bounds, multiply: true) { p in
            let rho = plate.rho(p)
            return rho >= inner && rho <= 0.97 ? glaze : nil
        }
        image = painter.image
    }

    /// `count` printed flowers around the rim at `rho`, in `ink`.
    static func printMotif(_ image: inout PixelBuffer, plate: PlateOutline, ink: SIMD3<Double>, count: Int, rho: Double = 0.89) {
        var painter = Painter(image: image)
        let size = 0.055 * plate.radius
        for index in 0..<count {
            let theta = Double(index) / Double(count) * 2 * Double.pi
            let centre = plate.point(rho: rho, theta: theta)
            for petal in 0..<5 {
                let turn = Double(petal) / 5 * 2 * Double.pi + theta
                let at = Point(centre.x + 0.9 * size * cos(turn), centre.y + 0.9 * size * sin(turn))
                painter.ellipse(center: at, semiMajor: size, semiMinor: 0.45 * size, angle: turn, multiply: true, shade: Painter.flat(ink))
            }
            painter.ellipse(
                center: centre,
                semiMajor: 0.35 * size,
                semiMinor: 0.35 * size,
                angle: 0,
                multiply: true,
                shade: Painter.flat(ink * 0.6)
            )
            // A thin line between flowers, as printed borders have.
            let next = plate.point(rho: rho, theta: theta + Double.pi / Double(count))
            painter.capsule(from: centre, to: next, radius: 0.12 * size, multiply: true, shade: Painter.flat(ink))
        }
        image = painter.image
    }

    /// What lies on a finished plate: a knife and fork side by side, a spoon, or chopsticks, from
    /// near the centre out past the rim, with a soft shadow.
    enum Setting: CaseIterable { case knifeAndFork, spoon, chopsticks }

    static func layCutlery(_ image: inout PixelBuffer, plate: PlateOutline, setting: Setting, direction: Double) {
        let r = plate.radius
        let (ux, uy) = (cos(direction), sin(direction))
        let across = Point(-uy, ux)
        func at(_ along: Double, _ side: Double) -> Point {
            Point(plate.center.x + along * r * ux + side * r * across.x, plate.center.y + along * r * uy + side * r * across.y)
        }
        var painter = Painter(image: image)
        let shadow = Point(0.025 * r, 0.035 * r)
        func bar(_ a: Point, _ b: Point, _ radius: Double, _ shade: @escaping (Double, Double) -> SIMD3<Double>) {
            painter.capsule(
                from: a + shadow,
                to: b + shadow,
                radius: radius * 1.3,
                multiply: true,
                opacity: 0.45,
                shade: Painter.flat([90, 90, 95])
            )
            painter.capsule(from: a, to: b, radius: radius, shade: shade)
        }
        switch setting {
        case .knifeAndFork:
            // Knife: handle and blade.
            bar(at(-0.15, 0.09), at(0.45, 0.09), 0.04 * r, steel)
            bar(at(0.45, 0.09), at(1.3, 0.09), 0.034 * r, steel)
            // Fork: handle, neck and four tines.
            bar(at(-0.1, -0.09), at(0.55, -0.09), 0.035 * r, steel)
            bar(at(0.55, -0.09), at(0.75, -0.09), 0.05 * r, steel)
            for tine in 0..<4 {
                let side = -0.09 + (Double(tine) - 1.5) * 0.028
                bar(at(0.75, side), at(1.0, side), 0.009 * r, steel)
            }
        case .spoon:
            bar(at(0.3, 0), at(1.3, 0), 0.035 * r, steel)
            let bowl = at(0.12, 0)
            painter.ellipse(
                center: bowl + shadow,
                semiMajor: 0.22 * r,
                semiMinor: 0.14 * r,
                angle: direction,
                multiply: true,
                opacity: 0.45,
                shade: Painter.flat([90, 90, 95])
            )
            painter.ellipse(center: bowl, semiMajor: 0.2 * r, semiMinor: 0.13 * r, angle: direction) { u, v in steel(v, 0.5 + 0.5 * u) }
        case .chopsticks:
            let wood: (Double, Double) -> SIMD3<Double> = { across, _ in SIMD3(196, 150, 100) * (0.85 + 0.15 * (1 - across * across)) }
            bar(at(-0.6, 0.04), at(1.4, 0.07), 0.022 * r, wood)
            bar(at(-0.6, -0.06), at(1.4, -0.02), 0.022 * r, wood)
        }
        image = painter.image
    }

    /// Brushed steel: darker at the edges, a bright streak along the length.
    static func steel(_ across: Double, _ along: Double) -> SIMD3<Double> {
        let body = 120 + 70 * (1 - across * across)
        let streak = 70 * exp(-((across - 0.3) * (across - 0.3)) / 0.02)
        return SIMD3(repeating: min(250, body + streak)) + SIMD3(0, 2, 6)
    }
}
