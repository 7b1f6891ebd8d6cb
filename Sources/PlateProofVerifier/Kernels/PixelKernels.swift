public import PlateProofImaging

/// The verifier's per-pixel kernels, each in a SIMD version (used) and a plain scalar reference
/// (kept to test the SIMD version against and to measure its speed-up).
public enum PixelKernels {
    // MARK: - Colour conversion

    static let lumaWeights = (r: Float(0.299), g: Float(0.587), b: Float(0.114))

    /// RGBX pixels to lightness and opponent-colour planes, eight pixels a step.
    public static func colorPlanes(_ image: PixelBuffer) -> ColorPlanes {
        let count = image.width * image.height
        var l = [Float](repeating: 0, count: count)
        var a = [Float](repeating: 0, count: count)
        var b = [Float](repeating: 0, count: count)
        let w = lumaWeights
        image.bytes.withUnsafeBytes { pixels in
            l.withUnsafeMutableBufferPointer { l in
                a.withUnsafeMutableBufferPointer { a in
                    b.withUnsafeMutableBufferPointer { b in
                        var index = 0
                        while index + 8 <= count {
                            // Eight RGBX pixels, split into their channels by taking every other byte twice.
                            let block = pixels.loadUnaligned(fromByteOffset: index * 4, as: SIMD32<UInt8>.self)
                            let r = floats(block.evenHalf.evenHalf), g = floats(block.oddHalf.evenHalf)
                            let bl = floats(block.evenHalf.oddHalf)
                            store8(r * w.r + g * w.g + bl * w.b, l, index)
                            store8(r - g, a, index)
                            store8((r + g) * 0.5 - bl, b, index)
                            index += 8
                        }
                        while index < count {
                            let pixel = pixels.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<UInt8>.self)
                            let (r, g, bl) = (Float(pixel.x), Float(pixel.y), Float(pixel.z))
                            l[index] = r * w.r + g * w.g + bl * w.b
                            a[index] = r - g
                            b[index] = (r + g) * 0.5 - bl
                            index += 1
                        }
                    }
                }
            }
        }
        return ColorPlanes(
            lightness: Plane(width: image.width, height: image.height, values: l),
            redGreen: Plane(width: image.width, height: image.height, values: a),
            yellowBlue: Plane(width: image.width, height: image.height, values: b)
        )
    }

    public static func colorPlanesReference(_ image: PixelBuffer) -> ColorPlanes {
        var l = Plane(width: image.width, height: image.height)
        var a = l, b = l
        let w = lumaWeights
        for y in 0..<image.height {
            for x in 0..<image.width {
                let p = image[x, y]
                let (r, g, bl) = (Float(p.x), Float(p.y), Float(p.z))
                l[x, y] = r * w.r + g * w.g + bl * w.b
                a[x, y] = r - g
                b[x, y] = (r + g) * 0.5 - bl
            }
        }
        return ColorPlanes(lightness: l, redGreen: a, yellowBlue: b)
    }

    // MARK: - 3x3 box blur

    /// Mean of each pixel's 3x3 neighbourhood (edges repeat), eight pixels a step.
    public static func boxBlur3(_ plane: Plane) -> Plane {
        let (width, height) = (plane.width, plane.height)
        guard width >= 3, height >= 3 else { return boxBlur3Reference(plane) }
        var horizontal = [Float](repeating: 0, count: width * height)
        var out = [Float](repeating: 0, count: width * height)
        plane.values.withUnsafeBufferPointer { input in
            horizontal.withUnsafeMutableBufferPointer { h in
                for y in 0..<height {
                    let row = y * width
                    h[row] = (input[row] * 2 + input[row + 1]) / 3
                    h[row + width - 1] = (input[row + width - 1] * 2 + input[row + width - 2]) / 3
                    var x = 1
                    while x + 8 <= width - 1 {
                        let left = load8(input, row + x - 1)
                        let mid = load8(input, row + x)
                        let right = load8(input, row + x + 1)
                        let sum = (left + mid + right) / 3
                        store8(sum, h, row + x)
                        x += 8
                    }
                    while x < width - 1 {
                        h[row + x] = (input[row + x - 1] + input[row + x] + input[row + x + 1]) / 3
                        x += 1
                    }
                }
            }
            horizontal.withUnsafeBufferPointer { h in
                out.withUnsafeMutableBufferPointer { out in
                    for y in 0..<height {
                        let above = max(0, y - 1) * width, here = y * width, below = min(height - 1, y + 1) * width
                        var x = 0
                        while x + 8 <= width {
                            let sum =
                                (load8(h, above + x) + load8(h, here + x)
                                    + load8(h, below + x)) / 3
                            store8(sum, out, here + x)
                            x += 8
                        }
                        while x < width {
                            out[here + x] = (h[above + x] + h[here + x] + h[below + x]) / 3
                            x += 1
                        }
                    }
                }
            }
        }
        return Plane(width: width, height: height, values: out)
    }

    public static func boxBlur3Reference(_ plane: Plane) -> Plane {
        var out = Plane(width: plane.width, height: plane.height)
        for y in 0..<plane.height {
            for x in 0..<plane.width {
                var sum: Float = 0
                for dy in -1...1 {
                    for dx in -1...1 {
                        sum += plane[min(plane.width - 1, max(0, x + dx)), min(plane.height - 1, max(0, y + dy))]
                    }
                }
                out[x, y] = sum / 9
            }
        }
        return out
    }

    // MARK: - Gradient magnitude

    /// Sobel gradient magnitude (|gx| + |gy|, zero on the border), eight pixels a step.
    public static func gradientMagnitude(_ plane: Plane) -> Plane {
        let (width, height) = (plane.width, plane.height)
        var out = [Float](repeating: 0, count: width * height)
        guard width >= 3, height >= 3 else { return Plane(width: width, height: height, values: out) }
        plane.values.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { out in
                for y in 1..<(height - 1) {
                    let up = (y - 1) * width, here = y * width, down = (y + 1) * width
                    var x = 1
                    while x + 8 <= width - 1 {
                        @inline(__always) func load(_ start: Int) -> SIMD8<Float> { load8(p, start) }
                        let two = SIMD8<Float>(repeating: 2)
                        let right: SIMD8<Float> = load(up + x + 1) + two * load(here + x + 1) + load(down + x + 1)
                        let left: SIMD8<Float> = load(up + x - 1) + two * load(here + x - 1) + load(down + x - 1)
                        let below: SIMD8<Float> = load(down + x - 1) + two * load(down + x) + load(down + x + 1)
                        let above: SIMD8<Float> = load(up + x - 1) + two * load(up + x) + load(up + x + 1)
                        let gx = right - left, gy = below - above
                        let magnitude = Self.magnitude(gx) + Self.magnitude(gy)
                        store8(magnitude, out, here + x)
                        x += 8
                    }
                    while x < width - 1 {
                        out[here + x] = sobel(p, width: width, x: x, y: y)
                        x += 1
                    }
                }
            }
        }
        return Plane(width: width, height: height, values: out)
    }

    public static func gradientMagnitudeReference(_ plane: Plane) -> Plane {
        var out = Plane(width: plane.width, height: plane.height)
        guard plane.width >= 3, plane.height >= 3 else { return out }
        plane.values.withUnsafeBufferPointer { p in
            for y in 1..<(plane.height - 1) {
                for x in 1..<(plane.width - 1) { out[x, y] = sobel(p, width: plane.width, x: x, y: y) }
            }
        }
        return out
    }

    private static func sobel(_ p: UnsafeBufferPointer<Float>, width: Int, x: Int, y: Int) -> Float {
        func v(_ dx: Int, _ dy: Int) -> Float { p[(y + dy) * width + x + dx] }
        let gx = (v(1, -1) + 2 * v(1, 0) + v(1, 1)) - (v(-1, -1) + 2 * v(-1, 0) + v(-1, 1))
        let gy = (v(-1, 1) + 2 * v(0, 1) + v(1, 1)) - (v(-1, -1) + 2 * v(0, -1) + v(1, -1))
        return abs(gx) + abs(gy)
    }

    // MARK: - Laplacian variance (sharpness)

    /// Variance of the 4-neighbour Laplacian over the interior: low means blurred.
    public static func laplacianVariance(_ plane: Plane) -> Double {
        let (width, height) = (plane.width, plane.height)
        guard width >= 3, height >= 3 else { return 0 }
        var sum = SIMD8<Double>.zero, squares = SIMD8<Double>.zero
        var scalarSum = 0.0, scalarSquares = 0.0
        plane.values.withUnsafeBufferPointer { p in
            for y in 1..<(height - 1) {
                let up = (y - 1) * width, here = y * width, down = (y + 1) * width
                var x = 1
                while x + 8 <= width - 1 {
                    let vertical: SIMD8<Float> = load8(p, up + x) + load8(p, down + x)
                    let horizontal: SIMD8<Float> = load8(p, here + x - 1) + load8(p, here + x + 1)
                    let laplacian: SIMD8<Float> = vertical + horizontal - 4 * load8(p, here + x)
                    let wide = SIMD8<Double>(laplacian)
                    sum += wide
                    squares += wide * wide
                    x += 8
                }
                while x < width - 1 {
                    let laplacian = Double(p[up + x] + p[down + x] + p[here + x - 1] + p[here + x + 1] - 4 * p[here + x])
                    scalarSum += laplacian
                    scalarSquares += laplacian * laplacian
                    x += 1
                }
            }
        }
        let count = Double((width - 2) * (height - 2))
        let mean = (sum.sum() + scalarSum) / count
        return (squares.sum() + scalarSquares) / count - mean * mean
    }

    public static func laplacianVarianceReference(_ plane: Plane) -> Double {
        guard plane.width >= 3, plane.height >= 3 else { return 0 }
        var values: [Double] = []
        for y in 1..<(plane.height - 1) {
            for x in 1..<(plane.width - 1) {
                values.append(Double(plane[x, y - 1] + plane[x, y + 1] + plane[x - 1, y] + plane[x + 1, y] - 4 * plane[x, y]))
            }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    }

    // MARK: - Histogram

    /// 256-bin histogram of a 0-255 plane. Bins do not vectorise; four interleaved sub-histograms
    /// break the store-to-load dependency that a single one has on runs of equal values.
    public static func histogram(_ plane: Plane) -> [Int] {
        var bins = [Int](repeating: 0, count: 4 * 256)
        plane.values.withUnsafeBufferPointer { p in
            bins.withUnsafeMutableBufferPointer { bins in
                var index = 0
                while index + 4 <= p.count {
                    for lane in 0..<4 { bins[lane * 256 + bin(p[index + lane])] += 1 }
                    index += 4
                }
                while index < p.count {
                    bins[bin(p[index])] += 1
                    index += 1
                }
            }
        }
        return (0..<256).map { bins[$0] + bins[256 + $0] + bins[512 + $0] + bins[768 + $0] }
    }

    /// Share of pixels with colour: either opponent channel beyond `chroma` either way. A
    /// black-and-white picture has none (its channels are equal up to compression noise).
    public static func colourfulShare(_ planes: ColorPlanes, chroma: Float) -> Double {
        let count = planes.lightness.values.count
        guard count > 0 else { return 0 }
        var coloured = 0
        planes.redGreen.values.withUnsafeBufferPointer { a in
            planes.yellowBlue.values.withUnsafeBufferPointer { b in
                var index = 0
                var lanes = SIMD8<Int32>()
                let limit = SIMD8<Float>(repeating: chroma)
                while index + 8 <= count {
                    let (ab, bb) = (load8(a, index), load8(b, index))
                    let beyond = (ab .> limit) .| (ab .< -limit) .| (bb .> limit) .| (bb .< -limit)
                    lanes.replace(with: lanes &+ 1, where: beyond)
                    index += 8
                }
                coloured = Int(lanes.wrappedSum())
                while index < count {
                    if abs(a[index]) > chroma || abs(b[index]) > chroma { coloured += 1 }
                    index += 1
                }
            }
        }
        return Double(coloured) / Double(count)
    }

    public static func colourfulShareReference(_ planes: ColorPlanes, chroma: Float) -> Double {
        let count = planes.lightness.values.count
        guard count > 0 else { return 0 }
        let coloured = zip(planes.redGreen.values, planes.yellowBlue.values).filter { abs($0) > chroma || abs($1) > chroma }.count
        return Double(coloured) / Double(count)
    }

    public static func histogramReference(_ plane: Plane) -> [Int] {
        var bins = [Int](repeating: 0, count: 256)
        for value in plane.values { bins[bin(value)] += 1 }
        return bins
    }

    @inline(__always)
    static func load8(_ buffer: UnsafeBufferPointer<Float>, _ start: Int) -> SIMD8<Float> {
        UnsafeRawPointer(buffer.baseAddress! + start).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Eight bytes as floats, widened to 32-bit integers first, which converts in whole vectors.
    @inline(__always)
    static func floats(_ bytes: SIMD8<UInt8>) -> SIMD8<Float> {
        let wide = SIMD8<Int32>(truncatingIfNeeded: bytes)
        return SIMD8(lowHalf: SIMD4<Float>(wide.lowHalf), highHalf: SIMD4<Float>(wide.highHalf))
    }

    /// |v| by clearing the sign bits: one instruction, where a compare and select takes several.
    @inline(__always)
    static func magnitude(_ v: SIMD8<Float>) -> SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    }

    /// Eight yes-or-no answers, written as the bytes 0 and 1 that a `Bool` is stored as.
    @inline(__always)
    static func store8(_ mask: SIMDMask<SIMD8<Int32>>, _ flags: UnsafeMutableBufferPointer<Bool>, _ start: Int) {
        let bytes = SIMD8<UInt8>(truncatingIfNeeded: SIMD8<Int32>.zero.replacing(with: 1, where: mask))
        UnsafeMutableRawPointer(flags.baseAddress! + start).storeBytes(of: bytes, as: SIMD8<UInt8>.self)
    }

    @inline(__always)
    static func store8(_ value: SIMD8<Float>, _ buffer: UnsafeMutableBufferPointer<Float>, _ start: Int) {
        UnsafeMutableRawPointer(buffer.baseAddress! + start).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func bin(_ value: Float) -> Int { Int(min(255, max(0, value))) }
}
