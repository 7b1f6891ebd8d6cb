/// Binary morphology on small masks.
enum Morphology {
    /// Erosion then dilation with a square of side 2r+1: removes anything thinner than that.
    static func open(_ mask: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        guard radius > 0, width > 0, height > 0 else { return mask }
        let eroded = vertical(horizontal(mask, width, height, radius, erode: true), width, height, radius, erode: true)
        return vertical(horizontal(eroded, width, height, radius, erode: false), width, height, radius, erode: false)
    }

    /// Along each row, eight pixels (a word) a step, from a copy of the row padded with `radius` unset pixels
    /// on both sides: erosion keeps a pixel when its whole window is set (outside the mask counts
    /// as unset), dilation when any of it is.
    private static func horizontal(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool) -> [UInt8] {
        var padded = [UInt8](repeating: 0, count: width + 2 * radius + 8)
        return [UInt8](unsafeUninitializedCapacity: mask.count) { out, initialized in
            mask.withUnsafeBufferPointer { mask in
                padded.withUnsafeMutableBufferPointer { padded in
                    guard let row = padded.baseAddress, let source = mask.baseAddress, let target = out.baseAddress else { return }
                    for y in 0..<height {
                        (row + radius).update(from: source + y * width, count: width)
                        var x = 0
                        while x < width {
                            var window = UnsafeRawPointer(row + x).loadUnaligned(as: UInt64.self)
                            for offset in stride(from: 1, through: 2 * radius, by: 1) {
                                let next = UnsafeRawPointer(row + x + offset).loadUnaligned(as: UInt64.self)
                                window = erode ? window & next : window | next
                            }
                            if x + 8 <= width {
                                UnsafeMutableRawPointer(target + y * width + x).storeBytes(of: window, as: UInt64.self)
                            } else {
                                withUnsafeBytes(of: window) { bytes in
                                    for lane in 0..<(width - x) { target[y * width + x + lane] = bytes[lane] }
                                }
                            }
                            x += 8
                        }
                    }
                }
            }
            initialized = mask.count
        }
    }

    /// Down each column, whole rows at a time: the window's rows combined, eight pixels (a word) a step.
    private static func vertical(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: mask.count) { out, initialized in
            mask.withUnsafeBufferPointer { mask in
                guard let source = mask.baseAddress, let target = out.baseAddress else { return }
                for y in 0..<height {
                    let (top, bottom) = (y - radius, y + radius)
                    // Erosion needs every row of the window inside the mask.
                    if erode, top < 0 || bottom >= height {
                        (target + y * width).initialize(repeating: 0, count: width)
                        continue
                    }
                    let (first, last) = (max(0, top), min(height - 1, bottom))
                    var x = 0
                    while x + 8 <= width {
                        var window = UnsafeRawPointer(source + first * width + x).loadUnaligned(as: UInt64.self)
                        for v in stride(from: first + 1, through: last, by: 1) {
                            let next = UnsafeRawPointer(source + v * width + x).loadUnaligned(as: UInt64.self)
                            window = erode ? window & next : window | next
                        }
                        UnsafeMutableRawPointer(target + y * width + x).storeBytes(of: window, as: UInt64.self)
                        x += 8
                    }
                    while x < width {
                        var value = source[first * width + x]
                        for v in stride(from: first + 1, through: last, by: 1) {
                            value = erode ? value & source[v * width + x] : value | source[v * width + x]
                        }
                        target[y * width + x] = value
                        x += 1
                    }
                }
            }
            initialized = mask.count
        }
    }
}
