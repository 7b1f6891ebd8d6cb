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
        highest ? filter(plane, radius: radius, Highest.self) : filter(plane, radius: radius, Lowest.self)
    }

    private static func filter<E: Extremum>(_ plane: Plane, radius: Int, _: E.Type) -> Plane {
        guard radius > 0 else { return plane }
        let rows = alongRows(plane.values, width: plane.width, height: plane.height, radius: radius, E.self)
        let columns = downColumns(rows, width: plane.width, height: plane.height, radius: radius, E.self)
        return Plane(width: plane.width, height: plane.height, values: columns)
    }

    /// Which end of each window a pass keeps; a type, so that each pass is compiled for one.
    private protocol Extremum {
        static func pick(_ p: SIMD8<Float>, _ q: SIMD8<Float>) -> SIMD8<Float>
        static func pick(_ p: Float, _ q: Float) -> Float
    }

    private enum Highest: Extremum {
        @inline(__always) static func pick(_ p: SIMD8<Float>, _ q: SIMD8<Float>) -> SIMD8<Float> { p.replacing(with: q, where: q .> p) }
        @inline(__always) static func pick(_ p: Float, _ q: Float) -> Float { max(p, q) }
    }

    private enum Lowest: Extremum {
        @inline(__always) static func pick(_ p: SIMD8<Float>, _ q: SIMD8<Float>) -> SIMD8<Float> { p.replacing(with: q, where: q .< p) }
        @inline(__always) static func pick(_ p: Float, _ q: Float) -> Float { min(p, q) }
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

    /// Each row's window, eight outputs a step from shifted loads; the clipped ends one at a time.
    private static func alongRows<E: Extremum>(_ values: [Float], width: Int, height: Int, radius: Int, _: E.Type) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { out in
                guard let source = p.baseAddress, let target = out.baseAddress else { return }
                for y in 0..<height {
                    let row = source + y * width, result = target + y * width
                    var x = 0
                    while x < width {
                        // The vector loop covers what lies a radius inside both ends.
                        if x >= radius, x + 8 + radius <= width {
                            var best = UnsafeRawPointer(row + x - radius).loadUnaligned(as: SIMD8<Float>.self)
                            var offset = 1 - radius
                            while offset <= radius {
                                best = E.pick(best, UnsafeRawPointer(row + x + offset).loadUnaligned(as: SIMD8<Float>.self))
                                offset += 1
                            }
                            UnsafeMutableRawPointer(result + x).storeBytes(of: best, as: SIMD8<Float>.self)
                            x += 8
                        } else {
                            var best = row[x]
                            for u in max(0, x - radius)...min(width - 1, x + radius) { best = E.pick(best, row[u]) }
                            result[x] = best
                            x += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// Each column's window, whole rows at a time so memory is read in order.
    private static func downColumns<E: Extremum>(_ values: [Float], width: Int, height: Int, radius: Int, _: E.Type) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { out in
                guard let source = p.baseAddress, let target = out.baseAddress else { return }
                for y in 0..<height {
                    let (top, bottom) = (max(0, y - radius), min(height - 1, y + radius))
                    let result = target + y * width
                    var x = 0
                    while x + 8 <= width {
                        var best = UnsafeRawPointer(source + top * width + x).loadUnaligned(as: SIMD8<Float>.self)
                        var v = top + 1
                        while v <= bottom {
                            best = E.pick(best, UnsafeRawPointer(source + v * width + x).loadUnaligned(as: SIMD8<Float>.self))
                            v += 1
                        }
                        UnsafeMutableRawPointer(result + x).storeBytes(of: best, as: SIMD8<Float>.self)
                        x += 8
                    }
                    while x < width {
                        var best = source[top * width + x]
                        for v in top...bottom { best = E.pick(best, source[v * width + x]) }
                        result[x] = best
                        x += 1
                    }
                }
            }
        }
        return out
    }
}
