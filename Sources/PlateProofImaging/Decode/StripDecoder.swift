internal import CPlateProofCodecs

/// Decodes one image a strip of rows at a time, so no caller has to hold the whole image.
///
/// Created by ``ImageDecoder``; the header has already passed the size limits and decompression
/// has started at the chosen scale. Rows come out as RGBX, before orientation.
public struct StripDecoder: ~Copyable {
    private let handle: OpaquePointer
    /// The file being read, when the decoder opened it; closed after the decoder is destroyed.
    private let file: OpenFile?
    /// The header, as read before decoding started.
    public let header: ImageHeader
    /// Width of the decoded rows (smaller than the stored width when a reduced JPEG scale was chosen).
    public let outputWidth: Int
    /// Number of rows the decoder will produce.
    public let outputHeight: Int
    /// The JPEG DCT scale denominator in use (1, 2, 4 or 8); always 1 for PNG.
    public let scaleDenominator: Int
    /// Rows produced so far.
    public private(set) var rowsRead = 0

    /// Opens a decoder over bytes in memory, checks the limits against the header, then starts decoding.
    ///
    /// - Parameter unsafeBytes: The encoded image. It must stay valid and unchanged until this decoder is gone.
    public init(
        unsafeBytes bytes: UnsafeRawBufferPointer,
        configuration: ImageDecoder.Configuration = .init(),
        scale: DecodeScale = .full
    ) throws(ImagingError) {
        try configuration.limits.check(fileBytes: bytes.count)
        let source = pp_source(data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), length: bytes.count, fd: -1)
        try self.init(source: source, file: nil, configuration: configuration, scale: scale)
    }

    /// Opens the file at `path` and decodes it, reading it in chunks; the file is closed with the decoder.
    public init(
        path: String,
        configuration: ImageDecoder.Configuration = .init(),
        scale: DecodeScale = .full
    ) throws(ImagingError) {
        let file = try OpenFile(path: path)
        try configuration.limits.check(fileBytes: file.size)
        let source = pp_source(data: nil, length: 0, fd: file.descriptor)
        try self.init(source: source, file: file, configuration: configuration, scale: scale)
    }

    /// Reads a header from bytes in memory and checks it against the limits, without decoding:
    /// what an upload is checked with before anything is stored.
    public static func header(
        unsafeBytes bytes: UnsafeRawBufferPointer,
        configuration: ImageDecoder.Configuration = .init()
    ) throws(ImagingError) -> ImageHeader {
        try configuration.limits.check(fileBytes: bytes.count)
        var source = pp_source(data: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), length: bytes.count, fd: -1)
        let (handle, header, _) = try open(&source, configuration: configuration)
        pp_decoder_destroy(handle)
        return header
    }

    /// Opens the codec on `source` and reads the header, within the limits; the caller owns the handle.
    private static func open(
        _ source: inout pp_source,
        configuration: ImageDecoder.Configuration
    ) throws(ImagingError) -> (handle: OpaquePointer, header: ImageHeader, info: pp_image_info) {
        var info = pp_image_info()
        var error = pp_error()
        var opened: OpaquePointer?
        let status = pp_decoder_open(&source, &opened, &info, &error)
        guard status == PP_OK.rawValue, let opened else {
            // A bomb is named as one even when its header is damaged too.
            if info.width > 0 && info.height > 0 {
                try configuration.limits.check(width: Int(info.width), height: Int(info.height))
            }
            throw ImagingError(status: status, error: error)
        }
        var header = ImageHeader(
            format: info.format == PP_FORMAT_PNG.rawValue ? .png : .jpeg,
            width: Int(info.width),
            height: Int(info.height),
            orientation: .up,
            isProgressive: info.progressive != 0,
            isInterlaced: info.interlaced != 0,
            exif: nil
        )
        if let exif = info.exif, info.exif_length > 0 {
            header.exif = ExifMetadata(tiff: UnsafeBufferPointer(start: exif, count: info.exif_length))
            header.orientation = header.exif?.orientation ?? .up
        }
        do {
            try configuration.limits.check(width: header.width, height: header.height)
        } catch {
            pp_decoder_destroy(opened)
            throw error
        }
        return (opened, header, info)
    }

    private init(
        source: pp_source,
        file: consuming OpenFile?,
        configuration: ImageDecoder.Configuration,
        scale: DecodeScale
    ) throws(ImagingError) {
        var source = source
        let (opened, header, headerInfo) = try Self.open(&source, configuration: configuration)
        var info = headerInfo
        var error = pp_error()

        let denominator = header.format == .jpeg ? scale.denominator(width: header.width, height: header.height) : 1
        var options = pp_decode_options(
            scale_denom: UInt32(denominator),
            fast_upsampling: configuration.fastUpsampling ? 1 : 0,
            background_r: configuration.background.x,
            background_g: configuration.background.y,
            background_b: configuration.background.z
        )
        let started = pp_decoder_start(opened, &options, &info, &error)
        guard started == PP_OK.rawValue else {
            pp_decoder_destroy(opened)
            throw ImagingError(status: started, error: error)
        }
        self.handle = opened
        self.file = file
        self.header = header
        self.outputWidth = Int(info.output_width)
        self.outputHeight = Int(info.output_height)
        self.scaleDenominator = denominator
    }

    deinit { pp_decoder_destroy(handle) }

    /// Bytes in one output row.
    public var rowBytes: Int { outputWidth * PixelBuffer.bytesPerPixel }

    /// Whether every row has been produced.
    public var isComplete: Bool { rowsRead >= outputHeight }

    /// Decodes up to `maxRows` rows into `buffer`, `stride` bytes apart; returns how many it wrote (0 at the end).
    public mutating func readRows(
        into buffer: UnsafeMutableRawBufferPointer,
        stride: Int,
        maxRows: Int
    ) throws(ImagingError) -> Int {
        let rows = min(maxRows, outputHeight - rowsRead)
        guard rows > 0 else { return 0 }
        precondition(stride >= rowBytes && buffer.count >= (rows - 1) * stride + rowBytes, "buffer too small")
        var error = pp_error()
        var read: UInt32 = 0
        let status = pp_decoder_read_rows(
            handle,
            buffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
            stride,
            UInt32(rows),
            &read,
            &error
        )
        guard status == PP_OK.rawValue else { throw ImagingError(status: status, error: error) }
        rowsRead += Int(read)
        return Int(read)
    }

    /// Decodes every remaining row, `stripRows` at a time into one reused buffer, calling `body` with
    /// each strip (rows `rowBytes` apart) and its row count; then reads the rest of the file.
    public mutating func forEachStrip(
        rows stripRows: Int = 16,
        _ body: (_ strip: UnsafeRawBufferPointer, _ rows: Int) throws -> Void
    ) throws {
        let stripRows = max(1, stripRows), rowBytes = rowBytes
        var strip = [UInt8](repeating: 0, count: rowBytes * stripRows)
        try strip.withUnsafeMutableBytes { raw in
            while !isComplete {
                let rows = try readRows(into: raw, stride: rowBytes, maxRows: stripRows)
                if rows == 0 { throw ImagingError(.corrupt, "decoder stopped before the last row") }
                try body(UnsafeRawBufferPointer(rebasing: raw[..<(rows * rowBytes)]), rows)
            }
        }
        try finish()
    }

    /// Reads the rest of the file after the last row, reporting damage found there.
    public func finish() throws(ImagingError) {
        var error = pp_error()
        let status = pp_decoder_finish(handle, &error)
        guard status == PP_OK.rawValue else { throw ImagingError(status: status, error: error) }
    }

}

extension ImagingError {
    init(status: Int32, error: pp_error) {
        var message = error.message
        let text = withUnsafeBytes(of: &message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let code: Code =
            switch UInt32(bitPattern: status) {
            case PP_ERR_UNSUPPORTED.rawValue: .unsupportedFormat
            case PP_ERR_TRUNCATED.rawValue: .truncated
            case PP_ERR_TOO_LARGE.rawValue, PP_ERR_NO_MEMORY.rawValue: .tooLarge
            case PP_ERR_IO.rawValue: .unreadable
            default: .corrupt
            }
        self.init(code, text.isEmpty ? "undecodable image" : text)
    }
}
