/// An approximate percentile of values in -256...256, from a histogram of unit bins (exact to half a level).
func percentile(_ values: [Float], _ fraction: Double) -> Float {
    values.withUnsafeBufferPointer { values in
        percentile(count: values.count, fraction) { values[$0] }
    }
}

/// The same percentile of `plane`'s values at `pixels`, without gathering them first.
func percentile(_ pixels: [Int], of plane: [Float], _ fraction: Double) -> Float {
    plane.withUnsafeBufferPointer { plane in
        pixels.withUnsafeBufferPointer { pixels in
            percentile(count: pixels.count, fraction) { plane[pixels[$0]] }
        }
    }
}

/// Counts into four interleaved histograms, so that runs of equal values (common in smooth
/// pictures) do not wait on one counter, then walks their sum.
@inline(__always)
private func percentile(count: Int, _ fraction: Double, value: (Int) -> Float) -> Float {
    guard count > 0 else { return 0 }
    var bins = [Int32](repeating: 0, count: 4 * 513)
    return bins.withUnsafeMutableBufferPointer { bins in
        var index = 0
        while index + 4 <= count {
            bins[bin(value(index))] += 1
            bins[513 + bin(value(index + 1))] += 1
            bins[2 * 513 + bin(value(index + 2))] += 1
            bins[3 * 513 + bin(value(index + 3))] += 1
            index += 4
        }
        while index < count {
            bins[bin(value(index))] += 1
            index += 1
        }
        let target = Int(Double(count - 1) * fraction)
        var seen = 0
        for bin in 0..<513 {
            seen += Int(bins[bin] + bins[513 + bin] + bins[2 * 513 + bin] + bins[3 * 513 + bin])
            if seen > target { return Float(bin) - 256 }
        }
        return 256
    }
}

@inline(__always)
private func bin(_ value: Float) -> Int { Int(min(512, max(0, value + 256.5))) }
