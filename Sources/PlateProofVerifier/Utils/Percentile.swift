/// An approximate percentile of values in -256...256, from a histogram of unit bins (exact to half a level).
func percentile(_ values: [Float], _ fraction: Double) -> Float {
    var bins = [Int](repeating: 0, count: 513)
    for value in values { bins[bin(value)] += 1 }
    return percentile(bins, count: values.count, fraction)
}

/// The same percentile of `plane`'s values at `pixels`, without gathering them first.
func percentile(_ pixels: [Int], of plane: [Float], _ fraction: Double) -> Float {
    var bins = [Int](repeating: 0, count: 513)
    plane.withUnsafeBufferPointer { plane in
        for pixel in pixels { bins[bin(plane[pixel])] += 1 }
    }
    return percentile(bins, count: pixels.count, fraction)
}

@inline(__always)
private func bin(_ value: Float) -> Int { Int(min(512, max(0, value + 256.5))) }

private func percentile(_ bins: [Int], count: Int, _ fraction: Double) -> Float {
    guard count > 0 else { return 0 }
    let target = Int(Double(count - 1) * fraction)
    var seen = 0
    for (bin, binCount) in bins.enumerated() {
        seen += binCount
        if seen > target { return Float(bin) - 256 }
    }
    return 256
}
