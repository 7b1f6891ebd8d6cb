#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds round plates and bowls seen from above by their outlines, which survive what breaks up
/// their surface (food on them, a dish touching them): every edge point votes for the centres its
/// gradient points at; at the strongest centres, the radius whose circle the most edge points
/// support, all around, is the dish.
struct CircleFinder {
    struct Circle: Equatable {
        var centerX: Double
        var centerY: Double
        var radius: Double
        /// Share of the circumference with a radial edge on it.
        var support: Double
    }

    var configuration: VerifierConfiguration

    func circles(planes: ColorPlanes) -> [Circle] {
        // Half resolution: outlines survive it and the voting costs a quarter.
        let l = Self.halve(planes.lightness), a = Self.halve(planes.redGreen), b = Self.halve(planes.yellowBlue)
        let (width, height) = (l.width, l.height)
        guard width >= 16, height >= 16 else { return [] }
        let edges = Self.edges([l, a, b], threshold: configuration.circleEdgeStrength)
        let minSide = Double(min(width, height))
        let rMin = max(4, Int(minSide * configuration.minCircleRadius)), rMax = Int(minSide * configuration.maxCircleRadius)
        guard rMax > rMin else { return [] }

        // Fixed-point stepping along each gradient line (1/1024 px), both ways.
        var counts = [Int32](repeating: 0, count: width * height)
        counts.withUnsafeMutableBufferPointer { counts in
            let (columns, rows) = (UInt(width), UInt(height))
            func cast(from x0: Int, _ y0: Int, stepX: Int, stepY: Int) {
                var (fx, fy) = (x0 + rMin * stepX, y0 + rMin * stepY)
                for _ in rMin...rMax {
                    let (x, y) = (fx >> 10, fy >> 10)
                    // Negative coordinates wrap to huge unsigned ones: one comparison per axis.
                    guard UInt(bitPattern: x) < columns, UInt(bitPattern: y) < rows else { return }
                    counts[y * width + x] &+= 1
                    fx += stepX
                    fy += stepY
                }
            }
            for edge in edges {
                let x0 = Int(edge.x * 1024) + 512, y0 = Int(edge.y * 1024) + 512
                let stepX = Int(edge.ux * 1024), stepY = Int(edge.uy * 1024)
                cast(from: x0, y0, stepX: -stepX, stepY: -stepY)
                cast(from: x0, y0, stepX: stepX, stepY: stepY)
            }
        }
        let votes = counts.map(Float.init)
        let smoothed = PixelKernels.boxBlur3(Plane(width: width, height: height, values: votes))

        let candidates = Self.peaks(smoothed, count: configuration.circleCandidates, separation: max(3, rMin / 2)).compactMap {
            bestRadius(at: $0, edges: edges, rMin: rMin, rMax: rMax)
        }
        // One circle per dish: the best supported of those that describe about the same circle.
        var found: [Circle] = []
        for circle in candidates.sorted(by: { $0.support > $1.support }) {
            let duplicate = found.contains { other in
                let dx = other.centerX - circle.centerX, dy = other.centerY - circle.centerY
                let ratio = circle.radius / other.radius
                return (dx * dx + dy * dy).squareRoot() < 0.5 * max(circle.radius, other.radius) && ratio > 0.7 && ratio < 1.4
            }
            if !duplicate { found.append(circle) }
        }
        return found.map {
            Circle(centerX: $0.centerX * 2 + 0.5, centerY: $0.centerY * 2 + 0.5, radius: $0.radius * 2, support: $0.support)
        }
    }

    /// The radius around `centre` whose circle radial edges support best, on at least `minCircleSupport`
    /// of its circumference; among radii nearly as well supported, the outermost (a bowl's foot ring
    /// sits inside its rim).
    private func bestRadius(at centre: (x: Int, y: Int), edges: [Edge], rMin: Int, rMax: Int) -> Circle? {
        let sectors = 48
        var hits = [UInt64](repeating: 0, count: rMax + 2)  // one bit per sector, per radius
        let (cx, cy) = (Double(centre.x), Double(centre.y))
        let (nearest, farthest) = (Double(rMin - 1) * Double(rMin - 1), Double(rMax + 1) * Double(rMax + 1))
        for edge in edges {
            let dx = edge.x - cx, dy = edge.y - cy
            let squared = dx * dx + dy * dy
            guard squared >= nearest, squared <= farthest else { continue }
            // Radial: the gradient points along the line to the centre (|cos| > 0.85, without a square root).
            let along = dx * edge.ux + dy * edge.uy
            guard along * along > 0.7225 * squared else { continue }
            let distance = squared.squareRoot()
            // A pseudo-angle in [0, 4): monotonic in the true angle, without atan2.
            let p = dy / (abs(dx) + abs(dy))
            let angle = dx >= 0 ? (dy >= 0 ? p : 4 + p) : 2 - p
            let sector = min(sectors - 1, Int(angle / 4 * Double(sectors)))
            let r = Int(distance.rounded())
            for near in max(0, r - 1)...min(rMax + 1, r + 1) { hits[near] |= 1 << UInt64(sector) }
        }
        let supports = (0...(rMax + 1)).map { r in r < rMin ? 0 : Double(hits[r].nonzeroBitCount) / Double(sectors) }
        guard let best = supports.max(), best >= configuration.minCircleSupport else { return nil }
        let r = supports.lastIndex { $0 >= max(configuration.minCircleSupport, 0.9 * best) }!
        return Circle(centerX: cx, centerY: cy, radius: Double(r), support: supports[r])
    }

