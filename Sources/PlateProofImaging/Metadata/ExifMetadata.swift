/// The EXIF fields PlateProof uses: orientation and capture time.
///
/// Parsed from the TIFF structure inside a JPEG APP1 "Exif" segment or a PNG eXIf chunk.
/// Every offset is bounds-checked; a damaged directory yields fewer fields, never an error.
public struct ExifMetadata: Sendable, Equatable {
    /// The raw Orientation tag (0x0112), if present.
    public var orientationValue: Int?
    /// DateTimeOriginal (0x9003), or DateTime (0x0132) when the former is missing.
    public var captureTime: ExifDateTime?

    public var orientation: Orientation { Orientation(exifValue: orientationValue ?? 1) }

    public init(orientationValue: Int? = nil, captureTime: ExifDateTime? = nil) {
        self.orientationValue = orientationValue
        self.captureTime = captureTime
    }

    /// Parses a TIFF-structured payload; a leading "Exif\0\0" is skipped. Returns nil when it is not TIFF.
    public init?(tiff bytes: some Collection<UInt8>) {
        var payload = Array(bytes)
        if payload.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) { payload.removeFirst(6) }
        guard let reader = TIFFReader(payload) else { return nil }
        self.init()
        var dateTime: ExifDateTime?
        for entry in reader.entries(ofDirectoryAt: reader.firstDirectoryOffset) {
            switch entry.tag {
            case 0x0112: orientationValue = reader.integer(entry)
            case 0x0132: dateTime = reader.ascii(entry).flatMap(ExifDateTime.init(exifString:))
            case 0x8769:
                guard let offset = reader.integer(entry) else { continue }
                for exifEntry in reader.entries(ofDirectoryAt: offset) where exifEntry.tag == 0x9003 {
                    captureTime = reader.ascii(exifEntry).flatMap(ExifDateTime.init(exifString:))
                }
            default: continue
            }
        }
        if captureTime == nil { captureTime = dateTime }
    }
}

/// An EXIF local date and time ("YYYY:MM:DD HH:MM:SS"), with no time zone.
public struct ExifDateTime: Sendable, Equatable, Comparable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    /// Parses "YYYY:MM:DD HH:MM:SS"; nil for blanks ("    :  :  ") and impossible values.
    public init?(exifString: String) {
        let parts = exifString.split(whereSeparator: { $0 == ":" || $0 == " " || $0 == "-" || $0 == "T" })
        let numbers = parts.prefix(6).compactMap { Int($0) }
        guard numbers.count == 6 else { return nil }
        self.init(
            year: numbers[0],
            month: numbers[1],
            day: numbers[2],
            hour: numbers[3],
            minute: numbers[4],
            second: numbers[5]
        )
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), year > 1900
        else { return nil }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }
}
