/// A full decode summarised: the header and the mean colour of the stored (not yet oriented) pixels.
public struct ImageInspection: Sendable, Equatable {
    public var header: ImageHeader
    public var meanRed: Double
    public var meanGreen: Double
    public var meanBlue: Double
}

extension ImageDecoder {
    /// Decodes every row, a strip at a time, and averages the colour channels.
    ///
    /// Memory stays at one strip whatever the image size (but for interlaced PNGs, which libpng
    /// completes only on the last pass).
    public func inspect(_ source: ImageSource, scale: DecodeScale = .full) throws(ImagingError) -> ImageInspection {
        try Self.typed {
            try withStripDecoder(source, scale: scale) { strips in
                var sums = SIMD4<UInt64>.zero
                try strips.forEachStrip { strip, _ in sums &+= Self.channelSums(strip) }
                let count = Double(max(1, strips.outputWidth * strips.outputHeight))
                return ImageInspection(
                    header: strips.header,
                    meanRed: Double(sums.x) / count,
                    meanGreen: Double(sums.y) / count,
                    meanBlue: Double(sums.z) / count
                )
            }
        }
    }

    /// Per-channel sums of RGBX pixels, four channels at a time.
    static func channelSums(_ pixels: UnsafeRawBufferPointer) -> SIMD4<UInt64> {
        var total = SIMD4<UInt64>.zero
        var partial = SIMD4<UInt32>.zero
        var pending = 0
        for offset in stride(from: 0, to: pixels.count - 3, by: 4) {
            let pixel = pixels.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt8>.self)
            partial &+= SIMD4<UInt32>(truncatingIfNeeded: pixel)
            pending += 1
            if pending == 1 << 24 {
                total &+= SIMD4<UInt64>(truncatingIfNeeded: partial)
                partial = .zero
                pending = 0
            }
        }
        return total &+ SIMD4<UInt64>(truncatingIfNeeded: partial)
    }
}
