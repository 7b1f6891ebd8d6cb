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
        var parent = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(index) }
            initialized = count
        }
        let l = planes.lightness.values, a = planes.redGreen.values, b = planes.yellowBlue.values
        let edges = gradient.values
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
            func join(_ p: Int, _ q: Int) {
                guard edges[p] < edgeGradient, edges[q] < edgeGradient else { return }
                let distance = abs(l[p] - l[q]) + 0.5 * (abs(a[p] - a[q]) + abs(b[p] - b[q]))
                guard distance < mergeDistance else { return }
                let rootP = find(p), rootQ = find(q)
                if rootP != rootQ { parent[max(rootP, rootQ)] = Int32(min(rootP, rootQ)) }
            }
            for y in 0..<height {
                for x in 0..<width {
                    let index = y * width + x
                    if x + 1 < width { join(index, index + 1) }
                    if y + 1 < height { join(index, index + width) }
                }
            }
            for index in 0..<count { _ = find(index) }
        }
        var relabel = [Int32](repeating: -1, count: count)
        var labels = [Int32](repeating: 0, count: count)
        var sizes: [Int] = []
        for index in 0..<count {
            let root = Int(parent[index])
            if relabel[root] < 0 {
                relabel[root] = Int32(sizes.count)
                sizes.append(0)
            }
            let label = relabel[root]
            labels[index] = label
            sizes[Int(label)] += 1
        }
        self.labels = labels
        self.sizes = sizes
        regionCount = sizes.count
    }
}
