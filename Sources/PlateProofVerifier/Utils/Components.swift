/// Connected components and their orthogonal hulls on boolean masks.
enum Components {
    /// 4-connected components of `mask` with at least `minimumSize` pixels.
    static func of(_ mask: [Bool], width: Int, height: Int, minimumSize: Int) -> [[Int]] {
        var components: [[Int]] = []
        var seen = [Bool](repeating: false, count: mask.count)
        // One preallocated stack and one order buffer: a component is the stretch of `order` filled
        // while it was explored. A pixel is pushed at most once, so neither can overflow.
        var order = [Int](repeating: 0, count: mask.count), stack = order
        mask.withUnsafeBufferPointer { mask in
            seen.withUnsafeMutableBufferPointer { seen in
                order.withUnsafeMutableBufferPointer { order in
                    stack.withUnsafeMutableBufferPointer { stack in
                        var top = 0
                        func push(_ pixel: Int) {
                            seen[pixel] = true
                            stack[top] = pixel
                            top += 1
                        }
                        for start in 0..<mask.count where mask[start] && !seen[start] {
                            var filled = 0
                            push(start)
                            while top > 0 {
                                top -= 1
                                let pixel = stack[top]
                                order[filled] = pixel
                                filled += 1
                                let x = pixel % width
                                if x > 0, mask[pixel - 1], !seen[pixel - 1] { push(pixel - 1) }
                                if x < width - 1, mask[pixel + 1], !seen[pixel + 1] { push(pixel + 1) }
                                if pixel >= width, mask[pixel - width], !seen[pixel - width] { push(pixel - width) }
                                if pixel + width < mask.count, mask[pixel + width], !seen[pixel + width] { push(pixel + width) }
                            }
                            if filled >= minimumSize { components.append(Array(order[0..<filled])) }
                        }
                    }
                }
            }
        }
        return components
    }

    /// Pixels between the component's leftmost and rightmost pixel in their row and between its
    /// topmost and bottommost pixel in their column: the component with its holes and dents filled,
    /// in increasing order.
    static func orthogonalHull(_ pixels: [Int], width: Int, height: Int) -> [Int] {
        var rowMin = [Int](repeating: Int.max, count: height), rowMax = [Int](repeating: -1, count: height)
        var columnMin = [Int](repeating: Int.max, count: width), columnMax = [Int](repeating: -1, count: width)
        var fill: [Int] = []
        rowMin.withUnsafeMutableBufferPointer { rowMin in
            rowMax.withUnsafeMutableBufferPointer { rowMax in
                columnMin.withUnsafeMutableBufferPointer { columnMin in
                    columnMax.withUnsafeMutableBufferPointer { columnMax in
                        func extend(_ x: Int, _ y: Int) {
                            rowMin[y] = min(rowMin[y], x)
                            rowMax[y] = max(rowMax[y], x)
                            columnMin[x] = min(columnMin[x], y)
                            columnMax[x] = max(columnMax[x], y)
                        }
                        if pixels.isSorted {
                            forEachPoint(ofIncreasing: pixels, width: width) { x, y in extend(x, y) }
                        } else {
                            for index in pixels { extend(index % width, index / width) }
                        }
                        fill.reserveCapacity(pixels.count * 2)
                        for y in 0..<height where rowMax[y] >= 0 {
                            for x in rowMin[y]...rowMax[y] where columnMin[x] <= y && y <= columnMax[x] { fill.append(y * width + x) }
                        }
                    }
                }
            }
        }
        return fill
    }

    /// Calls `body(x, y)` for pixel indices given in increasing order, stepping from row to row
    /// instead of dividing for each pixel.
    @inline(__always)
    static func forEachPoint(ofIncreasing indices: [Int], width: Int, _ body: (_ x: Int, _ y: Int) -> Void) {
        var (y, rowStart) = (0, 0)
        for index in indices {
            if index - rowStart >= width {
                y = index / width
                rowStart = y * width
            }
            body(index - rowStart, y)
        }
    }
}

extension Array where Element == Int {
    fileprivate var isSorted: Bool {
        withUnsafeBufferPointer { values in
            for index in values.indices.dropFirst() where values[index - 1] >= values[index] { return false }
            return true
        }
    }
}
