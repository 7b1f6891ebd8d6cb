/// Greyscale erosion and dilation: the lowest or highest value in each pixel's square window of
/// side 2r+1 (the window is clipped at the border). Openings and closings built from them find
/// what is thinner than the window: a dark knife on a pale plate is where the closing rises above
/// the picture.
enum RankFilter {
    /// The picture with everything thinner than the window and darker than around it filled in.
    static func closing(_ plane: Plane, radius: Int) -> Plane {
        filter(filter(plane, radius: radius, highest: true), radius: radius, highest: false)
    }

    /// The picture with everything thinner than the window and lighter than around it taken away.
    static func opening(_ plane: Plane, radius: Int) -> Plane {
        filter(filter(plane, radius: radius, highest: false), radius: radius, highest: true)
    }

    /// Dilation (`highest`) or erosion, as a pass along rows and one down columns.
    static func filter(_ plane: Plane, radius: Int, highest: Bool) -> Plane {
        guard radius > 0 else { return plane }
        let rows = alongRows(plane.values, width: plane.width, height: plane.height, radius: radius, highest: highest)
        let columns = downColumns(rows, width: plane.width, height: plane.height, radius: radius, highest: highest)
        return Plane(width: plane.width, height: plane.height, values: columns)
    }

    /// The plain definition, to test the passes against.
    static func filterReference(_ plane: Plane, radius: Int, highest: Bool) -> Plane {
        var out = plane
        for y in 0..<plane.height {
            for x in 0..<plane.width {
                var best = plane[x, y]
                for v in max(0, y - radius)...min(plane.height - 1, y + radius) {
                    for u in max(0, x - radius)...min(plane.width - 1, x + radius) {
                        best = highest ? max(best, plane[u, v]) : min(best, plane[u, v])
                    }
                }
                out[x, y] = best
            }
        }
        return out
    }

    @inline(__always)
    private static func pick(_ p: SIMD8<Float>, _ q: SIMD8<Float>, highest: Bool) -> SIMD8<Float> {
        highest ? pointwiseMax(p, q) : pointwiseMin(p, q)
    }

    /// Each row's window, eight outputs a step from shifted loads; the clipped ends one at a time.
    private static func alongRows(_ values: [Float], width: Int, height: Int, radius: Int, highest: Bool) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { p in
                for y in 0..<height {
                    let row = y * width
                    func scalar(_ x: Int) {
                        var best = p[row + x]
                        for u in max(0, x - radius)...min(width - 1, x + radius) {
                            best = highest ? max(best, p[row + u]) : min(best, p[row + u])
                        }
                        out[row + x] = best
                    }
                    var x = 0
                    while x < min(radius, width) {
                        scalar(x)
                        x += 1
                    }
                    while x + 8 + radius <= width {
                        var best = PixelKernels.load8(p, row + x - radius)
                        for offset in (1 - radius)...radius { best = pick(best, PixelKernels.load8(p, row + x + offset), highest: highest) }
                        PixelKernels.store8(best, out, row + x)
                        x += 8
                    }
                    while x < width {
                        scalar(x)
                        x += 1
                    }
                }
            }
            initialized = values.count
        }
    }

    /// Each column's window, whole rows at a time so memory is read in order.
    private static func downColumns(_ values: [Float], width: Int, height: Int, radius: Int, highest: Bool) -> [Float] {
        [Float](unsafeUninitializedCapacity: values.count) { out, initialized in
            values.withUnsafeBufferPointer { p in
                for y in 0..<height {
                    let (top, bottom, row) = (max(0, y - radius), min(height - 1, y + radius), y * width)
                    var x = 0
                    while x + 8 <= width {
                        var best = PixelKernels.load8(p, top * width + x)
                        for v in top...bottom { best = pick(best, PixelKernels.load8(p, v * width + x), highest: highest) }
                        PixelKernels.store8(best, out, row + x)
                        x += 8
                    }
                    while x < width {
                        var best = p[top * width + x]
                        for v in top...bottom { best = highest ? max(best, p[v * width + x]) : min(best, p[v * width + x]) }
                        out[row + x] = best
                        x += 1
                    }
                }
            }
            initialized = values.count
        }
    }
}
