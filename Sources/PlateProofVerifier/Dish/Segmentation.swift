/// Splits an image into regions of smoothly varying colour: neighbouring pixels join when their
/// colours are close and neither sits on a strong edge. A plate's surface, shading and all, becomes
/// one region; what lies on it (food, cutlery) is cut out by the edges around it.
struct Segmentation {
    let width: Int
    let height: Int
    /// Region label of every pixel (0..<regionCount); edge pixels get their own one-pixel regions.
    let labels: [Int32]
    let regionCount: Int
    /// Pixel count of each region.
    let sizes: [Int]

    init(planes: ColorPlanes, gradient: Plane, mergeDistance: Float, edgeGradient: Float) {
        let width = planes.width, height = planes.height
        self.width = width
        self.height = height
        let count = width * height
        let (right, down) = Self.joins(planes: planes, gradient: gradient, mergeDistance: mergeDistance, edgeGradient: edgeGradient)
        // Union-find in scan order. A set's root is its first pixel (unions keep the smaller root),
        // so numbering roots in scan order numbers regions by their first pixel.
        // Both are written in full before they are read.
        var parent = [Int32](unsafeUninitializedCapacity: count) { $1 = count }
        var labels = [Int32](unsafeUninitializedCapacity: count) { $1 = count }
        var sizes: [Int] = []
        parent.withUnsafeMutableBufferPointer { parent in
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
            right.withUnsafeBufferPointer { right in
                down.withUnsafeBufferPointer { down in
                    for y in 0..<height {
                        for x in 0..<width {
                            let index = y * width + x
                            // The sets a pixel joins from the left and from above (-1: none); where
                            // both are the same or only one exists, it takes that one, without a branch.
                            let left = x > 0 && right[index - 1] ? parent[index - 1] : -1
                            let above = y > 0 && down[index - width] ? parent[index - width] : -1
                            if left >= 0, above >= 0, left != above {
                                let (rootLeft, rootAbove) = (find(Int(left)), find(Int(above)))
                                let root = min(rootLeft, rootAbove)
                                parent[max(rootLeft, rootAbove)] = Int32(root)
                                parent[index] = Int32(root)
                            } else {
                                let joined = max(left, above)
                                parent[index] = joined < 0 ? Int32(index) : joined
                            }
                        }
                    }
                }
            }
            labels.withUnsafeMutableBufferPointer { labels in
                // Every parent comes before its child and lies in the same set, so one pass in scan
                // order numbers the roots and hands each other pixel its parent's label.
                var regions: Int32 = 0
                for index in 0..<count {
                    let up = Int(parent[index])
                    if up == index {
                        labels[index] = regions
                        regions += 1
                    } else {
                        labels[index] = labels[up]
                    }
                }
                sizes = [Int](repeating: 0, count: Int(regions))
                sizes.withUnsafeMutableBufferPointer { sizes in
                    for label in labels { sizes[Int(label)] += 1 }
                }
            }
        }
        self.labels = labels
        self.sizes = sizes
        regionCount = sizes.count
    }

    /// Whether each pixel joins its right and its lower neighbour: both off strong edges and close
    /// in colour. Eight pixels at a time; `joinsReference` is the plain version.
    static func joins(planes: ColorPlanes, gradient: Plane, mergeDistance: Float, edgeGradient: Float) -> (right: [Bool], down: [Bool]) {
        let (width, height) = (planes.width, planes.height)
        let count = width * height
        var right = [Bool](repeating: false, count: count), down = right
        func store(_ mask: SIMDMask<SIMD8<Int32>>, into flags: inout [Bool], at index: Int) {
            flags.withUnsafeMutableBufferPointer { PixelKernels.store8(mask, $0, index) }
        }
        planes.lightness.values.withUnsafeBufferPointer { l in
            planes.redGreen.values.withUnsafeBufferPointer { a in
                planes.yellowBlue.values.withUnsafeBufferPointer { b in
                    gradient.values.withUnsafeBufferPointer { edges in
                        func joins(_ p: Int, _ q: Int) -> Bool {
                            guard edges[p] < edgeGradient, edges[q] < edgeGradient else { return false }
                            return abs(l[p] - l[q]) + 0.5 * (abs(a[p] - a[q]) + abs(b[p] - b[q])) < mergeDistance
                        }
                        func joins8(_ p: Int, _ q: Int) -> SIMDMask<SIMD8<Int32>> {
                            let (load, magnitude) = (PixelKernels.load8, PixelKernels.magnitude)
                            let distance =
                                magnitude(load(l, p) - load(l, q)) + 0.5
                                * (magnitude(load(a, p) - load(a, q)) + magnitude(load(b, p) - load(b, q)))
                            return (load(edges, p) .< edgeGradient) .& (load(edges, q) .< edgeGradient) .& (distance .< mergeDistance)
                        }
                        for y in 0..<height {
                            let row = y * width
                            var x = 0
                            // Right neighbours exist up to width - 2, lower ones on every row but the last.
                            while x + 8 <= width - 1 {
                                store(joins8(row + x, row + x + 1), into: &right, at: row + x)
                                if y + 1 < height { store(joins8(row + x, row + x + width), into: &down, at: row + x) }
                                x += 8
                            }
                            while x < width {
                                if x + 1 < width { right[row + x] = joins(row + x, row + x + 1) }
                                if y + 1 < height { down[row + x] = joins(row + x, row + x + width) }
                                x += 1
                            }
                        }
                    }
                }
            }
        }
        return (right, down)
    }

    static func joinsReference(
        planes: ColorPlanes,
        gradient: Plane,
        mergeDistance: Float,
        edgeGradient: Float
    ) -> (right: [Bool], down: [Bool]) {
        let (width, height) = (planes.width, planes.height)
        var right = [Bool](repeating: false, count: width * height), down = right
        let (l, a, b, edges) = (planes.lightness, planes.redGreen, planes.yellowBlue, gradient)
        func joins(_ x: Int, _ y: Int, _ u: Int, _ v: Int) -> Bool {
            guard edges[x, y] < edgeGradient, edges[u, v] < edgeGradient else { return false }
            return abs(l[x, y] - l[u, v]) + 0.5 * (abs(a[x, y] - a[u, v]) + abs(b[x, y] - b[u, v])) < mergeDistance
        }
        for y in 0..<height {
            for x in 0..<width {
                if x + 1 < width { right[y * width + x] = joins(x, y, x + 1, y) }
                if y + 1 < height { down[y * width + x] = joins(x, y, x, y + 1) }
            }
        }
        return (right, down)
    }
}
