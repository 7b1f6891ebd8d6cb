/// Size limits checked before any pixel memory is allocated: from the file size, then from the header.
public struct DecodeLimits: Sendable, Equatable {
    /// Largest accepted file, in bytes.
    public var maxFileBytes: Int
    /// Largest accepted stored image, in pixels (width x height).
    public var maxPixels: Int
    /// Largest accepted width or height, in pixels.
    public var maxSide: Int

    public init(maxFileBytes: Int = 30_000_000, maxPixels: Int = 50_000_000, maxSide: Int = 16384) {
        self.maxFileBytes = maxFileBytes
        self.maxPixels = maxPixels
        self.maxSide = maxSide
    }

    /// Throws `too_large` when a header declares more than these limits allow.
    public func check(width: Int, height: Int) throws(ImagingError) {
        if width > maxSide || height > maxSide {
            throw ImagingError(.tooLarge, "image declares \(width)x\(height) pixels; the limit is \(maxSide) per side")
        }
        if width * height > maxPixels {
            throw ImagingError(
                .tooLarge,
                "image declares \(width)x\(height) = \(width * height) pixels; the limit is \(maxPixels)"
            )
        }
    }

    /// Throws `too_large` when a file is bigger than `maxFileBytes`.
    public func check(fileBytes: Int) throws(ImagingError) {
        if fileBytes > maxFileBytes {
            throw ImagingError(.tooLarge, "file is \(fileBytes) bytes; the limit is \(maxFileBytes)")
        }
    }
}
