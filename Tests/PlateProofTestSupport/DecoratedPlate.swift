import Foundation
public import PlateProofImaging

/// Generated photos of one decorated plate: four big red flowers on its rim, which the general
/// rules cannot tell from food, for the plate-profile tests of the verifier and the worker.
public enum DecoratedPlate {
    /// A photo of the plate on a table: rim flowers turned by `turn` radians, the plate at
    /// (`cx`, `cy`) with radius `radius`, squashed vertically by `tilt`, optionally with a brown
    /// heap in the well and a rim of another colour.
    public static func photo(
        turn: Double,
        cx: Double = 160,
        cy: Double = 120,
        radius: Double = 85,
        tilt: Double = 1,
        food: Bool = false,
        rim: SIMD3<Double> = [236, 236, 232],
        grain amplitude: Double = 6,
        tiled: Bool = false
    ) -> PixelBuffer {
        var image = PixelBuffer(width: 320, height: 240)
        for y in 0..<240 {
            for x in 0..<320 {
                // A wooden table: a warm brown with a gentle grain.
                var grain = amplitude * sin(Double(x) * 0.21 + 0.5 * sin(Double(y) * 0.05))
                // A tiled table instead: sharp edges everywhere, and no plate to be found.
                if tiled, (x / 6 + y / 6) % 2 == 0 { grain += 40 }
                var colour = SIMD3<Double>(122 + grain, 92 + grain, 66 + grain)
                let (dx, dy) = ((Double(x) - cx) / radius, (Double(y) - cy) / (radius * tilt))
                let r = (dx * dx + dy * dy).squareRoot()
                if r <= 1 {
                    colour = r >= 0.6 ? rim : SIMD3(244, 244, 240)
                    // Four flowers printed on the rim.
                    for k in 0..<4 {
                        let angle = turn + Double(k) * Double.pi / 2
                        let (fx, fy) = (0.7 * cos(angle) - dx, 0.7 * sin(angle) - dy)
                        if (fx * fx + fy * fy).squareRoot() < 0.13 { colour = [170, 30, 40] }
                    }
                    if food {
                        for (hx, hy, hr) in [(-0.2, 0.05, 0.3), (0.12, -0.1, 0.26), (0.05, 0.22, 0.2)] {
                            let (ex, ey) = (dx - hx, dy - hy)
                            if (ex * ex + ey * ey).squareRoot() < hr { colour = [110, 70, 35] }
                        }
                    }
                }
                image[x, y] = SIMD3<UInt8>(clamping: SIMD3<Int>(colour.rounded(.toNearestOrEven)))
            }
        }
        return image
    }

    /// `photo` as an upload: a PNG `scale` times its size (nearest pixel), as large as a phone's.
    public static func png(_ photo: PixelBuffer, scale: Int = 4) throws -> [UInt8] {
        var large = PixelBuffer(width: photo.width * scale, height: photo.height * scale)
        for y in 0..<large.height {
            for x in 0..<large.width { large[x, y] = photo[x / scale, y / scale] }
        }
        return try PNGEncoder.encode(large)
    }
}
