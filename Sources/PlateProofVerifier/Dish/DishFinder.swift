#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds plates and bowls: smooth regions whose filled outline is close to an ellipse, or circles
/// traced by edges, that are large enough and lie inside the frame.
struct DishFinder {
    var configuration: VerifierConfiguration

    /// Dishes found as smooth regions whose outline is an ellipse.
    func dishes(planes: ColorPlanes, segmentation: Segmentation, support: [Bool]) -> [Dish] {
        let (width, height) = (planes.width, planes.height)
        let total = width * height
        let minimumFill = Int(configuration.minDishArea * Double(total))
        let candidates = (0..<segmentation.regionCount)
            .filter { Double(segmentation.sizes[$0]) >= configuration.minSurfaceShare * Double(minimumFill) }
            .sorted { segmentation.sizes[$0] > segmentation.sizes[$1] }
            .prefix(configuration.maxCandidateRegions)
        // Each candidate's pixels, in increasing order, as one stretch of a single array.
        var start = [Int](repeating: -1, count: segmentation.regionCount)
        var filled = 0
        for label in candidates {
            start[label] = filled
            filled += segmentation.sizes[label]
        }
        var grouped = [Int](repeating: 0, count: filled)
        var next = start
        segmentation.labels.withUnsafeBufferPointer { labels in
            grouped.withUnsafeMutableBufferPointer { grouped in
                for index in 0..<labels.count where start[Int(labels[index])] >= 0 {
                    let label = Int(labels[index])
                    grouped[next[label]] = index
                    next[label] += 1
                }
            }
        }

        var found: [Dish] = []
        for label in candidates {
            let pixels = Array(grouped[start[label]..<(start[label] + segmentation.sizes[label])])
            if let dish = regionDish(label, pixels, planes: planes, fills: minimumFill...(total * 9 / 10)) { found.append(dish) }
        }
        found += holeDishes(planes: planes, segmentation: segmentation, support: support, fills: minimumFill...(total * 9 / 10))
        return acceptNested(found)
    }

    /// Dishes found as holes in the surface they stand on: a table or tray is a large smooth region
    /// reaching the frame, and a plate on it, however patterned or covered, is an elliptical hole in
    /// it. This finds decorated plates and plates full of food, whose own surfaces are no region.
    private func holeDishes(planes: ColorPlanes, segmentation: Segmentation, support: [Bool], fills: ClosedRange<Int>) -> [Dish] {
        let (width, height) = (planes.width, planes.height)
        let labels = segmentation.labels
        guard support.contains(true) else { return [] }
        let other = support.map { !$0 }
        var found: [Dish] = []
        // A hull holds its component: one already too large cannot make a dish.
        for component in Components.of(other, width: width, height: height, minimumSize: fills.lowerBound / 2)
        where component.count <= fills.upperBound {
            let fill = Components.orthogonalHull(component, width: width, height: height)
            guard fills.contains(fill.count), let ellipse = Ellipse(pixels: fill, width: width) else { continue }
            var onBorder = 0, inside = 0
            Components.forEachPoint(ofIncreasing: fill, width: width) { x, y in
                if x == 0 || y == 0 || x == width - 1 || y == height - 1 { onBorder += 1 }
                if ellipse.contains(x: x, y: y) { inside += 1 }
            }
            let borderContact = Double(onBorder) / ellipse.perimeter
            let fit = Double(inside) / (Double(fill.count) + ellipse.area - Double(inside))
            guard borderContact <= configuration.maxBorderContact, fit >= configuration.minEllipseFit else { continue }
            // Its surface: the region that holds most of its rim band.
            var rimCounts: [Int32: Int] = [:]
            for pixel in fill where !ellipse.contains(x: pixel % width, y: pixel / width, scale: 0.8) {
                rimCounts[labels[pixel], default: 0] += 1
            }
            // Ties go to the lower label: the verdict must not depend on the dictionary's order.
            guard let rim = rimCounts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { continue }
            let surface = fill.filter { labels[$0] == rim }
            found.append(
                Dish(
                    id: segmentation.regionCount + found.count,
                    region: Int(rim),
                    surfacePixels: surface,
                    ellipse: ellipse,
                    fill: fill,
                    ellipseFit: fit,
                    borderContact: borderContact,
                    colour: meanColour(surface, planes)
                )
            )
        }
        return found
    }

    /// Round dishes found by their outlines, which survive food on them and dishes touching them.
    func roundDishes(planes: ColorPlanes) -> [Dish] {
        let circles = CircleFinder(configuration: configuration).circles(planes: planes)
        return acceptNested(circles.enumerated().compactMap { circleDish($1, id: $0, planes: planes) })
    }

