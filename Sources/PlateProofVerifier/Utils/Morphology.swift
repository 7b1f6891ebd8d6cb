/// Binary morphology on small masks.
enum Morphology {
    /// Erosion then dilation with a square of side 2r+1: removes anything thinner than that.
    static func open(_ mask: [UInt8], width: Int, height: Int, radius: Int) -> [UInt8] {
        guard radius > 0 else { return mask }
        let eroded = pass(
            pass(mask, width, height, radius, erode: true, vertical: false),
            width,
            height,
            radius,
            erode: true,
            vertical: true
        )
        return pass(pass(eroded, width, height, radius, erode: false, vertical: false), width, height, radius, erode: false, vertical: true)
    }

    /// One 1-D pass with a running count of set pixels in the window: erosion keeps a pixel when the
    /// whole window is set (outside the mask counts as unset), dilation when any of it is.
    private static func pass(_ mask: [UInt8], _ width: Int, _ height: Int, _ radius: Int, erode: Bool, vertical: Bool) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: mask.count)
        let (lines, length) = vertical ? (width, height) : (height, width)
        let window = 2 * radius + 1
        for line in 0..<lines {
            @inline(__always) func at(_ position: Int) -> Int { vertical ? position * width + line : line * width + position }
            var count = 0
            for position in 0..<min(radius, length) { count += Int(mask[at(position)]) }
            for position in 0..<length {
                let entering = position + radius, leaving = position - radius - 1
                if entering < length { count += Int(mask[at(entering)]) }
                if leaving >= 0 { count -= Int(mask[at(leaving)]) }
                out[at(position)] = (erode ? count == window : count > 0) ? 1 : 0
            }
        }
        return out
    }
}
