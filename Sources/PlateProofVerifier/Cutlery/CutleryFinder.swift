#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds cutlery: knives, forks, spoon handles and chopsticks are thin, long and straight, and
/// either about neutral in colour (steel, black or white plastic) or, when coloured (wood, bamboo,
/// plastic), longer still. Food is rarely all of these.
///
/// Thin things are what a greyscale closing or opening with a small window changes (a top-hat, on
/// lightness and both colour axes, at half size). Of them, cutlery is what lies on a long straight run in one of
/// sixteen directions, so a knife and fork that touch or cross are found as two, and a curved rim
/// or a bent bean is not found at all.
struct CutleryFinder {
    var configuration: VerifierConfiguration

    static let directions = 12

    struct Result: Sendable {
        /// Whether each pixel is cutlery.
        var mask: [Bool]
        /// For cutlery pixels, the direction (0..<16, in steps of pi/16) of the run that found them.
        var direction: [UInt8]
        var count: Int

        static func none(count: Int) -> Result {
            Result(mask: [Bool](repeating: false, count: count), direction: [UInt8](repeating: 0, count: count), count: 0)
        }
    }

    func find(_ planes: ColorPlanes, white: SceneWhite) -> Result {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        let radius = configuration.cutleryRadius
        guard radius > 0, width >= 32, height >= 32 else { return .none(count: count) }
        // Everything is looked for at half size: a quarter of the work, and cutlery stays several
        // pixels wide there.
        let (halfWidth, halfHeight) = (width / 2, height / 2)
        let half = ColorPlanes(
            lightness: CircleFinder.halve(planes.lightness),
            redGreen: CircleFinder.halve(planes.redGreen),
            yellowBlue: CircleFinder.halve(planes.yellowBlue)
        )
        let halfThin = thinMask(half, radius: max(1, radius / 2))
        let shorter = Double(min(width, height))
        let neutralLength = configuration.cutleryMinLength * shorter / 2
        // Runs are measured in the box of each thin piece big enough to hold one: most of a picture
        // holds none.
        var runs = LineRuns.Runs(
            length: [Float](repeating: 0, count: halfThin.count),
            direction: [UInt8](repeating: 0, count: halfThin.count)
        )
        for piece in Components.of(halfThin, width: halfWidth, height: halfHeight, minimumSize: Int(neutralLength), diagonal: true) {
            var (minX, minY, maxX, maxY) = (Int.max, Int.max, 0, 0)
            for pixel in piece {
                let (x, y) = (pixel % halfWidth, pixel / halfWidth)
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
            let (boxWidth, boxHeight) = (maxX - minX + 1, maxY - minY + 1)
            guard Double(boxWidth * boxWidth + boxHeight * boxHeight) >= neutralLength * neutralLength else { continue }
            var box = [Bool](repeating: false, count: boxWidth * boxHeight)
            for pixel in piece { box[(pixel / halfWidth - minY) * boxWidth + pixel % halfWidth - minX] = true }
            let boxRuns = LineRuns.longest(box, width: boxWidth, height: boxHeight, directions: Self.directions)
            for pixel in piece {
                let local = (pixel / halfWidth - minY) * boxWidth + pixel % halfWidth - minX
                (runs.length[pixel], runs.direction[pixel]) = (boxRuns.length[local], boxRuns.direction[local])
            }
        }
        // A straight piece is a stretch of pixels whose longest run goes the same way; along an arc
        // the direction turns, so an arc breaks into short stretches.
        let colouredLength = configuration.colouredCutleryMinLength * shorter / 2
        var candidates: [(pixels: [Int], piece: Piece)] = []
        let long = runs.length.map { $0 >= Float(neutralLength) }
        let stretches = Components.joined(width: halfWidth, height: halfHeight, minimumSize: Int(neutralLength)) { p, q in
            long[p] && long[q] && runs.direction[p] == runs.direction[q]
        }
        for component in stretches where long[component[0]] {
            guard let piece = Self.straightPiece(component, width: halfWidth), piece.length >= neutralLength else { continue }
            if piece.length < colouredLength {
                var chroma: Float = 0, seen: Float = 0
                for pixel in component {
                    let (x, y) = (2 * (pixel % halfWidth), 2 * (pixel / halfWidth))
                    chroma += white.relativeChroma(planes, y * width + x)
                    seen += 1
                }
                guard chroma / seen <= configuration.cutleryNeutralChroma else { continue }
            }
            candidates.append((component, piece))
        }
        // Cutlery lies on a surface: clear of other thin things on at least one side. A strand in a
        // heap of noodles or sprouts has thin things on both. Pieces already accepted count as
        // clear, so a fork beside a knife is found once the knife is.
        var halfCutlery = [Bool](repeating: false, count: halfWidth * halfHeight)
        for _ in 0..<2 {
            var remaining: [(pixels: [Int], piece: Piece)] = []
            for candidate in candidates {
                let clutter = Self.sideClutter(candidate.piece, thin: halfThin, cutlery: halfCutlery, width: halfWidth, height: halfHeight)
                if min(clutter.left, clutter.right) <= configuration.cutleryClutter {
                    for pixel in candidate.pixels { halfCutlery[pixel] = true }
                } else {
                    remaining.append(candidate)
                }
            }
            candidates = remaining
        }

        var mask = [Bool](repeating: false, count: count)
        var direction = [UInt8](repeating: 0, count: count)
        var found = 0
        for y in 0..<(halfHeight * 2) {
            for x in 0..<(halfWidth * 2) {
                let index = y * width + x, half = (y / 2) * halfWidth + x / 2
                guard halfCutlery[half] else { continue }
                mask[index] = true
                direction[index] = runs.direction[half]
                found += 1
            }
        }
        // The blurred edges of each piece belong to it too.
        var grown = mask
        for y in 0..<height {
            for x in 0..<width where mask[y * width + x] {
                for v in max(0, y - 1)...min(height - 1, y + 1) {
                    for u in max(0, x - 1)...min(width - 1, x + 1) where !grown[v * width + u] {
                        grown[v * width + u] = true
                        direction[v * width + u] = direction[y * width + x]
                        found += 1
                    }
                }
            }
        }
        return Result(mask: grown, direction: direction, count: found)
    }

    /// Pixels that a closing (dark things) or an opening (light things) of side 2r+1 changes by
    /// more than the contrast thresholds, on lightness or on either colour axis.
    private func thinMask(_ planes: ColorPlanes, radius: Int) -> [Bool] {
        let count = planes.width * planes.height
        var thin = [Bool](repeating: false, count: count)
        let channels: [(Plane, Float)] = [
            (planes.lightness, configuration.cutleryContrast),
            (planes.redGreen, configuration.cutleryColourContrast),
            (planes.yellowBlue, configuration.cutleryColourContrast),
        ]
        for (plane, threshold) in channels {
            let closed = RankFilter.closing(plane, radius: radius), opened = RankFilter.opening(plane, radius: radius)
            plane.values.withUnsafeBufferPointer { p in
                closed.values.withUnsafeBufferPointer { c in
                    opened.values.withUnsafeBufferPointer { o in
                        thin.withUnsafeMutableBufferPointer { thin in
                            var index = 0
                            while index + 8 <= count {
                                let value = PixelKernels.load8(p, index)
                                let changed =
                                    (PixelKernels.load8(c, index) - value .> threshold)
                                    .| (value - PixelKernels.load8(o, index) .> threshold)
                                let before = UnsafeRawPointer(thin.baseAddress! + index).loadUnaligned(as: SIMD8<UInt8>.self)
                                let now = SIMD8<UInt8>(truncatingIfNeeded: SIMD8<Int32>.zero.replacing(with: 1, where: changed))
                                UnsafeMutableRawPointer(thin.baseAddress! + index).storeBytes(of: before | now, as: SIMD8<UInt8>.self)
                                index += 8
                            }
                            while index < count {
                                if c[index] - p[index] > threshold || p[index] - o[index] > threshold { thin[index] = true }
                                index += 1
                            }
                        }
                    }
                }
            }
        }
        return thin
    }
}

extension CutleryFinder {
    /// A piece's axis and size.
    struct Piece {
        var centerX: Double
        var centerY: Double
        var angle: Double
        /// Where it starts and ends along its axis, from the centre.
        var low: Double
        var high: Double
        /// Mean width (pixels over length).
        var thickness: Double

