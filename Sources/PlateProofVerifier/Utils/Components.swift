/// Connected components and their orthogonal hulls on boolean masks.
enum Components {
    /// 4-connected components of `mask` with at least `minimumSize` pixels.
    static func of(_ mask: [Bool], width: Int, height: Int, minimumSize: Int) -> [[Int]] {
        var seen = [Bool](repeating: false, count: mask.count)
        var components: [[Int]] = []
        var stack: [Int] = []
        for start in mask.indices where mask[start] && !seen[start] {
            var component: [Int] = []
            stack.append(start)
            seen[start] = true
            while let pixel = stack.popLast() {
                component.append(pixel)
                let x = pixel % width
                @inline(__always) func visit(_ next: Int) {
                    if mask[next] && !seen[next] {
                        seen[next] = true
                        stack.append(next)
                    }
                }
                if x > 0 { visit(pixel - 1) }
                if x < width - 1 { visit(pixel + 1) }
                if pixel >= width { visit(pixel - width) }
                if pixel + width < mask.count { visit(pixel + width) }
            }
            if component.count >= minimumSize { components.append(component) }
        }
        return components
    }

    /// Pixels between the component's leftmost and rightmost pixel in their row and between its
    /// topmost and bottommost pixel in their column: the component with its holes and dents filled.
    static func orthogonalHull(_ pixels: [Int], width: Int, height: Int) -> [Int] {
        var rowMin = [Int](repeating: Int.max, count: height), rowMax = [Int](repeating: -1, count: height)
        var columnMin = [Int](repeating: Int.max, count: width), columnMax = [Int](repeating: -1, count: width)
        for index in pixels {
            let (x, y) = (index % width, index / width)
            rowMin[y] = min(rowMin[y], x)
            rowMax[y] = max(rowMax[y], x)
            columnMin[x] = min(columnMin[x], y)
            columnMax[x] = max(columnMax[x], y)
        }
        var fill: [Int] = []
        for y in 0..<height where rowMax[y] >= 0 {
            for x in rowMin[y]...rowMax[y] where columnMin[x] <= y && y <= columnMax[x] { fill.append(y * width + x) }
        }
        return fill
    }
}
