import Foundation
import PlateProofImaging

/// Distinct plate photos for the scale-out test: a white plate on a table, each with its own
/// stains on the table (so no two share a perceptual hash), its own light and position, and food on a third
/// of them, so the verifier approves some and rejects others on each photo's own merits.
enum ScaleOutPhotos {
    static func photo(_ index: Int) throws -> [UInt8] {
        let (width, height) = (320, 240)
        var random = UInt64(index &+ 1) &* 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        let (cx, cy) = (Double(120 + next(80)), Double(95 + next(50)))
        let (rx, ry) = (Double(80 + next(30)), Double(70 + next(22)))
        let stains = (0..<8).map { _ in (x: next(width), y: next(height), r: 20 + next(45), shift: next(140) - 70) }
        let (slopeX, slopeY) = (next(121) - 60, next(121) - 60)
        let food = index % 3 == 2 ? [(x: Int(cx) - 25, y: Int(cy) - 10, r: 28), (x: Int(cx) + 30, y: Int(cy) + 15, r: 22)] : []
        var bytes = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let light = (x / 9 + y / 23) % 2 == 0 ? 8 : -8
                var colour = SIMD3<Int>(150, 108, 68) &+ (light + slopeX * (x - 160) / 160 + slopeY * (y - 120) / 120)
                for stain in stains where (x - stain.x) * (x - stain.x) + (y - stain.y) * (y - stain.y) < stain.r * stain.r {
                    colour &+= stain.shift
                }
                let dx = (Double(x) - cx) / rx, dy = (Double(y) - cy) / ry
                let r = dx * dx + dy * dy
                if r <= 1 {
                    let shade = Int(-14 * (Double(x) - cx) / rx)
                    colour = r > 0.92 ? SIMD3(120, 120, 118) : SIMD3(232 + shade, 232 + shade, 228 + shade)
                    for blob in food where (x - blob.x) * (x - blob.x) + (y - blob.y) * (y - blob.y) <= blob.r * blob.r {
                        colour = SIMD3(120, 70, 30)
                    }
                }
                let clamped = colour.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255))
                let offset = (y * width + x) * 4
                (bytes[offset], bytes[offset + 1], bytes[offset + 2]) = (UInt8(clamped.x), UInt8(clamped.y), UInt8(clamped.z))
            }
        }
        return try JPEGEncoder.encode(PixelBuffer(width: width, height: height, bytes: bytes), quality: 88)
    }
}
