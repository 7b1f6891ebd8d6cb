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
            let steps = rMax - rMin + 1
            func cast(from x0: Int, _ y0: Int, stepX: Int, stepY: Int) {
                let (fx, fy) = (x0 + rMin * stepX, y0 + rMin * stepY)
                // The ray stops where it first leaves the picture; both coordinates move linearly.
                let inside = min(
                    steps,
                    Self.stepsInside(start: fx, step: stepX, limit: width << 10),
                    Self.stepsInside(start: fy, step: stepY, limit: height << 10)
                )
                // Cell indices eight steps at a time (coordinates stay below 2^31 in 22.10 fixed point).
                var remaining = max(0, inside)
                var x8 = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: fx)) &+ Self.lanes &* Int32(truncatingIfNeeded: stepX)
                var y8 = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: fy)) &+ Self.lanes &* Int32(truncatingIfNeeded: stepY)
                let (dx8, dy8) = (Int32(truncatingIfNeeded: 8 * stepX), Int32(truncatingIfNeeded: 8 * stepY))
                let width32 = Int32(truncatingIfNeeded: width)
                while remaining >= 8 {
                    let cells = (y8 &>> 10) &* width32 &+ (x8 &>> 10)
                    for lane in 0..<8 { counts[Int(cells[lane])] &+= 1 }
                    x8 &+= dx8
                    y8 &+= dy8
                    remaining -= 8
                }
                for lane in 0..<remaining { counts[Int((y8[lane] &>> 10) &* width32 &+ (x8[lane] &>> 10))] &+= 1 }
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

        let centres = Self.peaks(smoothed, count: configuration.circleCandidates, separation: max(3, rMin / 2))
        let candidates = bestRadii(at: centres, edges: edges, rMin: rMin, rMax: rMax)
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

    /// For each centre, the radius whose circle radial edges support best, on at least
    /// `minCircleSupport` of its circumference; among radii nearly as well supported, the outermost
    /// (a bowl's foot ring sits inside its rim). Centres are tested sixteen at a time per edge: in
    /// single precision with a margin first, which passes a superset of the edges, and then each
    /// edge that passed exactly, in double precision.
    private func bestRadii(at centres: [(x: Int, y: Int)], edges: [Edge], rMin: Int, rMax: Int) -> [Circle] {
        let sectors = 48
        var circles: [Circle] = []
        let (nearest, farthest) = (Double(rMin - 1) * Double(rMin - 1), Double(rMax + 1) * Double(rMax + 1))
        let (nearestF, farthestF) = (Float(nearest), Float(farthest))
        for first in stride(from: 0, to: centres.count, by: 16) {
            let group = centres[first..<min(centres.count, first + 16)]
            // Lanes without a centre sit far away, out of every edge's reach.
            var cx = SIMD16<Float>(repeating: -1e9), cy = cx
            for (lane, centre) in group.enumerated() { (cx[lane], cy[lane]) = (Float(centre.x), Float(centre.y)) }
            let stride = rMax + 2
            var hits = [UInt64](repeating: 0, count: stride * group.count)  // a bit per sector, per radius, per centre
            hits.withUnsafeMutableBufferPointer { hits in
                for edge in edges {
                    // Coordinates are whole pixels, so the squared distances are exact in single precision.
                    let dx = Float(edge.x) - cx, dy = Float(edge.y) - cy
                    let squared = dx * dx + dy * dy
                    // Radial: the gradient points along the line to the centre (|cos| > 0.85, without a square root).
                    let along = dx * Float(edge.ux) + dy * Float(edge.uy)
                    let candidates = (squared .>= nearestF) .& (squared .<= farthestF) .& (along * along .> 0.7215 * squared)
                    guard any(candidates) else { continue }
                    for lane in 0..<group.count where candidates[lane] {
                        let centre = group[first + lane]
                        let (dx, dy) = (edge.x - Double(centre.x), edge.y - Double(centre.y))
                        let squared = dx * dx + dy * dy
                        let along = dx * edge.ux + dy * edge.uy
                        guard squared >= nearest, squared <= farthest, along * along > 0.7225 * squared else { continue }
                        // A pseudo-angle in [0, 4): monotonic in the true angle, without atan2.
                        let p = dy / (abs(dx) + abs(dy))
                        let angle = dx >= 0 ? (dy >= 0 ? p : 4 + p) : 2 - p
                        let sector = UInt64(min(sectors - 1, Int(angle / 4 * Double(sectors))))
                        let r = Self.roundedRoot(squared)
                        for near in max(0, r - 1)...min(rMax + 1, r + 1) { hits[lane * stride + near] |= 1 << sector }
                    }
                }
            }
            for (lane, centre) in group.enumerated() {
                let supports = (0...(rMax + 1)).map { r in r < rMin ? 0 : Double(hits[lane * stride + r].nonzeroBitCount) / Double(sectors)
                }
                guard let best = supports.max(), best >= configuration.minCircleSupport,
                    let r = supports.lastIndex(where: { $0 >= max(configuration.minCircleSupport, 0.9 * best) })
                else { continue }
                circles.append(Circle(centerX: Double(centre.x), centerY: Double(centre.y), radius: Double(r), support: supports[r]))
            }
        }
        return circles
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
        // Sobel on each channel, eight pixels at a time, keeping the strongest channel's gradient.
        gx.withUnsafeMutableBufferPointer { gx in
            gy.withUnsafeMutableBufferPointer { gy in
                strength.withUnsafeMutableBufferPointer { strength in
                    for plane in channels {
                        plane.values.withUnsafeBufferPointer { p in
                            for y in 1..<(height - 1) {
                                let (up, here, down) = ((y - 1) * width, y * width, (y + 1) * width)
                                var x = 1
                                while x + 8 <= width - 1 {
                                    let load = PixelKernels.load8
                                    let sx =
                                        (load(p, up + x + 1) + 2 * load(p, here + x + 1) + load(p, down + x + 1))
                                        - (load(p, up + x - 1) + 2 * load(p, here + x - 1) + load(p, down + x - 1))
                                    let sy =
                                        (load(p, down + x - 1) + 2 * load(p, down + x) + load(p, down + x + 1))
                                        - (load(p, up + x - 1) + 2 * load(p, up + x) + load(p, up + x + 1))
                                    let magnitude = PixelKernels.magnitude(sx) + PixelKernels.magnitude(sy)
                                    let stronger = magnitude .> load(UnsafeBufferPointer(strength), here + x)
                                    PixelKernels.store8(
                                        load(UnsafeBufferPointer(gx), here + x).replacing(with: sx, where: stronger),
                                        gx,
                                        here + x
                                    )
                                    PixelKernels.store8(
                                        load(UnsafeBufferPointer(gy), here + x).replacing(with: sy, where: stronger),
                                        gy,
                                        here + x
                                    )
                                    PixelKernels.store8(
                                        load(UnsafeBufferPointer(strength), here + x).replacing(with: magnitude, where: stronger),
                                        strength,
                                        here + x
                                    )
                                    x += 8
                                }
                                while x < width - 1 {
                                    let sx =
                                        (p[up + x + 1] + 2 * p[here + x + 1] + p[down + x + 1])
                                        - (p[up + x - 1] + 2 * p[here + x - 1] + p[down + x - 1])
                                    let sy =
                                        (p[down + x - 1] + 2 * p[down + x] + p[down + x + 1])
                                        - (p[up + x - 1] + 2 * p[up + x] + p[up + x + 1])
                                    let magnitude = abs(sx) + abs(sy)
                                    if magnitude > strength[here + x] {
                                        (gx[here + x], gy[here + x], strength[here + x]) = (sx, sy, magnitude)
                                    }
                                    x += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        // Thin the edges: keep a point only where it is the strongest across the edge (along its gradient).
        var edges: [Edge] = []
        edges.reserveCapacity(width * height / 4)
        strength.withUnsafeBufferPointer { strength in
            gx.withUnsafeBufferPointer { gx in
                gy.withUnsafeBufferPointer { gy in
                    for y in 1..<(height - 1) {
                        for x in 1..<(width - 1) where strength[y * width + x] > threshold {
                            let index = y * width + x
                            let (ax, ay) = (abs(gx[index]), abs(gy[index]))
                            let step: Int =
                                if ax > 2.414 * ay { 1 }  // gradient mostly horizontal
                                else if ay > 2.414 * ax { width }  // mostly vertical
                                else if (gx[index] > 0) == (gy[index] > 0) { width + 1 } else { width - 1 }
                            guard strength[index] >= strength[index - step], strength[index] >= strength[index + step] else { continue }
                            let norm = Double((gx[index] * gx[index] + gy[index] * gy[index]).squareRoot())
                            edges.append(Edge(x: Double(x), y: Double(y), ux: Double(gx[index]) / norm, uy: Double(gy[index]) / norm))
                        }
                    }
                }
            }
        }
        return edges
    }

    private static let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)

    /// The nearest whole number to the square root of a whole `squared`, read from a table made once
    /// with the same arithmetic for the distances a 320 px analysis image can hold.
    @inline(__always)
    static func roundedRoot(_ squared: Double) -> Int {
        let index = Int(squared)
        return index < roots.count ? Int(roots[index]) : Int(squared.squareRoot().rounded())
    }

    private static let roots: [UInt16] = (0..<(1 << 14)).map { UInt16(Double($0).squareRoot().rounded()) }

    /// How many of the positions `start`, `start + step`, … lie in `0..<limit` before the first that
    /// does not (`Int.max` when none leaves).
    static func stepsInside(start: Int, step: Int, limit: Int) -> Int {
        guard start >= 0, start < limit else { return 0 }
        // Positions and steps are fixed-point pixels, well inside 32 bits, where division is faster.
        if step > 0 { return Int(Int32(truncatingIfNeeded: limit - start + step - 1) / Int32(truncatingIfNeeded: step)) }
        if step < 0 { return Int(Int32(truncatingIfNeeded: start) / Int32(truncatingIfNeeded: -step)) + 1 }
        return .max
    }

    /// The `count` highest local maxima, at least `separation` apart.
    static func peaks(_ plane: Plane, count: Int, separation: Int) -> [(x: Int, y: Int)] {
        var values = plane.values
        var chosen: [(x: Int, y: Int)] = []
        while chosen.count < count {
            guard let index = Self.firstMaximum(values), values[index] > 0 else { break }
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

    /// Index of the first of the largest values, found eight at a time: each lane keeps its
    /// highest value and where it first saw it.
    static func firstMaximum(_ values: [Float]) -> Int? {
        values.withUnsafeBufferPointer { v -> Int? in
            guard v.count >= 8 else { return v.indices.max { v[$0] < v[$1] } }
            var highest = PixelKernels.load8(v, 0)
            var at = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
            var lanes = at &+ 8
            var index = 8
            while index + 8 <= v.count {
                let block = PixelKernels.load8(v, index)
                let higher = block .> highest
                highest.replace(with: block, where: higher)
                at.replace(with: lanes, where: higher)
                lanes &+= 8
                index += 8
            }
            var best = highest.max()
            var bestAt = Int(at.replacing(with: Int32.max, where: highest .!= best).min())
            while index < v.count {
                if v[index] > best { (best, bestAt) = (v[index], index) }
                index += 1
            }
            return bestAt
        }
    }

    /// Half size by 2x2 means, eight output pixels at a time.
    static func halve(_ plane: Plane) -> Plane {
        let width = plane.width / 2, height = plane.height / 2
        var out = [Float](repeating: 0, count: width * height)
        plane.values.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { out in
                for y in 0..<height {
                    let (top, bottom, row) = (2 * y * plane.width, (2 * y + 1) * plane.width, y * width)
                    var x = 0
                    while x + 8 <= width {
                        let upper = UnsafeRawPointer(p.baseAddress! + top + 2 * x).loadUnaligned(as: SIMD16<Float>.self)
                        let lower = UnsafeRawPointer(p.baseAddress! + bottom + 2 * x).loadUnaligned(as: SIMD16<Float>.self)
                        PixelKernels.store8((upper.evenHalf + upper.oddHalf + lower.evenHalf + lower.oddHalf) / 4, out, row + x)
                        x += 8
                    }
                    while x < width {
                        out[row + x] = (p[top + 2 * x] + p[top + 2 * x + 1] + p[bottom + 2 * x] + p[bottom + 2 * x + 1]) / 4
                        x += 1
                    }
                }
            }
        }
        return Plane(width: width, height: height, values: out)
    }
}
