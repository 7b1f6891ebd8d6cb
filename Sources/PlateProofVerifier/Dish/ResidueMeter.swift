/// Measures how much of each dish is covered: pixels inside the rim that are in none of its clean
/// zones and differ from all of them (darker, another colour, or brightly coloured), with cutlery
/// left out and anything thinner than a small opening (crumbs, fork tines, printed lines) removed.
struct ResidueMeter {
    var configuration: VerifierConfiguration

    /// Measures the dishes for which `only` holds (all by default); the others still count as
    /// dishes standing on them.
    func measure(_ dishes: inout [Dish], scene: Scene, only: (Dish) -> Bool = { _ in true }) {
        let width = scene.width
        let planes = scene.smooth
        for index in dishes.indices where only(dishes[index]) {
            let dish = dishes[index]
            // Smaller dishes standing on this one are judged on their own.
            let nested = dishes.filter {
                $0.id != dish.id && $0.fill.count < dish.fill.count
                    && dish.ellipse.contains(x: Int($0.ellipse.centerX), y: Int($0.ellipse.centerY))
            }
            var minX = Int.max, minY = Int.max, maxX = 0, maxY = 0
            for pixel in dish.fill {
                let (x, y) = (pixel % width, pixel / width)
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
            let boxWidth = maxX - minX + 1, boxHeight = maxY - minY + 1
            var mask = [UInt8](repeating: 0, count: boxWidth * boxHeight)
            var excluded = [Bool](repeating: false, count: boxWidth * boxHeight)
            for other in nested {
                for pixel in other.fill {
                    let (x, y) = (pixel % width - minX, pixel / width - minY)
                    if x >= 0, y >= 0, x < boxWidth, y < boxHeight { excluded[y * boxWidth + x] = true }
                }
            }
            for pixel in dish.fill where scene.cutlery.mask[pixel] {
                excluded[(pixel / width - minY) * boxWidth + pixel % width - minX] = true
            }
            let zones = DishZones(dish, scene: scene, configuration: configuration) { pixel in
                excluded[(pixel / width - minY) * boxWidth + pixel % width - minX]
            }
            let labels = scene.segmentation.labels
            var inner = 0, doubtful = 0
            for pixel in dish.fill {
                let (x, y) = (pixel % width, pixel / width)
                let local = (y - minY) * boxWidth + (x - minX)
                guard !excluded[local], dish.ellipse.contains(x: x, y: y, scale: configuration.innerScale) else { continue }
                inner += 1
                // Every pixel is tested, a zone's own too: regions can run into what lies on them.
                guard zones.surfaces.allSatisfy({ covers(pixel, $0, planes) }) else { continue }
                if let zone = zones.doubtful[labels[pixel]], !covers(pixel, zone, planes) {
                    doubtful += 1
                } else {
                    mask[local] = 1
                }
            }
            let opened = Morphology.open(mask, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            dishes[index].innerCount = inner
            dishes[index].zones = zones.surfaces.count
            dishes[index].doubtfulCount = doubtful
            dishes[index].residuePixels = opened.indices.filter { opened[$0] != 0 }.map {
                ($0 / boxWidth + minY) * width + $0 % boxWidth + minX
            }
            dishes[index].residueCount = weightedCount(dishes[index].residuePixels, surface: zones.surfaces[0], planes: planes)
        }
    }

    /// Residue pixels counted by how strongly each blob stands out: a faint smear counts for part of
    /// its area, food that contrasts clearly with the dish for all of it.
    private func weightedCount(_ pixels: [Int], surface: Surface, planes: ColorPlanes) -> Int {
        guard configuration.strongContrast > 0, !pixels.isEmpty else { return pixels.count }
        let width = planes.width, height = planes.height
        var mask = [Bool](repeating: false, count: width * height)
        for pixel in pixels { mask[pixel] = true }
        var total = 0.0
        for blob in Components.of(mask, width: width, height: height, minimumSize: 1) {
            var sum = SIMD3<Float>.zero
            for pixel in blob {
                sum += SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
            }
            let mean = sum / Float(blob.count)
            let contrast = abs(mean.x - surface.median.x) + 100 * chromaticityDistance(mean, surface.median)
            total += Double(blob.count) * Double(min(1, contrast / configuration.strongContrast))
        }
        return Int(total.rounded())
    }

    /// A zone's clean colour: its median, and how dark its shading gets (the 10th percentile of its
    /// lightness), so a shaded bowl is not mistaken for a covered one.
    static func surfaceColour(_ pixels: [Int], fallback: SIMD3<Float>, planes: ColorPlanes) -> Surface {
        guard pixels.count >= 16 else { return Surface(median: fallback, darkest: fallback.x) }
        let histogram = Histogram(pixels, of: planes)
        return Surface(median: histogram.medians, darkest: histogram.percentile(0.1, channel: 0))
    }

    struct Surface {
        var median: SIMD3<Float>
        var darkest: Float
    }

    /// Covered: darker than the surface's own shading and either of another chromaticity (a shadow
    /// dims a surface but keeps its chromaticity; food changes it) or deeply dark; or of a clearly
    /// different chromaticity and not lighter; or brighter and colourful (plain brightness is glare).
    private func covers(_ pixel: Int, _ surface: Surface, _ planes: ColorPlanes) -> Bool {
        let colour = SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
        let lighter = colour.x - surface.median.x
        if colour.x < surface.darkest - configuration.darkerThanDish {
            if colour.x < surface.median.x * configuration.deepShadow { return true }
            if chromaticityDistance(colour, surface.median) > configuration.chromaticityShift { return true }
        }
        if chromaticityDistance(colour, surface.median) > configuration.colourShift && lighter < 0 { return true }
        // Brighter: glare or a highlight keeps the surface's hue; food brings another colour.
        return lighter > configuration.brighterThanDish && colourDistance(colour, surface.median) > configuration.glareChroma
            && !sameHue(colour, surface.median)
    }

    /// Distance between the opponent colours relative to lightness: unchanged by dimming.
    private func chromaticityDistance(_ p: SIMD3<Float>, _ q: SIMD3<Float>) -> Float {
        let pl = max(p.x, 16), ql = max(q.x, 16)
        return abs(p.y / pl - q.y / ql) + abs(p.z / pl - q.z / ql)
    }
}
