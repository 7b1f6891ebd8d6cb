/// An approximate percentile of values in -256...256, from a histogram of unit bins (exact to half a level).
func percentile(_ values: [Float], _ fraction: Double) -> Float {
    guard !values.isEmpty else { return 0 }
    var bins = [Int](repeating: 0, count: 513)
    for value in values { bins[Int(min(512, max(0, value + 256.5)))] += 1 }
    let target = Int(Double(values.count - 1) * fraction)
    var seen = 0
    for (bin, count) in bins.enumerated() {
        seen += count
        if seen > target { return Float(bin) - 256 }
    }
    return 256
}
