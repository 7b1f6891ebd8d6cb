/// What an image's header says, read before any pixel is decoded.
public struct ImageHeader: Sendable, Equatable {
    public var format: ImageFormat
    /// Size as stored, before orientation.
    public var width: Int
    public var height: Int
    /// EXIF orientation; `.up` when absent or out of range.
    public var orientation: Orientation
    /// JPEG progressive (multi-scan) coding.
    public var isProgressive: Bool
    /// PNG Adam7 interlacing.
    public var isInterlaced: Bool
    /// EXIF metadata other than orientation, when present.
    public var exif: ExifMetadata?

    /// Width once the orientation is applied.
    public var orientedWidth: Int { orientation.swapsAxes ? height : width }
    /// Height once the orientation is applied.
    public var orientedHeight: Int { orientation.swapsAxes ? width : height }
}
