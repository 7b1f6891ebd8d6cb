/// Decodes JPEG and PNG images safely: limits are checked from the header before pixel memory
/// is allocated, damage and truncation are typed errors, and EXIF orientation is applied.
public struct ImageDecoder: Sendable {
    /// How images are decoded.
    public struct Configuration: Sendable, Equatable {
        /// Size limits applied before decoding.
        public var limits: DecodeLimits
        /// The colour transparent PNG pixels are composited over.
        public var background: SIMD3<UInt8>
        /// Replicate JPEG chroma instead of smooth upsampling: faster, slightly softer colour edges.
        public var fastUpsampling: Bool

        public init(limits: DecodeLimits = .init(), background: SIMD3<UInt8> = .zero, fastUpsampling: Bool = false) {
            self.limits = limits
            self.background = background
            self.fastUpsampling = fastUpsampling
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Runs `body` with a started ``StripDecoder`` over `source`.
    public func withStripDecoder<Result>(
        _ source: ImageSource,
        scale: DecodeScale = .full,
        _ body: (inout StripDecoder) throws -> Result
    ) throws -> Result {
        switch source {
        case .bytes(let bytes):
            return try bytes.withUnsafeBytes { raw in
                var decoder = try StripDecoder(unsafeBytes: raw, configuration: configuration, scale: scale)
                return try body(&decoder)
            }
        case .file(let path):
            var decoder = try StripDecoder(path: path, configuration: configuration, scale: scale)
            return try body(&decoder)
        }
    }

    /// The header of an image in memory, checked against the limits, without decoding it.
    public func header(of bytes: [UInt8]) throws(ImagingError) -> ImageHeader {
        try Self.typed { try bytes.withUnsafeBytes { raw in try StripDecoder.header(unsafeBytes: raw, configuration: configuration) } }
    }

    /// Decodes a whole image, turned upright.
    public func decode(_ source: ImageSource, scale: DecodeScale = .full) throws(ImagingError) -> DecodedImage {
        try Self.typed {
            try withStripDecoder(source, scale: scale) { strips in
                var pixels = PixelBuffer(width: strips.outputWidth, height: strips.outputHeight)
                let rowBytes = strips.rowBytes
                try pixels.bytes.withUnsafeMutableBytes { raw in
                    while !strips.isComplete {
                        let start = strips.rowsRead * rowBytes
                        let read = try strips.readRows(
                            into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]),
                            stride: rowBytes,
                            maxRows: strips.outputHeight - strips.rowsRead
                        )
                        if read == 0 { throw ImagingError(.corrupt, "decoder stopped before the last row") }
                    }
                }
                try strips.finish()
                return DecodedImage(
                    header: strips.header,
                    scaleDenominator: strips.scaleDenominator,
                    pixels: pixels.oriented(strips.header.orientation)
                )
            }
        }
    }

    /// Runs code whose only errors are ``ImagingError``s behind an untyped `throws`.
    static func typed<T>(_ body: () throws -> T) throws(ImagingError) -> T {
        do {
            return try body()
        } catch let error as ImagingError {
            throw error
        } catch {
            throw ImagingError(.corrupt, "\(error)")
        }
    }
}

/// A decoded image, already turned upright, with the header it came from.
public struct DecodedImage: Sendable {
    public var header: ImageHeader
    /// The JPEG DCT scale denominator used (1 = full size).
    public var scaleDenominator: Int
    /// Upright pixels.
    public var pixels: PixelBuffer
}
