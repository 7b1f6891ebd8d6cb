#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An ellipse fitted to a set of pixels from their first and second moments.
struct Ellipse: Sendable, Equatable {
    var centerX: Double
    var centerY: Double
    /// Semi-axes, in pixels (`major` >= `minor`).
    var major: Double
    var minor: Double
    /// Angle of the major axis, in radians.
    var angle: Double
    private var cosine: Double
    private var sine: Double

    /// The ellipse with the same centroid and second moments as the pixels, given in increasing
    /// order (a filled ellipse fits itself).
    init?(pixels: [Int], width: Int) {
        guard pixels.count >= 5 else { return nil }
        // Whole-number sums: exact, as a double-precision sum of them is too.
        var sumX = 0, sumY = 0
        Components.forEachPoint(ofIncreasing: pixels, width: width) { x, y in
            sumX &+= x
            sumY &+= y
        }
        let n = Double(pixels.count)
        let (cx, cy) = (Double(sumX) / n, Double(sumY) / n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        Components.forEachPoint(ofIncreasing: pixels, width: width) { x, y in
            let dx = Double(x) - cx, dy = Double(y) - cy
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        (sxx, syy, sxy) = (sxx / n, syy / n, sxy / n)
        let mean = (sxx + syy) / 2
        let spread = (((sxx - syy) / 2) * ((sxx - syy) / 2) + sxy * sxy).squareRoot()
        guard mean - spread > 0 else { return nil }
        centerX = cx
        centerY = cy
        major = 2 * (mean + spread).squareRoot()
        minor = 2 * (mean - spread).squareRoot()
        angle = 0.5 * atan2(2 * sxy, sxx - syy)
        cosine = cos(angle)
        sine = sin(angle)
    }

    /// A circle.
    init?(circleAt centerX: Double, _ centerY: Double, radius: Double) {
        guard radius > 0 else { return nil }
        (self.centerX, self.centerY, major, minor, angle, cosine, sine) = (centerX, centerY, radius, radius, 0, 1, 0)
    }

    var area: Double { Double.pi * major * minor }

    /// Ramanujan's approximation of the circumference.
    var perimeter: Double {
        let h = ((major - minor) * (major - minor)) / ((major + minor) * (major + minor))
        return Double.pi * (major + minor) * (1 + 3 * h / (10 + (4 - 3 * h).squareRoot()))
    }

    /// Whether (x, y) lies inside this ellipse scaled by `scale` about its centre.
    func contains(x: Int, y: Int, scale: Double = 1) -> Bool {
        let dx = Double(x) - centerX, dy = Double(y) - centerY
        let u = (dx * cosine + dy * sine) / (major * scale), v = (-dx * sine + dy * cosine) / (minor * scale)
        return u * u + v * v <= 1
    }
}
