#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CutleryFinder.Result {
    /// The planes with the cutlery painted out: each of its pixels takes the colour of what lies on
    /// either side of it, across the run that found it, weighted by nearness. A plate under a knife
    /// becomes one smooth surface again, so the knife neither cuts its outline nor covers it.
    func inpainted(_ planes: ColorPlanes, reach: Int) -> ColorPlanes {
        guard count > 0 else { return planes }
        let (width, height) = (planes.width, planes.height)
        // Across each direction, rounded to one of the eight neighbour steps.
        let steps: [(Int, Int)] = (0..<CutleryFinder.directions).map { k in
            let across = Double(k) * Double.pi / Double(CutleryFinder.directions) + Double.pi / 2
            return (Int(cos(across).rounded()), Int(sin(across).rounded()))
        }
        var out = planes
        for index in mask.indices where mask[index] {
            let (x, y) = (index % width, index / width)
            let step = steps[Int(direction[index])]
            func firstClear(_ sign: Int) -> (index: Int, distance: Int)? {
                for distance in 1...reach {
                    let (u, v) = (x + sign * step.0 * distance, y + sign * step.1 * distance)
                    guard u >= 0, v >= 0, u < width, v < height else { return nil }
                    if !mask[v * width + u] { return (v * width + u, distance) }
                }
                return nil
            }
            let (ahead, behind) = (firstClear(1), firstClear(-1))
            func blend(_ plane: Plane) -> Float? {
                switch (ahead, behind) {
                case let (a?, b?):
                    let total = Float(a.distance + b.distance)
                    return (plane.values[a.index] * Float(b.distance) + plane.values[b.index] * Float(a.distance)) / total
                case let (a?, nil): return plane.values[a.index]
                case let (nil, b?): return plane.values[b.index]
                case (nil, nil): return nil
                }
            }
            guard let l = blend(planes.lightness), let a = blend(planes.redGreen), let b = blend(planes.yellowBlue) else { continue }
            out.lightness.values[index] = l
            out.redGreen.values[index] = a
            out.yellowBlue.values[index] = b
        }
        return out
    }
}
