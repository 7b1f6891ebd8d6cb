internal import CPlateProofCodecs

/// Writes a baseline JPEG row by row, so callers can stream strips into it.
///
/// Nothing but the pixels is written: no EXIF, GPS or camera data, unless `app1` is given
/// explicitly (test fixtures use it to carry an orientation).
public struct JPEGEncoder: ~Copyable {
    /// Chroma subsampling of the output.
    public enum Subsampling: Sendable {
        /// Full-resolution colour (larger files, sharper colour edges).
        case none
        /// Half-resolution colour in both directions, as cameras write.
        case halfBoth
    }

    private let handle: OpaquePointer
    public let width: Int
    public let height: Int
    public private(set) var rowsWritten = 0

    public init(
        width: Int,
        height: Int,
        quality: Int,
        subsampling: Subsampling = .halfBoth,
        app1: [UInt8]? = nil
    ) throws(ImagingError) {
        guard width > 0, height > 0, width <= 65500, height <= 65500 else {
            throw ImagingError(.encodeFailed, "cannot write a \(width)x\(height) JPEG")
        }
        var error = pp_error()
        var encoder: OpaquePointer?
        let status = app1.withUnsafeBufferPointerOrNil { app1 in
            pp_jpeg_encoder_start(
                UInt32(width),
                UInt32(height),
                Int32(max(1, min(100, quality))),
                subsampling == .halfBoth ? 1 : 0,
                app1?.baseAddress,
                app1?.count ?? 0,
                &encoder,
                &error
            )
        }
        guard status == PP_OK.rawValue, let encoder else {
            pp_jpeg_encoder_destroy(encoder)
            throw ImagingError(.encodeFailed, ImagingError(status: status, error: error).message)
        }
        self.handle = encoder
        self.width = width
        self.height = height
    }

    deinit { pp_jpeg_encoder_destroy(handle) }

    /// Appends `count` RGBX rows, `stride` bytes apart.
    public mutating func write(rows: UnsafeRawBufferPointer, stride: Int, count: Int) throws(ImagingError) {
        guard count > 0 else { return }
        precondition(rowsWritten + count <= height, "more rows than the image has")
        precondition(rows.count >= (count - 1) * stride + width * 4, "row buffer too small")
        var error = pp_error()
        let status = pp_jpeg_encoder_write_rows(
            handle,
            rows.baseAddress!.assumingMemoryBound(to: UInt8.self),
            stride,
            UInt32(count),
            &error
        )
        guard status == PP_OK.rawValue else {
            throw ImagingError(.encodeFailed, ImagingError(status: status, error: error).message)
        }
        rowsWritten += count
    }

    /// Completes the file and returns its bytes.
    public consuming func finish() throws(ImagingError) -> [UInt8] {
        precondition(rowsWritten == height, "finish before every row was written")
        var error = pp_error()
        var data: UnsafePointer<UInt8>?
        var length = 0
        let status = pp_jpeg_encoder_finish(handle, &data, &length, &error)
        guard status == PP_OK.rawValue, let data else {
            throw ImagingError(.encodeFailed, ImagingError(status: status, error: error).message)
        }
        return Array(UnsafeBufferPointer(start: data, count: length))
    }

    /// Encodes a whole image in one call.
    public static func encode(
        _ pixels: PixelBuffer,
        quality: Int,
        subsampling: Subsampling = .halfBoth,
        app1: [UInt8]? = nil
    ) throws(ImagingError) -> [UInt8] {
        var encoder = try JPEGEncoder(
            width: pixels.width,
            height: pixels.height,
            quality: quality,
            subsampling: subsampling,
            app1: app1
        )
        let written = pixels.bytes.withUnsafeBytes { raw in
            Result { () throws(ImagingError) in
                try encoder.write(rows: raw, stride: pixels.rowBytes, count: pixels.height)
            }
        }
        try written.get()
        return try encoder.finish()
    }
}

extension Optional where Wrapped == [UInt8] {
    fileprivate func withUnsafeBufferPointerOrNil<R>(_ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        switch self {
        case .some(let bytes): bytes.withUnsafeBufferPointer { body($0) }
        case .none: body(nil)
        }
    }
}
