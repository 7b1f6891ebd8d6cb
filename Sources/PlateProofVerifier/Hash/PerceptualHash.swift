#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 64-bit DCT perceptual hash: photos that look alike (re-encoded, resized, slightly cropped)
/// have hashes a small Hamming distance apart.
public struct PerceptualHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    /// Parses 16 hex digits.
    public init?(hex: String) {
        guard hex.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    /// 16 lower-case hex digits.
    public var description: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public func distance(to other: PerceptualHash) -> Int { (value ^ other.value).nonzeroBitCount }

    static let size = 32
    /// cos((2x + 1) u pi / 64) for u < 8, x < 32.
    static let cosines: [Double] = (0..<8).flatMap { u in
        (0..<size).map { x in cos(Double((2 * x + 1) * u) * Double.pi / Double(2 * size)) }
    }

    /// Hashes a lightness plane: shrink to 32x32 (area average), take the 8x8 lowest DCT frequencies,
    /// and set each bit where the coefficient is above their median (the DC term left out of the median).
    public init(lightness plane: Plane) {
        let small = Self.shrink(plane, to: Self.size)
        var rows = [Double](repeating: 0, count: 8 * Self.size)  // DCT along x: [u][y]
        for u in 0..<8 {
            for y in 0..<Self.size {
                var sum = 0.0
                for x in 0..<Self.size { sum += Self.cosines[u * Self.size + x] * small[y * Self.size + x] }
                rows[u * Self.size + y] = sum
            }
        }
        var coefficients = [Double](repeating: 0, count: 64)
        for v in 0..<8 {
            for u in 0..<8 {
                var sum = 0.0
                for y in 0..<Self.size { sum += Self.cosines[v * Self.size + y] * rows[u * Self.size + y] }
                coefficients[v * 8 + u] = sum
            }
        }
        let median = coefficients.dropFirst().sorted()[31]
        var bits: UInt64 = 0
        for (index, coefficient) in coefficients.enumerated() where coefficient > median {
            bits |= 1 << UInt64(index)
        }
        value = bits
    }

    /// Area-average resample to size x size (stretching, as pHash does), for any input size.
    static func shrink(_ plane: Plane, to size: Int) -> [Double] {
        /// The input indices and overlaps each output index covers, along one axis.
        func spans(input: Int) -> [[(index: Int, weight: Double)]] {
            let scale = Double(input) / Double(size)
            return (0..<size).map { out in
                let start = Double(out) * scale, end = start + scale
                var span: [(Int, Double)] = []
                var index = Int(start)
                while Double(index) < end, index < input {
                    span.append((index, min(end, Double(index + 1)) - max(start, Double(index))))
                    index += 1
                }
                return span
            }
        }
        let (columns, rows) = (spans(input: plane.width), spans(input: plane.height))
        var out = [Double](repeating: 0, count: size * size)
        plane.values.withUnsafeBufferPointer { values in
            for oy in 0..<size {
                for ox in 0..<size {
                    var sum = 0.0, weight = 0.0
                    for (y, wy) in rows[oy] {
                        for (x, wx) in columns[ox] {
                            let w = wy * wx
                            sum += w * Double(values[y * plane.width + x])
                            weight += w
                        }
                    }
                    out[oy * size + ox] = weight > 0 ? sum / weight : 0
                }
            }
        }
        return out
    }
}