        var length: Double { high - low + 1 }
    }

    /// On each side of the piece, the share of its length along which other thin things (not
    /// accepted cutlery) lie a few pixels beyond its edge: beyond its own blurred edge and shadow.
    static func sideClutter(_ piece: Piece, thin: [Bool], cutlery: [Bool], width: Int, height: Int) -> (left: Double, right: Double) {
        let (ux, uy) = (cos(piece.angle), sin(piece.angle))
        let (nx, ny) = (-uy, ux)
        var cluttered = [0, 0], steps = 0
        let near = piece.thickness / 2 + 3
        var along = piece.low
        while along <= piece.high {
            steps += 1
            for (side, sign) in [(0, -1.0), (1, 1.0)] {
                for distance in [near, near + 1, near + 2] {
                    let x = Int((piece.centerX + along * ux + sign * distance * nx).rounded())
                    let y = Int((piece.centerY + along * uy + sign * distance * ny).rounded())
                    guard x >= 0, y >= 0, x < width, y < height, thin[y * width + x], !cutlery[y * width + x] else { continue }
                    cluttered[side] += 1
                    break
                }
            }
            along += 1
        }
        return (Double(cluttered[0]) / Double(max(1, steps)), Double(cluttered[1]) / Double(max(1, steps)))
    }