    struct Edge {
        var x: Double
        var y: Double
        /// Unit gradient.
        var ux: Double
        var uy: Double
    }

    /// Edge points of the strongest of several channels, with their gradient direction.
    static func edges(_ channels: [Plane], threshold: Float) -> [Edge] {
        let (width, height) = (channels[0].width, channels[0].height)
        var gx = [Float](repeating: 0, count: width * height), gy = gx, strength = gx
        for plane in channels {
            plane.values.withUnsafeBufferPointer { p in
                for y in 1..<(height - 1) {
                    let (up, here, down) = ((y - 1) * width, y * width, (y + 1) * width)
                    for x in 1..<(width - 1) {
                        let sx =
                            (p[up + x + 1] + 2 * p[here + x + 1] + p[down + x + 1])
                            - (p[up + x - 1] + 2 * p[here + x - 1] + p[down + x - 1])
                        let sy = (p[down + x - 1] + 2 * p[down + x] + p[down + x + 1]) - (p[up + x - 1] + 2 * p[up + x] + p[up + x + 1])
                        let magnitude = abs(sx) + abs(sy)
                        if magnitude > strength[here + x] {
                            (gx[here + x], gy[here + x], strength[here + x]) = (sx, sy, magnitude)
                        }
                    }
                }
            }
        }
        // Thin the edges: keep a point only where it is the strongest across the edge (along its gradient).
        var edges: [Edge] = []
        for index in strength.indices where strength[index] > threshold {
            let (x, y) = (index % width, index / width)
            guard x > 0, y > 0, x < width - 1, y < height - 1 else { continue }
            let (ax, ay) = (abs(gx[index]), abs(gy[index]))
            let step: Int =
                if ax > 2.414 * ay { 1 }  // gradient mostly horizontal
                else if ay > 2.414 * ax { width }  // mostly vertical
                else if (gx[index] > 0) == (gy[index] > 0) { width + 1 } else { width - 1 }
            guard strength[index] >= strength[index - step], strength[index] >= strength[index + step] else { continue }
            let norm = Double((gx[index] * gx[index] + gy[index] * gy[index]).squareRoot())
            edges.append(
                Edge(x: Double(index % width), y: Double(index / width), ux: Double(gx[index]) / norm, uy: Double(gy[index]) / norm)
            )
        }
        return edges
    }

    /// The `count` highest local maxima, at least `separation` apart.
    static func peaks(_ plane: Plane, count: Int, separation: Int) -> [(x: Int, y: Int)] {
        var values = plane.values
        var chosen: [(x: Int, y: Int)] = []
        while chosen.count < count {
            guard let index = values.indices.max(by: { values[$0] < values[$1] }), values[index] > 0 else { break }
            let (x, y) = (index % plane.width, index / plane.width)
            chosen.append((x, y))
            // Suppress the neighbourhood so the next pick is another centre.
            for ny in max(0, y - separation)...min(plane.height - 1, y + separation) {
                for nx in max(0, x - separation)...min(plane.width - 1, x + separation)
                where (nx - x) * (nx - x) + (ny - y) * (ny - y) < separation * separation {
                    values[ny * plane.width + nx] = 0
                }
            }
        }
        return chosen
    }

    /// Half size by 2x2 means.
    static func halve(_ plane: Plane) -> Plane {
        let width = plane.width / 2, height = plane.height / 2
        var out = Plane(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                out[x, y] = (plane[2 * x, 2 * y] + plane[2 * x + 1, 2 * y] + plane[2 * x, 2 * y + 1] + plane[2 * x + 1, 2 * y + 1]) / 4
            }
        }
        return out
    }
}
