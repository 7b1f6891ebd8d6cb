/// An approximate percentile of values in -256...256, from a histogram of unit bins (exact to half a level).
func percentile(_ values: [Float], _ fraction: Double) -> Float {
    Histogram(values).percentile(fraction, channel: 0)
}

/// Histograms of unit bins over -256...256, one per channel, read as percentiles exact to half a level.
struct Histogram {
    private var bins: [Int32]
    private(set) var count = 0

    private init(channels: Int) {
        bins = [Int32](repeating: 0, count: channels * 513)
    }

    /// One channel: `values`.
    init(_ values: [Float]) {
        self.init(channels: 1)
        values.withUnsafeBufferPointer { values in
            bins.withUnsafeMutableBufferPointer { bins in
                for value in values { bins[Self.bin(value)] += 1 }
            }
        }
        count = values.count
    }

    /// The lightness and both opponent axes at `pixels`, counted in one pass. The three channels
    /// are independent counters, so runs of equal values do not wait on one another.
    init(_ pixels: [Int], of planes: ColorPlanes) {
        self.init(channels: 3)
        planes.lightness.values.withUnsafeBufferPointer { l in
            planes.redGreen.values.withUnsafeBufferPointer { a in
                planes.yellowBlue.values.withUnsafeBufferPointer { b in
                    bins.withUnsafeMutableBufferPointer { bins in
                        for pixel in pixels {
                            bins[Self.bin(l[pixel])] += 1
                            bins[513 + Self.bin(a[pixel])] += 1
                            bins[2 * 513 + Self.bin(b[pixel])] += 1
                        }
                    }
                }
            }
        }
        count = pixels.count
    }

    func percentile(_ fraction: Double, channel: Int) -> Float {
        guard count > 0 else { return 0 }
        let target = Int(Double(count - 1) * fraction)
        var seen = 0
        for bin in 0..<513 {
            seen += Int(bins[channel * 513 + bin])
            if seen > target { return Float(bin) - 256 }
        }
        return 256
    }

    /// The median of each channel, as a colour.
    var medians: SIMD3<Float> { SIMD3(percentile(0.5, channel: 0), percentile(0.5, channel: 1), percentile(0.5, channel: 2)) }

    @inline(__always)
    private static func bin(_ value: Float) -> Int { Int(min(512, max(0, value + 256.5))) }
}
