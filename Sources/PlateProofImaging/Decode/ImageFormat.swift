/// The image formats PlateProof accepts, always judged from the bytes, never from a file name.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg
    case png
}

extension ImageFormat {
    /// The format the first bytes announce (JPEG SOI, PNG signature), or nil; nothing is decoded.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8 { return .jpeg }
        if bytes.count >= 4 && bytes[1] == 0x50 && bytes[2] == 0x4E && bytes[3] == 0x47 { return .png }
        return nil
    }
}