    private func circleDish(_ circle: CircleFinder.Circle, id: Int, planes: ColorPlanes) -> Dish? {
        let (width, height) = (planes.width, planes.height)
        let r = circle.radius
        let reach = 1.15 * r
        let (minY, maxY) = (max(0, Int(circle.centerY - reach)), min(height - 1, Int(circle.centerY + reach)))
        let (minX, maxX) = (max(0, Int(circle.centerX - reach)), min(width - 1, Int(circle.centerX + reach)))
        guard minY <= maxY, minX <= maxX else { return nil }
        // The filled disc first: the cheap tests of size and frame come before the colour test.
        let r2 = r * r
        var fillRows: [(y: Int, run: Range<Int>)] = []
        var fillCount = 0, onBorder = 0
        for y in minY...maxY {
            guard let disc = DiscRow(centerX: circle.centerX, dy: Double(y) - circle.centerY, minX: minX, maxX: maxX).run(atMost: r2)
            else { continue }
            fillRows.append((y, disc.lowerBound..<(disc.upperBound + 1)))
            fillCount += disc.count
            if y == 0 || y == height - 1 {
                onBorder += disc.count
            } else {
                onBorder += (disc.lowerBound == 0 ? 1 : 0) + (width > 1 && disc.upperBound == width - 1 ? 1 : 0)
            }
        }
        guard fillCount >= Int(configuration.minDishArea * Double(width * height)),
            let ellipse = Ellipse(circleAt: circle.centerX, circle.centerY, radius: r)
        else { return nil }
        let borderContact = Double(onBorder) / ellipse.perimeter
        guard borderContact <= configuration.maxBorderContact else { return nil }
        // Bands as squared distances, in units of the radius; each is one or two runs per row (see DiscRow).
        let (outsideFrom, outsideTo, rimFrom, rimTo) = (1.04 * 1.04 * r2, 1.15 * 1.15 * r2, 0.8 * 0.8 * r2, 0.94 * 0.94 * r2)
        var rimRuns: [(y: Int, run: Range<Int>)] = [], outsideRuns: [(y: Int, run: Range<Int>)] = []
        for y in minY...maxY {
            let row = DiscRow(centerX: circle.centerX, dy: Double(y) - circle.centerY, minX: minX, maxX: maxX)
            let (outsideLeft, outsideRight) = row.band(above: outsideFrom, below: outsideTo)
            let (rimLeft, rimRight) = row.band(above: rimFrom, below: rimTo)
            outsideRuns.append((y, outsideLeft))
            outsideRuns.append((y, outsideRight))
            rimRuns.append((y, rimLeft))
            rimRuns.append((y, rimRight))
        }
        let rim = Self.pixels(in: rimRuns, width: width), outside = Self.pixels(in: outsideRuns, width: width)
        guard rim.count >= 16 else { return nil }
        // A dish stands out from what is around it; a circle traced on a tray or table does not.
        let inner = Histogram(rim, of: planes).medians, around = Histogram(outside, of: planes).medians
        let contrast = abs(inner.x - around.x) + colourDistance(inner, around)
        guard outside.count < rim.count / 3 || contrast >= configuration.dishContrast else { return nil }
        let fill = Self.pixels(in: fillRows, width: width)
        // A dish's rim is one glaze all around; a circle traced in a heap of food is many colours.
        var even = 0
        for pixel in rim {
            let colour = SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
            if abs(colour.x - inner.x) + colourDistance(colour, inner) <= configuration.evenRim { even += 1 }
        }
        return Dish(
            id: id,
            region: nil,
            surfacePixels: rim,
            ellipse: ellipse,
            fill: fill,
            ellipseFit: circle.support,
            evenRim: Double(even) / Double(rim.count),
            borderContact: borderContact,
            colour: meanColour(rim, planes)
        )
    }

