import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Geometric changes of a whole photo, resampled bilinearly; points that fall outside the photo
/// take the nearest edge pixel (a table continues beyond the frame).
enum Warp {
    /// The photo resampled through `source`, which maps each output pixel to where it comes from.
    static func resample(_ image: PixelBuffer, width: Int, height: Int, source: (Double, Double) -> (Double, Double)) -> PixelBuffer {
        var out = PixelBuffer(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let (sx, sy) = source(Double(x) + 0.5, Double(y) + 0.5)
                out[x, y] = sample(image, sx - 0.5, sy - 0.5)
            }
        }
        return out
    }

    static func sample(_ image: PixelBuffer, _ x: Double, _ y: Double) -> SIMD3<UInt8> {
        let cx = min(max(x, 0), Double(image.width - 1)), cy = min(max(y, 0), Double(image.height - 1))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(x0 + 1, image.width - 1), y1 = min(y0 + 1, image.height - 1)
        let fx = cx - Double(x0), fy = cy - Double(y0)
        func p(_ x: Int, _ y: Int) -> SIMD3<Double> { SIMD3<Double>(image[x, y]) }
        let top = p(x0, y0) * (1 - fx) + p(x1, y0) * fx
        let bottom = p(x0, y1) * (1 - fx) + p(x1, y1) * fx
        return SIMD3<UInt8>((top * (1 - fy) + bottom * fy).rounded(.toNearestOrAwayFromZero))
    }

    /// Turned by `degrees` about the centre, in a frame of the same size.
    static func rotated(_ image: PixelBuffer, degrees: Double) -> PixelBuffer {
        let angle = degrees * Double.pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let (cx, cy) = (Double(image.width) / 2, Double(image.height) / 2)
        return resample(image, width: image.width, height: image.height) { x, y in
            let (dx, dy) = (x - cx, y - cy)
            return (cx + dx * c + dy * s, cy - dx * s + dy * c)
        }
    }

    /// Seen from `degrees` further off the vertical, tilted about the horizontal axis through the
    /// centre, through a lens whose focal length is 1.5 picture widths: circles become ellipses, the
    /// far side smaller.
    static func tilted(_ image: PixelBuffer, degrees: Double) -> PixelBuffer {
        let angle = degrees * Double.pi / 180
        let (c, s) = (cos(angle), sin(angle))
        let f = 1.5 * Double(max(image.width, image.height))
        let (cx, cy) = (Double(image.width) / 2, Double(image.height) / 2)
        // A table point (X, Y) about the centre appears at (f X, f Y cos) / (f + Y sin).
        return resample(image, width: image.width, height: image.height) { x, y in
            let (u, v) = (x - cx, y - cy)
            let tableY = f * v / (f * c - v * s)
            let tableX = u * (f + tableY * s) / f
            return (cx + tableX, cy + tableY)
        }
    }

    /// Enlarged so its long side is `longSide`.
    static func enlarged(_ image: PixelBuffer, longSide: Int) -> PixelBuffer {
        let scale = Double(longSide) / Double(max(image.width, image.height))
        let width = max(1, Int((Double(image.width) * scale).rounded())), height = max(1, Int((Double(image.height) * scale).rounded()))
        return resample(image, width: width, height: height) { x, y in (x / scale, y / scale) }
    }

    /// The columns `x0..<x1` and rows `y0..<y1`.
    static func cropped(_ image: PixelBuffer, x0: Int, y0: Int, x1: Int, y1: Int) -> PixelBuffer {
        var out = PixelBuffer(width: x1 - x0, height: y1 - y0)
        for y in y0..<y1 {
            for x in x0..<x1 { out[x - x0, y - y0] = image[x, y] }
        }
        return out
    }
}
