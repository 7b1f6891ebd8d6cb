/// An 8-bit RGBX image in row-major order: four bytes a pixel, the fourth always 255.
///
/// Four bytes keep every pixel aligned for SIMD loads and let libjpeg write rows directly.
public struct PixelBuffer: Sendable, Equatable {
    public static let bytesPerPixel = 4

    public let width: Int
    public let height: Int
    public var bytes: [UInt8]

    /// A buffer of the given size, every pixel black and opaque.
    public init(width: Int, height: Int) {
        precondition(width >= 0 && height >= 0, "negative image size")
        self.width = width
        self.height = height
        let count = width * height
        self.bytes = [UInt8](unsafeUninitializedCapacity: count * Self.bytesPerPixel) { buffer, initialized in
            guard let base = buffer.baseAddress, count > 0 else { return }
            let words = UnsafeMutableRawPointer(base).bindMemory(to: UInt32.self, capacity: count)
            words.initialize(repeating: UInt32(littleEndian: 0xFF00_0000), count: count)  // bytes 0, 0, 0, 255
            initialized = count * Self.bytesPerPixel
        }
    }

    /// Wraps existing RGBX bytes; `bytes.count` must be `width * height * 4`.
    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(bytes.count == width * height * Self.bytesPerPixel, "byte count does not match the size")
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    public var rowBytes: Int { width * Self.bytesPerPixel }

    /// The red, green and blue values at (x, y).
    public subscript(x: Int, y: Int) -> SIMD3<UInt8> {
        get {
            let at = (y * width + x) * Self.bytesPerPixel
            return SIMD3(bytes[at], bytes[at + 1], bytes[at + 2])
        }
        set {
            let at = (y * width + x) * Self.bytesPerPixel
            (bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]) = (newValue.x, newValue.y, newValue.z, 255)
        }
    }
}