    /// Sorts found dishes into dishes and what only looks like one. A dish stands on something: what
    /// sits inside a ring of pale tableware and is coloured itself (soup in a bowl, a stew on a
    /// plate) is the container's contents; a neutral one is tableware standing on tableware. A dish's
    /// outline is curved: one that fills the rectangle around it as a polygon does is a tray, and
    /// so is a dish holding two or more dishes; the dishes on a tray are judged, not it.
    func sorted(_ dishes: [Dish], scene: Scene) -> (dishes: [Dish], contents: [Dish]) {
        var kept: [Dish] = [], contents: [Dish] = []
        for dish in dishes {
            let outside = share(of: scene.tableware.mask, in: dish, from: 1.04, to: 1.2, scene: scene)
            let cast = SIMD3<Float>(dish.colour.x, scene.white.redGreen, scene.white.yellowBlue)
            let pale = colourDistance(dish.colour, cast) <= configuration.paleChroma
            let straight = boxFill(dish, width: scene.width)
            if outside >= configuration.containerShare, !pale {
                contents.append(dish)
            } else if straight <= configuration.maxBoxFill {
                kept.append(dish)
            }
        }
        let trays = kept.filter { host in
            kept.filter {
                $0.id != host.id && $0.fill.count < host.fill.count
                    && host.ellipse.contains(x: Int($0.ellipse.centerX), y: Int($0.ellipse.centerY))
            }
            .count >= 2
        }.map(\.id)
        return (kept.filter { !trays.contains($0.id) }, contents)
    }

    /// How much of the rectangle around the dish's filled outline, along its axes, it fills: an
    /// ellipse fills pi/4 (0.79) of it, an octagonal tray about 0.85, a rectangular one nearly all.
    private func boxFill(_ dish: Dish, width: Int) -> Double {
        let e = dish.ellipse
        let (c, s) = (cos(e.angle), sin(e.angle))
        var (lowU, highU, lowV, highV) = (Double.infinity, -Double.infinity, Double.infinity, -Double.infinity)
        for pixel in dish.fill {
            let dx = Double(pixel % width) - e.centerX, dy = Double(pixel / width) - e.centerY
            let (u, v) = (dx * c + dy * s, -dx * s + dy * c)
            (lowU, highU, lowV, highV) = (min(lowU, u), max(highU, u), min(lowV, v), max(highV, v))
        }
        let box = (highU - lowU + 1) * (highV - lowV + 1)
        return box > 0 ? Double(dish.fill.count) / box : 0
    }

    /// Share of the pixels between two scales of the dish's ellipse that are set in `mask`.
    private func share(of mask: [Bool], in dish: Dish, from inner: Double, to outer: Double, scene: Scene) -> Double {
        let e = dish.ellipse
        let reach = outer * e.major
        let (x0, x1) = (max(0, Int(e.centerX - reach)), min(scene.width - 1, Int(e.centerX + reach)))
        let (y0, y1) = (max(0, Int(e.centerY - reach)), min(scene.height - 1, Int(e.centerY + reach)))
        guard x0 <= x1, y0 <= y1 else { return 0 }
        var set = 0, seen = 0
        for y in y0...y1 {
            for x in x0...x1 where e.contains(x: x, y: y, scale: outer) && !e.contains(x: x, y: y, scale: inner) {
                seen += 1
                if mask[y * scene.width + x] { set += 1 }
            }
        }
        return seen == 0 ? 0 : Double(set) / Double(seen)
    }

    /// The pixel indices of runs of pixels, row by row, in the order given.
    private static func pixels(in runs: [(y: Int, run: Range<Int>)], width: Int) -> [Int] {
        [Int](unsafeUninitializedCapacity: runs.reduce(0) { $0 + $1.run.count }) { buffer, count in
            count = 0
            for (y, run) in runs {
                for x in run {
                    buffer[count] = y * width + x
                    count += 1
                }
            }
        }
    }

    /// A smaller dish lying inside a bigger one is tableware (a bowl on a plate) only when it is pale
    /// and grey like tableware or matches its host; otherwise it is what lies on the host (an apple).
    private func acceptNested(_ dishes: [Dish]) -> [Dish] {
        var accepted: [Dish] = []
        for dish in dishes.sorted(by: { $0.fill.count > $1.fill.count }) {
            let centre = (x: Int(dish.ellipse.centerX), y: Int(dish.ellipse.centerY))
            if let host = accepted.first(where: { $0.ellipse.contains(x: centre.x, y: centre.y) }) {
                // Concentric and nearly as large: the same dish found twice, or its well.
                let offset =
                    ((dish.ellipse.centerX - host.ellipse.centerX) * (dish.ellipse.centerX - host.ellipse.centerX)
                    + (dish.ellipse.centerY - host.ellipse.centerY) * (dish.ellipse.centerY - host.ellipse.centerY)).squareRoot()
                if offset <= 0.15 * host.ellipse.minor, dish.ellipse.major >= 0.55 * host.ellipse.major { continue }
                let lighter = dish.colour.x >= host.colour.x - configuration.darkerThanDish
                let grey = chroma(dish.colour) <= configuration.tablewareChroma
                let sameMaterial = colourDistance(dish.colour, host.colour) <= configuration.tablewareChroma
                guard (lighter && grey) || sameMaterial else { continue }
            }
            accepted.append(dish)
        }
        return accepted
    }

