/// Food outside the dishes found: what is coloured or dark and enclosed by pale tableware, in the
/// parts of the picture no found dish and no surface dishes stand on explains. A bowl cut by the
/// frame, a dish whose outline food or its neighbours broke, a tray compartment: food sits in
/// tableware, and tableware is pale and neutral under the scene's own light, so what it encloses is
/// measured even where no outline was found. Enclosed means tableware within reach on three of the
/// four sides for textured things (a bowl cut by the frame still encloses its rice), and close by
/// on all four for smooth ones (soup in a bowl, not the smooth tray between bowls).
struct FoodElsewhere {
    var configuration: VerifierConfiguration

    struct Measurement {
        /// Share of the picture covered by enclosed food, 0...1.
        var share: Double
        /// Pixel indices counted.
        var pixels: [Int]
        /// Share of the picture covered by textured food, enclosed or not: what a picture with no
        /// dish found is judged by.
        var loose: Double
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
        // Food has texture, or lies inside tableware all round; a smooth tray between bowls does not.
        let grain = PixelKernels.boxBlur3(PixelKernels.boxBlur3(Plane(width: width, height: height, values: scene.grain))).values
        let reach = Int(configuration.enclosureReach * Double(min(width, height)))
        let (near, close) = Self.sides(by: scene.tableware.mask, width: width, height: height, reach: reach, closer: reach / 2)
        var mask = [UInt8](repeating: 0, count: count), textured = mask
        for index in 0..<count where candidate[index] {
            let rough = grain[index] >= configuration.foodGrain
            if rough { textured[index] = 1 }
            if (near[index] >= 3 && rough) || close[index] == 4 { mask[index] = 1 }
        }
        let loose = Morphology.open(textured, width: width, height: height, radius: configuration.openingRadius).reduce(0) { $0 + Int($1) }
        var opened = Morphology.open(mask, width: width, height: height, radius: configuration.openingRadius)
        for dish in contents {
            for pixel in dish.fill where !explained[pixel] { opened[pixel] = 1 }
        }
        let pixels = opened.indices.filter { opened[$0] != 0 }
        return Measurement(share: Double(pixels.count) / Double(count), pixels: pixels, loose: Double(loose) / Double(count))
    }

    /// For each pixel, on how many of the four sides (left, right, above, below) a `wall` pixel lies
    /// within `reach`, and on how many within `closer`, looking past anything else.
    static func sides(by wall: [Bool], width: Int, height: Int, reach: Int, closer: Int) -> (near: [UInt8], close: [UInt8]) {
        let count = width * height
        var near = [UInt8](repeating: 0, count: count), close = near
        wall.withUnsafeBufferPointer { wall in
            near.withUnsafeMutableBufferPointer { near in
                close.withUnsafeMutableBufferPointer { close in
                    @inline(__always) func count(_ index: Int, _ distance: Int) {
                        if distance <= reach { near[index] &+= 1 }
                        if distance <= closer { close[index] &+= 1 }
                    }
                    // Along each row both ways, then down the columns both ways, a row at a time:
                    // the distance back to the last wall pixel seen.
                    for y in 0..<height {
                        let row = y * width
                        var last = -reach - 1
                        for x in 0..<width {
                            if wall[row + x] { last = x } else { count(row + x, x - last) }
                        }
                        last = width + reach
                        for x in stride(from: width - 1, through: 0, by: -1) {
                            if wall[row + x] { last = x } else { count(row + x, last - x) }
                        }
                    }
                    var seen = [Int32](repeating: Int32(-reach - 1), count: width)
                    for y in 0..<height {
                        let row = y * width
                        for x in 0..<width {
                            if wall[row + x] { seen[x] = Int32(y) } else { count(row + x, y - Int(seen[x])) }
                        }
                    }
                    for x in 0..<width { seen[x] = Int32(height + reach) }
                    for y in stride(from: height - 1, through: 0, by: -1) {
                        let row = y * width
                        for x in 0..<width {
                            if wall[row + x] { seen[x] = Int32(y) } else { count(row + x, Int(seen[x]) - y) }
                        }
                    }
                }
            }
        }
        return (near, close)
    }
}
