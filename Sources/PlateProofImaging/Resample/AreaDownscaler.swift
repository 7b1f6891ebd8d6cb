/// Shrinks an RGBX image by exact area averaging, fed one input row at a time.
///
/// Each output pixel is the mean of the input area it covers, partial pixels weighted by the
/// share they cover. Only one accumulator row is held, so memory is proportional to the width.
/// The arithmetic runs on `SIMD4<Float>`, one pixel per vector.
public struct AreaDownscaler {
    public let inputWidth: Int
    public let inputHeight: Int
    public let outputWidth: Int
    public let outputHeight: Int

    /// Horizontal windows: output column j sums `taps` input columns from windowStart[j], weighted
    /// by weights[j * taps ..< (j + 1) * taps]. Every window has the same width (the widest span);
    /// columns outside a span weigh zero, which leaves the sum bit for bit what the span alone gives.
    private let taps: Int
    private let windowStart: [Int]
    private let weights: [Float]

    private var horizontal: [SIMD4<Float>]
    private var accumulator: [SIMD4<Float>]
    private var output: [UInt8]
    private var inputRow = 0
    private var outputRow = 0

    /// - Precondition: the output is no larger than the input in either direction, and not empty.
    public init(inputWidth: Int, inputHeight: Int, outputWidth: Int, outputHeight: Int) {
        precondition(outputWidth >= 1 && outputHeight >= 1, "empty output")
        precondition(outputWidth <= inputWidth && outputHeight <= inputHeight, "AreaDownscaler never enlarges")
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        let spans = (0..<outputWidth).map { Self.overlaps(outputIndex: $0, inputSize: inputWidth, outputSize: outputWidth) }
        let taps = spans.map(\.count).max() ?? 1
        var starts: [Int] = [], weights: [Float] = []
        for span in spans {
            // Windows that would run off the right edge start earlier, with zero weights in front.
            let start = min(span[0].index, inputWidth - taps)
            var window = [Float](repeating: 0, count: taps)
            for tap in span { window[tap.index - start] = Float(tap.overlap) / Float(inputWidth) }
            starts.append(start)
            weights += window
        }
        (self.taps, windowStart, self.weights) = (taps, starts, weights)
        horizontal = Array(repeating: .zero, count: outputWidth)
        accumulator = Array(repeating: .zero, count: outputWidth)
        output = Array(repeating: 255, count: outputWidth * 4)
    }

    /// The output size that fits `width` x `height` within `maxSide`, keeping the aspect ratio; never larger.
    public static func fittedSize(width: Int, height: Int, maxSide: Int) -> (width: Int, height: Int) {
        let longSide = max(width, height)
        guard longSide > maxSide else { return (width, height) }
        let scaledWidth = (width * maxSide + longSide / 2) / longSide
        let scaledHeight = (height * maxSide + longSide / 2) / longSide
        return (max(1, min(width, scaledWidth)), max(1, min(height, scaledHeight)))
    }

    /// Input columns (or rows) that output index `outputIndex` covers, with overlaps counted in
    /// units of 1/`outputSize` of an input pixel, so the overlaps of one output index add up to `inputSize`.
    static func overlaps(outputIndex: Int, inputSize: Int, outputSize: Int) -> [(index: Int, overlap: Int)] {
        let start = outputIndex * inputSize, end = start + inputSize
        var result: [(Int, Int)] = []
        var index = start / outputSize
        while index * outputSize < end {
            let overlap = min(end, (index + 1) * outputSize) - max(start, index * outputSize)
            if overlap > 0 { result.append((index, overlap)) }
            index += 1
        }
        return result
    }

    /// Whether every output row has been produced.
    public var isComplete: Bool { outputRow >= outputHeight }

    /// Adds one input row of RGBX bytes; calls `emit` with each finished output row (RGBX bytes).
    public mutating func push(row: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(inputRow < inputHeight && row.count >= inputWidth * 4, "row out of range")
        if inputWidth == outputWidth && inputHeight == outputHeight {
            inputRow += 1
            outputRow += 1
            return try emit(UnsafeRawBufferPointer(rebasing: row[..<(inputWidth * 4)]))
        }
        resampleHorizontally(row)
        // Input row i covers [i*outH, (i+1)*outH); output row r covers [r*inH, (r+1)*inH).
        let rowStart = inputRow * outputHeight, rowEnd = rowStart + outputHeight
        let outputEnd = (outputRow + 1) * inputHeight
        let scale = 1 / Float(inputHeight)
        if rowEnd <= outputEnd {
            accumulate(weight: Float(outputHeight) * scale, reset: false)
            if rowEnd == outputEnd { try emitRow(emit) }
        } else {
            accumulate(weight: Float(outputEnd - rowStart) * scale, reset: false)
            try emitRow(emit)
            accumulate(weight: Float(rowEnd - outputEnd) * scale, reset: true)
        }
        inputRow += 1
    }

