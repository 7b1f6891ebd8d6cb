/// Food outside the dishes found: what is coloured or dark and enclosed by pale tableware, in the
/// parts of the picture no found dish explains. A bowl cut by the frame, a dish whose outline food
/// or its neighbours broke, a tray compartment: food sits in tableware, and tableware is pale and
/// neutral under the scene's own light, so what it encloses is measured even where no outline was
/// found. Enclosed means tableware within reach on at least three of the four sides, so a bowl cut
/// by the frame still encloses its soup.
struct FoodElsewhere {
    var configuration: VerifierConfiguration

    struct Measurement {
        /// Share of the picture covered by enclosed food, 0...1.
        var share: Double
        /// Pixel indices counted.
        var pixels: [Int]
    }

    /// - Parameter contents: What was taken for a dish but sits in tableware: held food too.
    func measure(scene: Scene, explained: [Bool], contents: [Dish]) -> Measurement {
        let (width, height) = (scene.width, scene.height)
        let count = width * height
        let planes = scene.smooth
        let white = scene.white
        let l = planes.lightness.values
        var candidate = [Bool](repeating: false, count: count)
        let darkBelow = white.lightness * configuration.foodDarkness
        for index in 0..<count where !scene.tableware.mask[index] && !explained[index] && !scene.support[index] {
            candidate[index] = white.relativeChroma(planes, index) > configuration.foodChroma || l[index] < darkBelow
        }
        let reach = Int(configuration.enclosureReach * Double(min(width, height)))
        let enclosed = Self.enclosed(candidate, by: scene.tableware.mask, width: width, height: height, reach: reach)
        var mask = [UInt8](repeating: 0, count: count)
        for index in 0..<count where enclosed[index] { mask[index] = 1 }
        var opened = Morphology.open(mask, width: width, height: height, radius: configuration.openingRadius)
        for dish in contents {
            for pixel in dish.fill where !explained[pixel] { opened[pixel] = 1 }
        }
        let pixels = opened.indices.filter { opened[$0] != 0 }
        return Measurement(share: Double(pixels.count) / Double(count), pixels: pixels)
    }

    /// Candidate pixels with a `by` pixel within `reach` on at least three of the four sides (left,
    /// right, above, below), looking past other candidates and anything else.
    static func enclosed(_ candidate: [Bool], by wall: [Bool], width: Int, height: Int, reach: Int) -> [Bool] {
        let count = width * height
        // Distance to the nearest wall pixel on each side (Int.max / 2 when none).
        let far = Int.max / 2
        var sides = [UInt8](repeating: 0, count: count)
        for y in 0..<height {
            var last = -far
            for x in 0..<width {
                let index = y * width + x
                if wall[index] { last = x } else if x - last <= reach { sides[index] += 1 }
            }
            last = far
            for x in stride(from: width - 1, through: 0, by: -1) {
                let index = y * width + x
                if wall[index] { last = x } else if last - x <= reach { sides[index] += 1 }
            }
        }
        var above = [Int](repeating: -far, count: width), below = [Int](repeating: far, count: width)
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                if wall[index] { above[x] = y } else if y - above[x] <= reach { sides[index] += 1 }
            }
        }
        for y in stride(from: height - 1, through: 0, by: -1) {
            for x in 0..<width {
                let index = y * width + x
                if wall[index] { below[x] = y } else if below[x] - y <= reach { sides[index] += 1 }
            }
        }
        return (0..<count).map { candidate[$0] && sides[$0] >= 3 }
    }
}
