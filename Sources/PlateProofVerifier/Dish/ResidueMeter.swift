#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures how much of each dish is covered: pixels inside the rim that are in none of its clean
/// zones and differ from all of them (darker, another colour, or brightly coloured), with cutlery
/// left out and anything thinner than a small opening (crumbs, fork tines, printed lines) removed.
struct ResidueMeter {
    var configuration: VerifierConfiguration
    /// The site's enrolled models: a dish recognised as one is measured against its clean template.
    var profiles: [PlateProfile] = []

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
            var measured = mask, beforeRings = mask
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
            func isExcluded(_ pixel: Int) -> Bool { excluded[(pixel / width - minY) * boxWidth + pixel % width - minX] }
            let zones = DishZones(dish, scene: scene, configuration: configuration, excluded: isExcluded)
            let labels = scene.segmentation.labels
            var inner = 0, doubtful = 0
            for pixel in dish.fill {
                let (x, y) = (pixel % width, pixel / width)
                let local = (y - minY) * boxWidth + (x - minX)
                guard !excluded[local], dish.ellipse.contains(x: x, y: y, scale: configuration.innerScale) else { continue }
                inner += 1
                measured[local] = 1
                // Food is almost never blue: blue is the ink of printed decoration.
                if Self.isInk(pixel, scene: scene) { continue }
                // Every pixel is tested, a zone's own too: regions can run into what lies on them.
                func coveredByAll(_ zones: ArraySlice<Surface>) -> Bool {
                    zones.allSatisfy { covers(pixel, $0, planes, white: scene.white.lightness) }
                }
                guard coveredByAll(zones.surfaces[..<zones.ringsFrom]) else { continue }
                let inDoubtful = zones.doubtful[labels[pixel]].map { !covers(pixel, $0, planes, white: scene.white.lightness) } ?? false
                if !inDoubtful { beforeRings[local] = 1 }
                guard coveredByAll(zones.surfaces[zones.ringsFrom...]) else { continue }
                if inDoubtful { doubtful += 1 } else { mask[local] = 1 }
            }
            var opened = Morphology.open(mask, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            // Decoration is judged before the ring zones clear parts of it: a printed border is
            // seen all around only whole.
            let judged =
                zones.ringsFrom == zones.surfaces.count
                ? opened : Morphology.open(beforeRings, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            Self.removeRimDecoration(
                &opened,
                judgedOn: judged,
                inner: measured,
                dish: dish,
                box: (minX, minY, boxWidth),
                configuration: configuration
            )
            dishes[index].innerCount = inner
            dishes[index].zones = zones.surfaces.count
            dishes[index].zoneRegions = zones.regions
            dishes[index].doubtfulCount = doubtful
            dishes[index].residuePixels = opened.indices.filter { opened[$0] != 0 }.map {
                ($0 / boxWidth + minY) * width + $0 % boxWidth + minX
            }
            dishes[index].residueCount = weightedCount(dishes[index].residuePixels, surface: zones.surfaces[0], planes: planes)
            // A known model: what differs from its clean template is residue. What the general rules
            // found is kept: a model that finds much more than they do may not be this plate.
            guard
                let match = ProfileMatcher(configuration: configuration, profiles: profiles).match(dish, scene: scene, excluded: isExcluded)
            else { continue }
            dishes[index].generalResidue = dishes[index].residue
            let inner2 = Float(configuration.innerScale * configuration.innerScale)
            var profiled = [UInt8](repeating: 0, count: boxWidth * boxHeight)
            var profiledInner = 0
            for (sample, pixel) in match.view.pixels.enumerated()
            where match.view.u[sample] * match.view.u[sample] + match.view.v[sample] * match.view.v[sample] < inner2 {
                profiledInner += 1
                if match.covers(sample) { profiled[(pixel / width - minY) * boxWidth + pixel % width - minX] = 1 }
            }
            let residue = Morphology.open(profiled, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            dishes[index].innerCount = profiledInner
            dishes[index].profile = match
            dishes[index].doubtfulCount = 0
            dishes[index].residuePixels = residue.indices.filter { residue[$0] != 0 }.map {
                ($0 / boxWidth + minY) * width + $0 % boxWidth + minX
            }
            dishes[index].residueCount = dishes[index].residuePixels.count
        }
    }

    /// Blue against the scene's white (cobalt, sky blue, teal to violet-blue).
    static func isInk(_ pixel: Int, scene: Scene) -> Bool {
        let da = scene.smooth.redGreen.values[pixel] - scene.white.redGreen
        let db = scene.smooth.yellowBlue.values[pixel] - scene.white.yellowBlue
        let r = (da * da + db * db).squareRoot()
        // Hue angle between -145 and -65 degrees on the opponent axes.
        return db < 0 && r >= 15 && da >= -0.82 * r && da <= 0.42 * r
    }

    /// Printed borders go all the way around the rim; food lies in a heap. On a plate whose well is
    /// clean, residue in a ring of the rim band that shows up in most directions from the centre,
    /// with gaps between, is decoration and is taken out of `mask`; `judgedOn` is the residue
    /// this is seen on.
    static func removeRimDecoration(
        _ mask: inout [UInt8],
        judgedOn judged: [UInt8],
        inner: [UInt8],
        dish: Dish,
        box: (x: Int, y: Int, width: Int),
        configuration: VerifierConfiguration
    ) {
        let sectors = 32, rings = 10
        var seen = [UInt32](repeating: 0, count: rings)
        var covered = [Int](repeating: 0, count: rings), area = [Int](repeating: 0, count: rings)
        let e = dish.ellipse
        let (c, s) = (cos(e.angle), sin(e.angle))
        func place(_ local: Int) -> (ring: Int, sector: Int) {
            let dx = Double(local % box.width + box.x) - e.centerX, dy = Double(local / box.width + box.y) - e.centerY
            let u = (dx * c + dy * s) / e.major, v = (-dx * s + dy * c) / e.minor
            let ring = min(rings - 1, Int((u * u + v * v).squareRoot() * Double(rings)))
            return (ring, Int((atan2(v, u) + Double.pi) / (2 * Double.pi) * Double(sectors)) % sectors)
        }
        for local in mask.indices where inner[local] != 0 {
            let (ring, sector) = place(local)
            area[ring] += 1
            if judged[local] != 0 {
                covered[ring] += 1
                seen[ring] |= 1 << sector
            }
        }
        let firstRimRing = Int(configuration.decorationFrom * Double(rings))
        let well = (0..<firstRimRing).reduce((0, 0)) { ($0.0 + covered[$1], $0.1 + area[$1]) }
        guard Double(well.0) <= configuration.decorationWellClean * Double(max(1, well.1)) else { return }
        let decorated = (0..<rings).map { ring -> Bool in
            let around = Double(seen[ring].nonzeroBitCount) >= configuration.decorationAround * Double(sectors)
            return ring >= firstRimRing && around && Double(covered[ring]) <= 0.6 * Double(area[ring])
        }
        guard decorated.contains(true) else { return }
        for local in mask.indices where mask[local] != 0 && decorated[place(local).ring] { mask[local] = 0 }
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
    /// different chromaticity and not lighter; or brighter and of another colour (plain brightness
    /// is glare); or, on a dark dish, much lighter yet short of glare's white.
    private func covers(_ pixel: Int, _ surface: Surface, _ planes: ColorPlanes, white: Float) -> Bool {
        let colour = SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
        let lighter = colour.x - surface.median.x
        if colour.x < surface.darkest - configuration.darkerThanDish {
            if colour.x < surface.median.x * configuration.deepShadow { return true }
            if chromaticityDistance(colour, surface.median) > configuration.chromaticityShift { return true }
        }
        if chromaticityDistance(colour, surface.median) > configuration.colourShift && lighter < 0 { return true }
        // Brighter: glare or a highlight keeps the surface's hue; food brings another colour.
        if lighter > configuration.brighterThanDish && colourDistance(colour, surface.median) > configuration.glareChroma
            && !sameHue(colour, surface.median)
        {
            return true
        }
        // On a dark dish, pale food (rice, noodles, bread) is far lighter but short of glare's white.
        return surface.median.x < white * configuration.darkDish && lighter > configuration.paleOnDark
            && colour.x < white * configuration.glareLightness
    }

    /// Distance between the opponent colours relative to lightness: unchanged by dimming.
    private func chromaticityDistance(_ p: SIMD3<Float>, _ q: SIMD3<Float>) -> Float {
        let pl = max(p.x, 16), ql = max(q.x, 16)
        return abs(p.y / pl - q.y / ql) + abs(p.z / pl - q.z / ql)
    }
}
