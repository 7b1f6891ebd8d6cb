/// Measures how much of each dish is covered: pixels inside the rim that are not the dish's own
/// surface and differ from it (darker, another colour, or brightly coloured), with anything thinner
/// than a small opening (crumbs, fork tines, chopsticks) removed.
struct ResidueMeter {
    var configuration: VerifierConfiguration

    func measure(_ dishes: inout [Dish], planes: ColorPlanes, segmentation: Segmentation) {
        let width = planes.width
        for index in dishes.indices {
            let dish = dishes[index]
            // Smaller dishes standing on this one are judged on their own.
            let nested = dishes.filter {
                $0.region != dish.region && $0.fill.count < dish.fill.count
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
            let surface = surfaceColour(dish, planes: planes, segmentation: segmentation)
            var inner = 0
            for pixel in dish.fill {
                let (x, y) = (pixel % width, pixel / width)
                let local = (y - minY) * boxWidth + (x - minX)
                guard !excluded[local], dish.ellipse.contains(x: x, y: y, scale: configuration.innerScale) else { continue }
                inner += 1
                if covers(pixel, surface, planes) { mask[local] = 1 }
            }
            let opened = Morphology.open(mask, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            dishes[index].innerCount = inner
            dishes[index].residuePixels = opened.indices.filter { opened[$0] != 0 }.map {
                ($0 / boxWidth + minY) * width + $0 % boxWidth + minX
            }
            dishes[index].residueCount = dishes[index].residuePixels.count
        }
    }

    /// The dish's own surface: its median colour, and how dark its shading gets (the 10th percentile
    /// of its lightness), so a shaded bowl is not mistaken for a covered one.
    private func surfaceColour(_ dish: Dish, planes: ColorPlanes, segmentation: Segmentation) -> Surface {
        var l: [Float] = [], a: [Float] = [], b: [Float] = []
        for pixel in dish.fill where Int(segmentation.labels[pixel]) == dish.region {
            l.append(planes.lightness.values[pixel])
            a.append(planes.redGreen.values[pixel])
            b.append(planes.yellowBlue.values[pixel])
        }
        guard l.count >= 16 else { return Surface(median: dish.colour, darkest: dish.colour.x) }
        l.sort()
        func median(_ values: [Float]) -> Float { values.sorted()[values.count / 2] }
        return Surface(median: SIMD3(l[l.count / 2], median(a), median(b)), darkest: l[l.count / 10])
    }

    struct Surface {
        var median: SIMD3<Float>
        var darkest: Float
    }

    private func covers(_ pixel: Int, _ surface: Surface, _ planes: ColorPlanes) -> Bool {
        let colour = SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
        if colour.x < surface.darkest - configuration.darkerThanDish { return true }
        let lighter = colour.x - surface.median.x
        if colourDistance(colour, surface.median) > configuration.colourDifference && lighter < 0 { return true }
        return lighter > configuration.brighterThanDish && chroma(colour) > configuration.glareChroma
    }
}

/// Binary morphology on small masks.
enum Morphology {
    /// Erosion then dilation with a square of side 2r+1: removes anything thinner than that.
    static func open(_ mask: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        guard radius > 0 else { return mask }
        return filter(filter(mask, width, height, radius, erode: true), width, height, radius, erode: false)
    }

    private static func filter(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool) -> [UInt8] {
        var horizontal = mask
        for y in 0..<height {
            for x in 0..<width {
                var value: UInt8 = erode ? 1 : 0
                for dx in -radius...radius {
                    let sx = x + dx
                    let sample: UInt8 = (sx < 0 || sx >= width) ? (erode ? 0 : 0) : mask[y * width + sx]
                    value = erode ? min(value, sample) : max(value, sample)
                }
                horizontal[y * width + x] = value
            }
        }
        var out = horizontal
        for y in 0..<height {
            for x in 0..<width {
                var value: UInt8 = erode ? 1 : 0
                for dy in -radius...radius {
                    let sy = y + dy
                    let sample: UInt8 = (sy < 0 || sy >= height) ? 0 : horizontal[sy * width + x]
                    value = erode ? min(value, sample) : max(value, sample)
                }
                out[y * width + x] = value
            }
        }
        return out
    }
}
