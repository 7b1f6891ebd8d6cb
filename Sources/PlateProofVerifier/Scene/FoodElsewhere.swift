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
        var candidate = [Bool](repeating: false, count: count)
        let darkBelow = scene.white.lightness * configuration.foodDarkness
        let foodChroma = configuration.foodChroma * configuration.foodChroma
        scene.smooth.lightness.values.withUnsafeBufferPointer { l in
            scene.chromaSquared.withUnsafeBufferPointer { c in
                scene.tableware.mask.withUnsafeBufferPointer { tableware in
                    scene.support.withUnsafeBufferPointer { support in
                        explained.withUnsafeBufferPointer { explained in
                            candidate.withUnsafeMutableBufferPointer { candidate in
                                for index in 0..<count where !tableware[index] && !explained[index] && !support[index] {
                                    candidate[index] = c[index] > foodChroma || l[index] < darkBelow
                                }
                            }
                        }
                    }
                }
            }
        }
        let clock = ContinuousClock()
        var t = clock.now
        func lap(_ name: String) { debug("lap2", "\(name) \((clock.now - t).components.attoseconds / 1_000_000_000_000)"); t = clock.now }
        lap("fe-candidates")
        let reach = Int(configuration.enclosureReach * Double(min(width, height)))
        let enclosed = Self.enclosed(candidate, by: scene.tableware.mask, width: width, height: height, reach: reach)
        lap("fe-enclosed")
        var mask = [UInt8](repeating: 0, count: count)
        for index in 0..<count where enclosed[index] { mask[index] = 1 }
        var opened = Morphology.open(mask, width: width, height: height, radius: configuration.openingRadius)
        lap("fe-open")
        for dish in contents {
            for pixel in dish.fill where !explained[pixel] { opened[pixel] = 1 }
        }
        let pixels = opened.indices.filter { opened[$0] != 0 }
        lap("fe-rest")
        return Measurement(share: Double(pixels.count) / Double(count), pixels: pixels)
    }

    /// Candidate pixels with a `by` pixel within `reach` on at least three of the four sides (left,
    /// right, above, below), looking past other candidates and anything else.
    static func enclosed(_ candidate: [Bool], by wall: [Bool], width: Int, height: Int, reach: Int) -> [Bool] {
        let count = width * height
        var sides = [UInt8](repeating: 0, count: count)
        wall.withUnsafeBufferPointer { wall in
            sides.withUnsafeMutableBufferPointer { sides in
                // Along each row both ways, then down the columns both ways, a row at a time: the
                // distance back to the last wall pixel seen.
                for y in 0..<height {
                    let row = y * width
                    var last = -reach - 1
                    for x in 0..<width {
                        if wall[row + x] { last = x } else if x - last <= reach { sides[row + x] &+= 1 }
                    }
                    last = width + reach
                    for x in stride(from: width - 1, through: 0, by: -1) {
                        if wall[row + x] { last = x } else if last - x <= reach { sides[row + x] &+= 1 }
                    }
                }
                var seen = [Int32](repeating: Int32(-reach - 1), count: width)
                for y in 0..<height {
                    let row = y * width
                    for x in 0..<width {
                        if wall[row + x] { seen[x] = Int32(y) } else if y - Int(seen[x]) <= reach { sides[row + x] &+= 1 }
                    }
                }
                for x in 0..<width { seen[x] = Int32(height + reach) }
                for y in stride(from: height - 1, through: 0, by: -1) {
                    let row = y * width
                    for x in 0..<width {
                        if wall[row + x] { seen[x] = Int32(y) } else if Int(seen[x]) - y <= reach { sides[row + x] &+= 1 }
                    }
                }
            }
        }
        return [Bool](unsafeUninitializedCapacity: count) { out, initialized in
            for index in 0..<count { out[index] = candidate[index] && sides[index] >= 3 }
            initialized = count
        }
    }
}
