#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dish is concentric zones, each with its own clean colour and shading: a rim band and a well
/// of another colour, a bowl's bottom lit differently from its wall. Besides the surface the dish
/// was found by, a large smooth region inside it is a zone when, alone or with others like it, it
/// goes all the way around the centre, reaches out towards the rim, and it is
/// - a band reaching the outline (a rim glazed in another colour), or
/// - neutral like glaze (a white well, a grey one), or
/// - the dish's own hue, lighter or darker.
/// A ring of pale, neutral glaze all the way around is a zone too, whatever regions it is split into.
/// An evenly coloured centre of another hue may be glaze or soup, and a smooth pale centre inside a
/// wide printed border a well or a sauce: they are doubtful, neither clean nor residue, and a person
/// decides.
struct DishZones {
    /// The clean colour of each clean zone, the dish's own surface first.
    var surfaces: [ResidueMeter.Surface]
    /// The segmentation regions of the clean zones besides the dish's own surface.
    var regions: [Int32] = []
    /// Where the ring zones start in `surfaces`: those before are the surface and its regions.
    var ringsFrom = 1
    /// The colour of each doubtful zone, by its segmentation region.
    var doubtful: [Int32: ResidueMeter.Surface]

    /// - Parameter excluded: Pixels left out of the dish (cutlery, dishes standing on it).
    init(_ dish: Dish, scene: Scene, configuration: VerifierConfiguration, excluded: (Int) -> Bool) {
        let planes = scene.smooth
        let primary = ResidueMeter.surfaceColour(dish.surfacePixels, fallback: dish.colour, planes: planes)
        surfaces = [primary]
        self.doubtful = [:]
        let labels = scene.segmentation.labels
        var members: [Int32: [Int]] = [:]
        for pixel in dish.fill where !excluded(pixel) && Int(labels[pixel]) != dish.region {
            members[labels[pixel], default: []].append(pixel)
        }
        let smallest = Int(configuration.minZoneShare * Double(dish.fill.count))
        var neutral: [Piece] = [], doubtful: [Piece] = []
        for (label, pixels) in members.sorted(by: { $0.key < $1.key }) where pixels.count >= smallest {
            let piece = Piece(label: label, pixels: pixels, dish: dish, scene: scene)
            guard piece.grain <= configuration.zoneGrain else { continue }
            // A well reaches out towards the rim; food at the centre does not. A smooth pale centre
            // inside a wide printed border may be either: a person decides.
            guard piece.outer >= configuration.wellReach else {
                if piece.goesAround, piece.chroma <= configuration.paleChroma { doubtful.append(piece) }
                continue
            }
            if piece.isBand || (piece.goesAround && sameHue(piece.colour, primary.median)) {
                accept(piece, planes: planes)
            } else if piece.chroma <= configuration.paleChroma {
                neutral.append(piece)
            } else {
                doubtful.append(piece)
            }
        }
        // Pieces of a well split by printed lines go around together.
        if Piece.around(neutral.reduce(0) { $0 | $1.sectors }) {
            for piece in neutral { accept(piece, planes: planes) }
        } else {
            doubtful += neutral
        }
        if Piece.around(doubtful.reduce(0) { $0 | $1.sectors }) {
            for piece in doubtful {
                self.doubtful[piece.label] = ResidueMeter.surfaceColour(piece.pixels, fallback: piece.colour, planes: planes)
            }
        }
        ringsFrom = surfaces.count
        addRings(dish, scene: scene, configuration: configuration, excluded: excluded)
    }