    /// The dish a region outlines: its filled outline is in the size range, mostly the region's own
    /// surface, close to an ellipse and inside the frame. The cheap tests come first.
    private func regionDish(_ label: Int, _ pixels: [Int], planes: ColorPlanes, fills: ClosedRange<Int>) -> Dish? {
        let (width, height) = (planes.width, planes.height)
        let fill = Components.orthogonalHull(pixels, width: width, height: height)
        guard fills.contains(fill.count), Double(pixels.count) >= configuration.minSurfaceShare * Double(fill.count),
            let ellipse = Ellipse(pixels: fill, width: width)
        else { return nil }
        var onBorder = 0
        Components.forEachPoint(ofIncreasing: fill, width: width) { x, y in
            if x == 0 || y == 0 || x == width - 1 || y == height - 1 { onBorder += 1 }
        }
        let borderContact = Double(onBorder) / ellipse.perimeter
        guard borderContact <= configuration.maxBorderContact else { return nil }
        var inside = 0
        Components.forEachPoint(ofIncreasing: fill, width: width) { x, y in
            if ellipse.contains(x: x, y: y) { inside += 1 }
        }
        let fit = Double(inside) / (Double(fill.count) + ellipse.area - Double(inside))
        guard fit >= configuration.minEllipseFit else { return nil }
        return Dish(
            id: label,
            region: label,
            surfacePixels: pixels,
            ellipse: ellipse,
            fill: fill,
            ellipseFit: fit,
            borderContact: borderContact,
            colour: meanColour(pixels, planes)
        )
    }

    private func meanColour(_ pixels: [Int], _ planes: ColorPlanes) -> SIMD3<Float> {
        var sum = SIMD3<Double>.zero
        for index in pixels {
            sum += SIMD3(
                Double(planes.lightness.values[index]),
                Double(planes.redGreen.values[index]),
                Double(planes.yellowBlue.values[index])
            )
        }
        return SIMD3<Float>(sum / Double(max(1, pixels.count)))
    }
}

func chroma(_ colour: SIMD3<Float>) -> Float { (colour.y * colour.y + colour.z * colour.z).squareRoot() }

/// Distance between two colours on the opponent axes only (lightness left out).
func colourDistance(_ p: SIMD3<Float>, _ q: SIMD3<Float>) -> Float {
    let d = p - q
    return (d.y * d.y + d.z * d.z).squareRoot()
}

/// One row of pixels across a circle: the runs of pixels within a squared distance of its centre.
/// The squared distance grows with |x - centre|, so each run is contiguous; its ends are first
/// placed where the circle crosses the row, then settled with the same test a pixel-by-pixel scan
/// would make.
struct DiscRow {
    var centerX: Double
    var dy: Double
    var minX: Int
    var maxX: Int

    private func squared(_ x: Int) -> Double {
        let dx = Double(x) - centerX
        return dx * dx + dy * dy
    }

    /// Pixels whose squared distance is at most `limit`.
    func run(atMost limit: Double) -> ClosedRange<Int>? { run(limit, inclusive: true) }

    /// Pixels whose squared distance is above `low` and below `high` (low < high), left to right:
    /// up to two runs, either of them possibly empty.
    func band(above low: Double, below high: Double) -> (Range<Int>, Range<Int>) {
        guard let outer = run(high, inclusive: false) else { return (0..<0, 0..<0) }
        guard let hole = run(atMost: low) else { return (outer.lowerBound..<(outer.upperBound + 1), 0..<0) }
        return (outer.lowerBound..<hole.lowerBound, (hole.upperBound + 1)..<(outer.upperBound + 1))
    }

    private func run(_ limit: Double, inclusive: Bool) -> ClosedRange<Int>? {
        func inside(_ x: Int) -> Bool { inclusive ? squared(x) <= limit : squared(x) < limit }
        // The pixel nearest the centre is inside if any is.
        let nearest = min(maxX, max(minX, Int(centerX.rounded())))
        guard inside(nearest) else { return nil }
        let half = max(0, limit - dy * dy).squareRoot()
        var high = min(maxX, max(nearest, Int((centerX + half).rounded(.down))))
        while high < maxX, inside(high + 1) { high += 1 }
        while !inside(high) { high -= 1 }
        var low = max(minX, min(nearest, Int((centerX - half).rounded(.up))))
        while low > minX, inside(low - 1) { low -= 1 }
        while !inside(low) { low += 1 }
        return low...high
    }
}