    /// The pixels as a bar, when they lie close to one line: their spread across it is what a bar
    /// of their mean width has, give or take a pixel.
    static func straightPiece(_ pixels: [Int], width: Int) -> Piece? {
        guard pixels.count >= 5 else { return nil }
        var sumX = 0.0, sumY = 0.0
        for pixel in pixels {
            sumX += Double(pixel % width)
            sumY += Double(pixel / width)
        }
        let n = Double(pixels.count)
        let (cx, cy) = (sumX / n, sumY / n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for pixel in pixels {
            let dx = Double(pixel % width) - cx, dy = Double(pixel / width) - cy
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        let angle = 0.5 * atan2(2 * sxy, sxx - syy)
        let (ux, uy) = (cos(angle), sin(angle))
        var low = Double.infinity, high = -Double.infinity, across = 0.0
        for pixel in pixels {
            let dx = Double(pixel % width) - cx, dy = Double(pixel / width) - cy
            let along = dx * ux + dy * uy
            (low, high) = (min(low, along), max(high, along))
            let off = -dx * uy + dy * ux
            across += off * off
        }
        let thickness = n / (high - low + 1)
        // A bar of width t has a spread of t / sqrt(12) across its axis.
        guard (across / n).squareRoot() <= 0.4 * thickness + 1 else { return nil }
        return Piece(centerX: cx, centerY: cy, angle: angle, low: low, high: high, thickness: thickness)
    }
}

/// The longest straight run of set pixels through each pixel of a mask, over a number of evenly
/// spaced directions, and the direction it runs in.
enum LineRuns {
    struct Runs {
        /// Length in pixels of the longest run through each pixel (0 where the mask is unset).
        var length: [Float]
        /// Its direction, as a multiple of pi / directions.
        var direction: [UInt8]
    }

    /// Each direction sweeps the picture along parallel digital lines that step one pixel at a time
    /// along the direction's major axis, so every pixel is visited once per direction.
    static func longest(_ mask: [Bool], width: Int, height: Int, directions: Int) -> Runs {
        var length = [Float](repeating: 0, count: mask.count)
        var direction = [UInt8](repeating: 0, count: mask.count)
        mask.withUnsafeBufferPointer { mask in
            length.withUnsafeMutableBufferPointer { length in
                direction.withUnsafeMutableBufferPointer { direction in
                    for k in 0..<directions {
                        let angle = Double(k) * Double.pi / Double(directions)
                        let (c, s) = (cos(angle), sin(angle))
                        let mostlyHorizontal = abs(c) >= abs(s)
                        // Along the major axis one pixel a step; the minor axis moves by `slope` a step.
                        let slope = mostlyHorizontal ? s / c : c / s
                        let (major, minor) = mostlyHorizontal ? (width, height) : (height, width)
                        let spacing = Float((1 + slope * slope).squareRoot())
                        let offsets = (0..<major).map { Int((Double($0) * slope).rounded()) }
                        let drift = offsets.map(abs).max() ?? 0
                        // A line's pixels: index = start * minorStride + step * majorStride + offset * minorStride.
                        let (majorStride, minorStride) = mostlyHorizontal ? (1, width) : (width, 1)
                        offsets.withUnsafeBufferPointer { offsets in
                            let rising = (offsets.last ?? 0) >= 0
                            // The steps whose minor coordinate start + offsets[step] lies in 0..<minor: the
                            // offsets are monotonic, so the steps in range are one stretch.
                            func firstStep(from start: Int, where inside: (Int) -> Bool) -> Int {
                                var (low, high) = (0, major)
                                while low < high {
                                    let middle = (low + high) / 2
                                    if inside(start + offsets[middle]) { high = middle } else { low = middle + 1 }
                                }
                                return low
                            }
                            for start in -drift..<(minor + drift) {
                                let from = rising ? firstStep(from: start) { $0 >= 0 } : firstStep(from: start) { $0 < minor }
                                let to = rising ? firstStep(from: start) { $0 >= minor } : firstStep(from: start) { $0 < 0 }
                                guard from < to else { continue }
                                // Runs of set pixels; each closes at the first unset step or the end.
                                var runStart = -1
                                var step = from
                                while step <= to {
                                    let set = step < to && mask[(start + offsets[step]) * minorStride + step * majorStride]
                                    if set {
                                        if runStart < 0 { runStart = step }
                                    } else if runStart >= 0 {
                                        let runLength = Float(step - runStart) * spacing
                                        for member in runStart..<step {
                                            let index = (start + offsets[member]) * minorStride + member * majorStride
                                            if runLength > length[index] {
                                                length[index] = runLength
                                                direction[index] = UInt8(k)
                                            }
                                        }
                                        runStart = -1
                                    }
                                    step += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        return Runs(length: length, direction: direction)
    }
}
