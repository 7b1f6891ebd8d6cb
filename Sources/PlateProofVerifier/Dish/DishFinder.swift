/// Finds plates and bowls: smooth regions whose filled outline is close to an ellipse, or circles
/// traced by edges, that are large enough and lie inside the frame.
struct DishFinder {
    var configuration: VerifierConfiguration

    /// Dishes found as smooth regions whose outline is an ellipse.
    func dishes(planes: ColorPlanes, segmentation: Segmentation) -> [Dish] {
        let (width, height) = (planes.width, planes.height)
        let total = width * height
        let minimumFill = Int(configuration.minDishArea * Double(total))
        let candidates = (0..<segmentation.regionCount)
            .filter { Double(segmentation.sizes[$0]) >= configuration.minSurfaceShare * Double(minimumFill) }
            .sorted { segmentation.sizes[$0] > segmentation.sizes[$1] }
            .prefix(configuration.maxCandidateRegions)
        var slot = [Int](repeating: -1, count: segmentation.regionCount)
        var pixelsOf: [[Int]] = []
        for label in candidates {
            slot[label] = pixelsOf.count
            pixelsOf.append([])
            pixelsOf[pixelsOf.count - 1].reserveCapacity(segmentation.sizes[label])
        }
        for (index, label) in segmentation.labels.enumerated() where slot[Int(label)] >= 0 {
            pixelsOf[slot[Int(label)]].append(index)
        }

        var found: [Dish] = []
        for label in candidates {
            let pixels = pixelsOf[slot[label]]
            guard let dish = measureShape(label, pixels, planes: planes),
                dish.fill.count >= minimumFill, dish.fill.count <= total * 9 / 10,
                Double(pixels.count) >= configuration.minSurfaceShare * Double(dish.fill.count),
                dish.ellipseFit >= configuration.minEllipseFit,
                dish.borderContact <= configuration.maxBorderContact
            else { continue }
            found.append(dish)
        }
        return acceptNested(found)
    }

    /// Round dishes found by their outlines, which survive food on them and dishes touching them.
    func roundDishes(planes: ColorPlanes) -> [Dish] {
        let circles = CircleFinder(configuration: configuration).circles(planes: planes)
        return acceptNested(circles.enumerated().compactMap { circleDish($1, id: $0, planes: planes) })
    }

    private func circleDish(_ circle: CircleFinder.Circle, id: Int, planes: ColorPlanes) -> Dish? {
        let (width, height) = (planes.width, planes.height)
        let r = circle.radius
        var fill: [Int] = [], rim: [Int] = [], outside: [Int] = [], onBorder = 0
        let reach = 1.15 * r
        let (minY, maxY) = (max(0, Int(circle.centerY - reach)), min(height - 1, Int(circle.centerY + reach)))
        let (minX, maxX) = (max(0, Int(circle.centerX - reach)), min(width - 1, Int(circle.centerX + reach)))
        guard minY <= maxY, minX <= maxX else { return nil }
        // Bands as squared distances, in units of the radius.
        let r2 = r * r
        let (outsideFrom, outsideTo, rimFrom, rimTo) = (1.04 * 1.04 * r2, 1.15 * 1.15 * r2, 0.8 * 0.8 * r2, 0.94 * 0.94 * r2)
        for y in minY...maxY {
            let dy = Double(y) - circle.centerY
            for x in minX...maxX {
                let dx = Double(x) - circle.centerX
                let d2 = dx * dx + dy * dy
                if d2 > outsideFrom && d2 < outsideTo { outside.append(y * width + x) }
                guard d2 <= r2 else { continue }
                fill.append(y * width + x)
                if d2 > rimFrom && d2 < rimTo { rim.append(y * width + x) }
                if x == 0 || y == 0 || x == width - 1 || y == height - 1 { onBorder += 1 }
            }
        }
        guard fill.count >= Int(configuration.minDishArea * Double(width * height)), rim.count >= 16,
            let ellipse = Ellipse(circleAt: circle.centerX, circle.centerY, radius: r)
        else { return nil }
        // A dish stands out from what is around it; a circle traced on a tray or table does not.
        let inner = medianColour(rim, planes), around = medianColour(outside, planes)
        let contrast = abs(inner.x - around.x) + colourDistance(inner, around)
        guard outside.count < rim.count / 3 || contrast >= configuration.dishContrast else { return nil }
        let dish = Dish(
            id: id,
            surfacePixels: rim,
            ellipse: ellipse,
            fill: fill,
            ellipseFit: circle.support,
            borderContact: Double(onBorder) / ellipse.perimeter,
            colour: meanColour(rim, planes)
        )
        return dish.borderContact <= configuration.maxBorderContact ? dish : nil
    }

    /// A smaller dish lying inside a bigger one is tableware (a bowl on a plate) only when it is pale
    /// and grey like tableware or matches its host; otherwise it is what lies on the host (an apple).
    private func acceptNested(_ dishes: [Dish]) -> [Dish] {
        var accepted: [Dish] = []
        for dish in dishes.sorted(by: { $0.fill.count > $1.fill.count }) {
            let centre = (x: Int(dish.ellipse.centerX), y: Int(dish.ellipse.centerY))
            if let host = accepted.first(where: { $0.ellipse.contains(x: centre.x, y: centre.y) }) {
                let lighter = dish.colour.x >= host.colour.x - configuration.darkerThanDish
                let grey = chroma(dish.colour) <= configuration.tablewareChroma
                let sameMaterial = colourDistance(dish.colour, host.colour) <= configuration.tablewareChroma
                guard (lighter && grey) || sameMaterial else { continue }
            }
            accepted.append(dish)
        }
        return accepted
    }

    private func measureShape(_ label: Int, _ pixels: [Int], planes: ColorPlanes) -> Dish? {
        let (width, height) = (planes.width, planes.height)
        let fill = Components.orthogonalHull(pixels, width: width, height: height)
        let onBorder = fill.reduce(0) { count, index in
            let (x, y) = (index % width, index / width)
            return count + (x == 0 || y == 0 || x == width - 1 || y == height - 1 ? 1 : 0)
        }
        guard let ellipse = Ellipse(pixels: fill, width: width) else { return nil }
        var inside = 0
        for index in fill where ellipse.contains(x: index % width, y: index / width) { inside += 1 }
        let fit = Double(inside) / (Double(fill.count) + ellipse.area - Double(inside))
        return Dish(
            id: label,
            surfacePixels: pixels,
            ellipse: ellipse,
            fill: fill,
            ellipseFit: fit,
            borderContact: Double(onBorder) / ellipse.perimeter,
            colour: meanColour(pixels, planes)
        )
    }

    private func medianColour(_ pixels: [Int], _ planes: ColorPlanes) -> SIMD3<Float> {
        SIMD3(
            percentile(pixels.map { planes.lightness.values[$0] }, 0.5),
            percentile(pixels.map { planes.redGreen.values[$0] }, 0.5),
            percentile(pixels.map { planes.yellowBlue.values[$0] }, 0.5)
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
