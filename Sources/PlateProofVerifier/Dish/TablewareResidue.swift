/// Residue on pale tableware, found without fitting any dish: the pale, nearly colourless parts of
/// the picture (plates and bowls under the scene's own light) are filled in along rows and columns,
/// and what inside them is colourful or dark counts as covered. Dishes that touch, or whose rims are
/// broken by food, defeat ellipse fitting but not this measure, which is why trays need it.
struct TablewareResidue {
    var configuration: VerifierConfiguration

    struct Measurement {
        /// Covered share of the worst pale object, 0...1.
        var score: Double
        /// Share of the picture that pale objects cover.
        var share: Double
        /// Pixel indices counted as covered.
        var residuePixels: [Int]
    }

    func measure(planes: ColorPlanes) -> Measurement {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        let l = planes.lightness.values, a = planes.redGreen.values, b = planes.yellowBlue.values
        // The scene's white: the colour cast of its brightest tenth.
        let bright = percentile(l, 0.9)
        var castA: Float = 0, castB: Float = 0, castCount: Float = 0
        for index in 0..<count where l[index] >= bright {
            castA += a[index]
            castB += b[index]
            castCount += 1
        }
        (castA, castB) = (castA / max(1, castCount), castB / max(1, castCount))
        func relativeChroma(_ index: Int) -> Float {
            let da = a[index] - castA, db = b[index] - castB
            return (da * da + db * db).squareRoot()
        }
        // Pale: light for the scene and close to its white, decided eight pixels at a time.
        var pale = [Bool](repeating: false, count: count)
        let (paleFrom, paleChroma) = (bright * configuration.paleLightness, configuration.paleChroma)
        l.withUnsafeBufferPointer { l in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    pale.withUnsafeMutableBufferPointer { pale in
                        var index = 0
                        while index + 8 <= count {
                            let da = PixelKernels.load8(a, index) - castA, db = PixelKernels.load8(b, index) - castB
                            let isPale = (PixelKernels.load8(l, index) .>= paleFrom) .& ((da * da + db * db).squareRoot() .< paleChroma)
                            PixelKernels.store8(isPale, pale, index)
                            index += 8
                        }
                        while index < count {
                            pale[index] = l[index] >= paleFrom && relativeChroma(index) < paleChroma
                            index += 1
                        }
                    }
                }
            }
        }

        var best = Measurement(score: 0, share: 0, residuePixels: [])
        var paleTotal = 0
        for component in Components.of(pale, width: width, height: height, minimumSize: count / 100) {
            // Tableware lies inside the frame and is mostly its own pale surface; pale table tops and
            // walls run off the edge or only frame other things.
            let onBorder = component.filter { pixel in
                let (x, y) = (pixel % width, pixel / width)
                return x == 0 || y == 0 || x == width - 1 || y == height - 1
            }.count
            guard onBorder <= (width + height) / 50 else { continue }
            paleTotal += component.count
            let fill = Components.orthogonalHull(component, width: width, height: height)
            guard fill.count >= Int(configuration.minDishArea * Double(count)),
                Double(component.count) >= configuration.minSurfaceShare * 2 * Double(fill.count)
            else { continue }
            var minX = width, minY = height, maxX = 0, maxY = 0
            for pixel in fill {
                let (x, y) = (pixel % width, pixel / width)
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
            let boxWidth = maxX - minX + 1, boxHeight = maxY - minY + 1
            var mask = [UInt8](repeating: 0, count: boxWidth * boxHeight)
            for pixel in fill where !pale[pixel] {
                let coloured = relativeChroma(pixel) > configuration.foodChroma
                let dark = l[pixel] < bright * configuration.foodDarkness
                if coloured || dark { mask[(pixel / width - minY) * boxWidth + pixel % width - minX] = 1 }
            }
            let opened = Morphology.open(mask, width: boxWidth, height: boxHeight, radius: configuration.openingRadius)
            let residue = opened.indices.filter { opened[$0] != 0 }
            let score = Double(residue.count) / Double(fill.count)
            if score > best.score {
                best.score = score
                best.residuePixels = residue.map { ($0 / boxWidth + minY) * width + $0 % boxWidth + minX }
            }
        }
        best.share = Double(paleTotal) / Double(count)
        return best
    }
}
