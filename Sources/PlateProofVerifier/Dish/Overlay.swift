import PlateProofImaging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws what the verifier saw onto the analysis image, for people (moderators, developers).
enum Overlay {
    /// Tints residue pixels red.
    static func mark(_ pixels: [Int], on image: inout PixelBuffer) {
        for pixel in pixels {
            let (x, y) = (pixel % image.width, pixel / image.width)
            let p = image[x, y]
            image[x, y] = [UInt8((Int(p.x) + 3 * 255) / 4), p.y / 4, p.z / 4]
        }
    }

    /// Outlines each dish (green) and the inner rim its residue is measured within (yellow).
    static func draw(_ dishes: [Dish], innerScale: Double, on image: inout PixelBuffer) {
        for dish in dishes {
            mark(dish.residuePixels, on: &image)
            let ellipse = dish.ellipse
            let steps = max(64, Int(ellipse.perimeter * 2))
            for step in 0..<steps {
                let t = Double(step) / Double(steps) * 2 * Double.pi
                for scale in [1.0, innerScale] {
                    let u = ellipse.major * scale * cos(t), v = ellipse.minor * scale * sin(t)
                    let x = Int((ellipse.centerX + u * cos(ellipse.angle) - v * sin(ellipse.angle)).rounded())
                    let y = Int((ellipse.centerY + u * sin(ellipse.angle) + v * cos(ellipse.angle)).rounded())
                    guard x >= 0, y >= 0, x < image.width, y < image.height else { continue }
                    image[x, y] = scale == 1 ? [0, 255, 0] : [255, 255, 0]
                }
            }
        }
    }
}