    /// A zone need not be one region: a white well broken up by printed lines is still a ring of
    /// glaze. Each ring of the dish (in its own coordinates) whose pixels, blue ink left out, are
    /// mostly of one smooth, pale and neutral colour all the way around is a clean zone too. Food
    /// lies in heaps and smears and seldom fills a ring evenly; food that does is rarely glaze-white
    /// and smooth.
    private mutating func addRings(_ dish: Dish, scene: Scene, configuration: VerifierConfiguration, excluded: (Int) -> Bool) {
        guard configuration.ringEvenShare <= 1 else { return }
        let rings = 8
        let planes = scene.smooth
        let width = scene.width
        let e = dish.ellipse
        let (c, s) = (cos(e.angle), sin(e.angle))
        var members = [[(pixel: Int, sector: Int)]](repeating: [], count: rings)
        for pixel in dish.fill where !excluded(pixel) && !ResidueMeter.isInk(pixel, scene: scene) {
            let dx = Double(pixel % width) - e.centerX, dy = Double(pixel / width) - e.centerY
            let u = (dx * c + dy * s) / e.major, v = (-dx * s + dy * c) / e.minor
            let ring = min(rings - 1, Int((u * u + v * v).squareRoot() * Double(rings)))
            let sector = Int((atan2(v, u) + Double.pi) / (2 * Double.pi) * Double(Piece.sectorCount)) % Piece.sectorCount
            members[ring].append((pixel, sector))
        }
        let cast = SIMD2(scene.white.redGreen, scene.white.yellowBlue)
        for ring in members where ring.count >= 4 * Piece.sectorCount {
            let median = Histogram(ring.map(\.pixel), of: planes).medians
            // Glaze: pale and neutral under the scene's light.
            guard median.x >= scene.white.lightness * configuration.paleLightness,
                colourDistance(median, SIMD3(median.x, cast.x, cast.y)) <= configuration.paleChroma
            else { continue }
            var even: [Int] = []
            var counts = [Int](repeating: 0, count: Piece.sectorCount)
            var grain: Float = 0
            for (pixel, sector) in ring {
                let colour = SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
                guard abs(colour.x - median.x) + colourDistance(colour, median) <= configuration.evenRim else { continue }
                even.append(pixel)
                counts[sector] += 1
                grain += scene.grain[pixel]
            }
            guard Double(even.count) >= configuration.ringEvenShare * Double(ring.count),
                grain / Float(max(1, even.count)) <= configuration.zoneGrain
            else { continue }
            // All the way around: a sector counts when it holds at least half an even share.
            var sectors: UInt32 = 0
            for (sector, count) in counts.enumerated() where count * 2 * Piece.sectorCount >= even.count { sectors |= 1 << sector }
            guard Piece.around(sectors) else { continue }
            surfaces.append(ResidueMeter.surfaceColour(even, fallback: median, planes: planes))
        }
    }

    private mutating func accept(_ piece: Piece, planes: ColorPlanes) {
        regions.append(piece.label)
        surfaces.append(ResidueMeter.surfaceColour(piece.pixels, fallback: piece.colour, planes: planes))
    }

    /// A region's pixels inside a dish, seen from the dish's centre.
    struct Piece {
        static let sectorCount = 16

        var label: Int32
        var pixels: [Int]
        /// A bit for each of 16 sectors around the centre the piece has a fair share of pixels in.
        var sectors: UInt32
        /// Its 10th and 90th percentile of normalised radius (0 centre, 1 outline).
        var inner: Double
        var outer: Double
        /// Mean fine texture and mean distance from the scene's white.
        var grain: Float
        var chroma: Float
        var colour: SIMD3<Float>

        init(label: Int32, pixels: [Int], dish: Dish, scene: Scene) {
            self.label = label
            self.pixels = pixels
            let width = scene.width
            var counts = [Int](repeating: 0, count: Self.sectorCount)
            var radii: [Double] = []
            radii.reserveCapacity(pixels.count)
            var grain: Float = 0, chroma: Float = 0
            var sum = SIMD3<Float>.zero
            let e = dish.ellipse
            let (c, s) = (cos(e.angle), sin(e.angle))
            let planes = scene.smooth
            for pixel in pixels {
                let dx = Double(pixel % width) - e.centerX, dy = Double(pixel / width) - e.centerY
                let u = (dx * c + dy * s) / e.major, v = (-dx * s + dy * c) / e.minor
                radii.append((u * u + v * v).squareRoot())
                counts[Int((atan2(v, u) + Double.pi) / (2 * Double.pi) * Double(Self.sectorCount)) % Self.sectorCount] += 1
                grain += scene.grain[pixel]
                chroma += scene.white.relativeChroma(planes, pixel)
                sum += SIMD3(planes.lightness.values[pixel], planes.redGreen.values[pixel], planes.yellowBlue.values[pixel])
            }
            let n = Float(pixels.count)
            (self.grain, self.chroma, colour) = (grain / n, chroma / n, sum / n)
            // A sector counts when it holds at least a quarter of an even share.
            sectors = 0
            for (sector, count) in counts.enumerated() where count * 4 * Self.sectorCount >= pixels.count { sectors |= 1 << sector }
            radii.sort()
            (inner, outer) = (radii[radii.count / 10], radii[radii.count * 9 / 10])
        }

        static func around(_ sectors: UInt32) -> Bool { sectors.nonzeroBitCount >= sectorCount - 1 }

        var goesAround: Bool { Self.around(sectors) }
        /// A ring reaching the outline, all the way around.
        var isBand: Bool { goesAround && inner >= 0.45 && outer >= 0.85 }
    }
}

/// Both clearly coloured, and of about the same hue: one material, lit differently.
func sameHue(_ p: SIMD3<Float>, _ q: SIMD3<Float>) -> Bool {
    let (pc, qc) = (chroma(p), chroma(q))
    guard pc >= 20, qc >= 20 else { return false }
    return (p.y * q.y + p.z * q.z) / (pc * qc) >= 0.9
}