    private mutating func resampleHorizontally(_ row: UnsafeRawBufferPointer) {
        let taps = taps
        windowStart.withUnsafeBufferPointer { starts in
            weights.withUnsafeBufferPointer { weights in
                horizontal.withUnsafeMutableBufferPointer { horizontal in
                    let pixels = row.baseAddress!
                    var weight = weights.baseAddress!
                    for column in horizontal.indices {
                        var sum = SIMD4<Float>.zero
                        var at = pixels + starts[column] &* 4
                        for _ in 0..<taps {
                            sum += SIMD4<Float>(at.loadUnaligned(as: SIMD4<UInt8>.self)) * weight.pointee
                            at += 4
                            weight += 1
                        }
                        horizontal[column] = sum
                    }
                }
            }
        }
    }

    private mutating func accumulate(weight: Float, reset: Bool) {
        horizontal.withUnsafeBufferPointer { horizontal in
            accumulator.withUnsafeMutableBufferPointer { accumulator in
                if reset {
                    for column in accumulator.indices { accumulator[column] = horizontal[column] * weight }
                } else {
                    for column in accumulator.indices { accumulator[column] += horizontal[column] * weight }
                }
            }
        }
    }

    private mutating func emitRow(_ emit: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        accumulator.withUnsafeMutableBufferPointer { accumulator in
            output.withUnsafeMutableBytes { output in
                // Adding 1.5 * 2^23 leaves the rounded integer in the low mantissa bits, a float-to-integer
                // conversion without the (slow) generic SIMD one; the 1e-4 nudge makes halves round up.
                // Two pixels a step: their low bytes are every fourth byte of the eight 32-bit lanes.
                let sums = UnsafeRawPointer(accumulator.baseAddress!)
                let (nudge, magic) = (SIMD8<Float>(repeating: 1e-4), SIMD8<Float>(repeating: 12_582_912))
                let opaque = SIMD8<UInt8>(0, 0, 0, 255, 0, 0, 0, 255)
                var column = 0
                while column + 2 <= accumulator.count {
                    let value = (sums.loadUnaligned(fromByteOffset: column * 16, as: SIMD8<Float>.self) + nudge) + magic
                    let pixels = unsafeBitCast(value, to: SIMD32<UInt8>.self).evenHalf.evenHalf | opaque
                    output.storeBytes(of: pixels, toByteOffset: column * 4, as: SIMD8<UInt8>.self)
                    column += 2
                }
                while column < accumulator.count {
                    let value = (accumulator[column] + nudge.lowHalf) + magic.lowHalf
                    let pixel = unsafeBitCast(value, to: SIMD16<UInt8>.self).evenHalf.evenHalf | opaque.lowHalf
                    output.storeBytes(of: pixel, toByteOffset: column * 4, as: SIMD4<UInt8>.self)
                    column += 1
                }
                accumulator.update(repeating: .zero)
            }
        }
        outputRow += 1
        try output.withUnsafeBytes { try emit($0) }
    }
}

extension AreaDownscaler {
    /// A plain, whole-image implementation of the same area average, kept as the reference the
    /// streaming SIMD version is tested (and benchmarked) against.
    public static func reference(_ image: PixelBuffer, width: Int, height: Int) -> PixelBuffer {
        var out = PixelBuffer(width: width, height: height)
        for y in 0..<height {
            let rows = overlaps(outputIndex: y, inputSize: image.height, outputSize: height)
            for x in 0..<width {
                let columns = overlaps(outputIndex: x, inputSize: image.width, outputSize: width)
                var sum = SIMD3<Double>.zero
                for row in rows {
                    for column in columns {
                        let weight = Double(row.overlap) * Double(column.overlap)
                        sum += SIMD3<Double>(image[column.index, row.index]) * weight
                    }
                }
                let mean = sum / Double(image.width * image.height)
                out[x, y] = SIMD3<UInt8>((mean + 0.5).rounded(.down).clamped(lowerBound: .zero, upperBound: .init(repeating: 255)))
            }
        }
        return out
    }
}
