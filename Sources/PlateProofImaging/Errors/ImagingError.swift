/// Why an image could not be read or written, with a stable `code` for machines and a `message` for people.
public struct ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code; its raw value is what JSON output and logs show.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not a JPEG or PNG (judged from the bytes), or a variant the codecs cannot decode.
        public static let unsupportedFormat = Code(rawValue: "unsupported_format")
        /// The data is damaged.
        public static let corrupt = Code(rawValue: "corrupt")
        /// The data ends before the image does.
        public static let truncated = Code(rawValue: "truncated")
        /// The file or the image it declares is larger than the configured limits.
        public static let tooLarge = Code(rawValue: "too_large")
        /// The file could not be read at all.
        public static let unreadable = Code(rawValue: "unreadable")
        /// An encoder could not write its output.
        public static let encodeFailed = Code(rawValue: "encode_failed")
        /// The output file could not be written.
        public static let unwritable = Code(rawValue: "unwritable")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
