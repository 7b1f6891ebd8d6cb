/// Connected components and their orthogonal hulls on boolean masks.
enum Components {
    /// 4-connected (or, with `diagonal`, 8-connected) components of `mask` with at least
    /// `minimumSize` pixels.
    static func of(_ mask: [Bool], width: Int, height: Int, minimumSize: Int, diagonal: Bool = false) -> [[Int]] {
        var components: [[Int]] = []
        var seen = [Bool](repeating: false, count: mask.count)
        // One stack and one order buffer: a component is the stretch of `order` filled while it was
        // explored. A pixel is pushed at most once, so neither can overflow; neither needs clearing.
        var order = [Int32](unsafeUninitializedCapacity: mask.count) { $1 = mask.count }
        var stack = order
        mask.withUnsafeBufferPointer { mask in
            seen.withUnsafeMutableBufferPointer { seen in
                order.withUnsafeMutableBufferPointer { order in
                    stack.withUnsafeMutableBufferPointer { stack in
                        var top = 0
                        for start in 0..<mask.count where mask[start] && !seen[start] {
                            var filled = 0
                            seen[start] = true
                            stack[0] = Int32(start)
                            top = 1
                            while top > 0 {
                                top -= 1
                                let pixel = Int(stack[top])
                                order[filled] = Int32(pixel)
                                filled += 1
                                let x = pixel % width
                                @inline(__always) func visit(_ neighbour: Int) {
                                    guard mask[neighbour], !seen[neighbour] else { return }
                                    seen[neighbour] = true
                                    stack[top] = Int32(neighbour)
                                    top += 1
                                }
                                if x > 0 { visit(pixel - 1) }
                                if x < width - 1 { visit(pixel + 1) }
                                if pixel >= width { visit(pixel - width) }
                                if pixel + width < mask.count { visit(pixel + width) }
                                if diagonal {
                                    if pixel >= width, x > 0 { visit(pixel - width - 1) }
                                    if pixel >= width, x < width - 1 { visit(pixel - width + 1) }
                                    if pixel + width < mask.count, x > 0 { visit(pixel + width - 1) }
                                    if pixel + width < mask.count, x < width - 1 { visit(pixel + width + 1) }
                                }
                            }
                            if filled >= minimumSize { components.append(order[0..<filled].map { Int($0) }) }
                        }
                    }
                }
            }
        }
        return components
    }

    /// Sets of pixels joined, through right and lower neighbours, where `joins` says two are, with
    /// at least `minimumSize` pixels; a pixel joined to none is a set of one.
    static func joined(width: Int, height: Int, minimumSize: Int, joins: (Int, Int) -> Bool) -> [[Int]] {
        let count = width * height
        var parent = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(index) }
            initialized = count
        }
        func find(_ index: Int) -> Int {
            var root = index
            while parent[root] != Int32(root) { root = Int(parent[root]) }
            var node = index
            while parent[node] != Int32(root) {
                let next = Int(parent[node])
                parent[node] = Int32(root)
                node = next
            }
            return root
        }
        func union(_ p: Int, _ q: Int) {
            let (a, b) = (find(p), find(q))
            if a != b { parent[max(a, b)] = Int32(min(a, b)) }
        }
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                if x + 1 < width, joins(index, index + 1) { union(index, index + 1) }
                if y + 1 < height, joins(index, index + width) { union(index, index + width) }
            }
        }
        var sizes = [Int32](repeating: 0, count: count)
        for index in 0..<count { sizes[find(index)] += 1 }
        var members: [Int: [Int]] = [:]
        for index in 0..<count where sizes[find(index)] >= Int32(minimumSize) { members[find(index), default: []].append(index) }
        return members.keys.sorted().compactMap { members[$0] }
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
