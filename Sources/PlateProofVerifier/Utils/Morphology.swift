/// Binary morphology on small masks.
enum Morphology {
    /// Erosion then dilation with a square of side 2r+1: removes anything thinner than that.
    static func open(_ mask: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        guard radius > 0 else { return mask }
        let eroded = vertical(horizontal(mask, width, height, radius, erode: true), width, height, radius, erode: true)
        return vertical(horizontal(eroded, width, height, radius, erode: false), width, height, radius, erode: false)
    }

    /// Whether a window of `count` set pixels keeps its centre: erosion keeps a pixel when the whole
    /// window is set (outside the mask counts as unset), dilation when any of it is.
    @inline(__always)
    private static func keeps(_ count: Int32, window: Int32, erode: Bool) -> UInt8 {
        (erode ? count == window : count > 0) ? 1 : 0
    }

    /// Along each row, with a running count of the set pixels in the window.
    private static func horizontal(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool) -> [UInt8] {
        let window = Int32(2 * radius + 1)
        return [UInt8](unsafeUninitializedCapacity: mask.count) { out, initialized in
            mask.withUnsafeBufferPointer { mask in
                for row in Swift.stride(from: 0, to: mask.count, by: width) {
                    var count: Int32 = 0
                    for x in 0..<min(radius, width) { count += Int32(mask[row + x]) }
                    for x in 0..<width {
                        if x + radius < width { count += Int32(mask[row + x + radius]) }
                        if x - radius - 1 >= 0 { count -= Int32(mask[row + x - radius - 1]) }
                        out[row + x] = keeps(count, window: window, erode: erode)
                    }
                }
            }
            initialized = mask.count
        }
    }

    /// Down each column, all columns at once a row at a time, so memory is read in order.
    private static func vertical(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool) -> [UInt8] {
        let window = Int32(2 * radius + 1)
        var counts = [Int32](repeating: 0, count: width)
        return [UInt8](unsafeUninitializedCapacity: mask.count) { out, initialized in
            mask.withUnsafeBufferPointer { mask in
                counts.withUnsafeMutableBufferPointer { counts in
                    for y in 0..<min(radius, height) {
                        for x in 0..<width { counts[x] += Int32(mask[y * width + x]) }
                    }
                    for y in 0..<height {
                        if y + radius < height {
                            let entering = (y + radius) * width
                            for x in 0..<width { counts[x] += Int32(mask[entering + x]) }
                        }
                        if y - radius - 1 >= 0 {
                            let leaving = (y - radius - 1) * width
                            for x in 0..<width { counts[x] -= Int32(mask[leaving + x]) }
                        }
                        for x in 0..<width { out[y * width + x] = keeps(counts[x], window: window, erode: erode) }
                    }
                }
            }
            initialized = mask.count
        }
    }
}
