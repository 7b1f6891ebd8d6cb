/// EXIF orientation: how the stored pixels must be turned to show the picture upright.
public enum Orientation: Int, Sendable, CaseIterable, Codable {
    case up = 1
    case upMirrored = 2
    case down = 3
    case downMirrored = 4
    case leftMirrored = 5
    case right = 6
    case rightMirrored = 7
    case left = 8

    /// The EXIF value, or `.up` for values outside 1...8 (0 is common and means "not set").
    public init(exifValue: Int) {
        self = Orientation(rawValue: exifValue) ?? .up
    }

    /// Whether width and height trade places once the orientation is applied.
    public var swapsAxes: Bool { rawValue >= 5 }

    /// The stored pixel shown at oriented position (x, y), for a stored image of `width` x `height`.
    @inlinable
    public func sourcePoint(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        switch self {
        case .up: (x, y)
        case .upMirrored: (width - 1 - x, y)
        case .down: (width - 1 - x, height - 1 - y)
        case .downMirrored: (x, height - 1 - y)
        case .leftMirrored: (y, x)
        case .right: (y, height - 1 - x)
        case .rightMirrored: (width - 1 - y, height - 1 - x)
        case .left: (width - 1 - y, x)
        }
    }
}
