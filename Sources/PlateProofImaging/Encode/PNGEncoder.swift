internal import CPlateProofCodecs

/// Writes 8-bit PNGs (used for fixtures and lossless evidence).
public enum PNGEncoder {
    /// Encodes `channels`-channel 8-bit pixels (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA), rows packed.
    /// - Parameter exif: TIFF-structured EXIF written as an eXIf chunk (for orientation fixtures).
    public static func encode(
        _ samples: [UInt8],
        width: Int,
        height: Int,
        channels: Int,
        interlaced: Bool = false,
        exif: [UInt8]? = nil
    ) throws(ImagingError) -> [UInt8] {
        precondition(samples.count == width * height * channels, "sample count does not match the size")
        var error = pp_error()
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = samples.withUnsafeBufferPointer { samples in
            (exif ?? []).withUnsafeBufferPointer { exifBytes in
                pp_png_encode(
                    samples.baseAddress,
                    UInt32(width),
                    UInt32(height),
                    Int32(channels),
                    width * channels,
                    interlaced ? 1 : 0,
                    exif == nil ? nil : exifBytes.baseAddress,
                    exif?.count ?? 0,
                    &output,
                    &length,
                    &error
                )
            }
        }
        guard status == PP_OK.rawValue, let output else {
            throw ImagingError(.encodeFailed, ImagingError(status: status, error: error).message)
        }
        defer { pp_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    /// Encodes an RGBX buffer as an RGB PNG.
    public static func encode(_ pixels: PixelBuffer) throws(ImagingError) -> [UInt8] {
        var rgb = [UInt8]()
        rgb.reserveCapacity(pixels.width * pixels.height * 3)
        for index in stride(from: 0, to: pixels.bytes.count, by: 4) {
            rgb.append(contentsOf: pixels.bytes[index..<(index + 3)])
        }
        return try encode(rgb, width: pixels.width, height: pixels.height, channels: 3)
    }
}
