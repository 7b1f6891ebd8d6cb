/// The image formats PlateProof accepts, always judged from the bytes, never from a file name.
public enum ImageFormat: String, Sendable, Codable {
    case jpeg
    case png
}
