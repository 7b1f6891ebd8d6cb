import Foundation
import PlateProofImaging
import Testing

@Suite("Decoder")
struct DecoderTests {
    func fixture(_ path: String) throws -> [UInt8] {
        try TestPaths.bytes(TestPaths.testImages.appendingPathComponent(path))
    }

    @Test(
        "the DCT scale is the smallest that still covers the requested long side",
        arguments: [(nil, 1), (300, 1), (200, 1), (167, 2), (120, 2), (84, 4), (42, 8), (1, 8)] as [(Int?, Int)]
    )
    func scaleChoice(minimumLongSide: Int?, expected: Int) throws {
        let image = try ImageDecoder().decode(fixture("edge/odd-strips-333x257.jpg"), minimumLongSide: minimumLongSide)
        #expect(image.scaleDenominator == expected)
        #expect(image.pixels.width == (333 + expected - 1) / expected)
        #expect(image.pixels.height == (257 + expected - 1) / expected)
    }

    @Test("PNG has no reduced scale: it decodes at full size")
    func pngIgnoresScale() throws {
        let image = try ImageDecoder().decode(fixture("edge/one-pixel-wide-1x300.png"), minimumLongSide: 10)
        #expect(image.scaleDenominator == 1)
        #expect(image.pixels.height == 300)
    }

    @Test("reading in strips of any height gives the same pixels as one read", arguments: [1, 7, 16, 64])
    func stripsMatchWholeDecode(stripRows: Int) throws {
        for path in ["edge/odd-strips-333x257.jpg", "edge/interlaced-33x17.png", "edge/one-pixel-wide-1x300.png"] {
            let bytes = try fixture(path)
            let whole = try ImageDecoder().decode(bytes).pixels
            var stitched: [UInt8] = []
            try ImageDecoder().withStripDecoder(bytes) { strips in
                var strip = [UInt8](repeating: 0, count: strips.rowBytes * stripRows)
                try strip.withUnsafeMutableBytes { raw in
                    while !strips.isComplete {
                        let rows = try strips.readRows(into: raw, stride: strips.rowBytes, maxRows: stripRows)
                        stitched += raw.prefix(rows * strips.rowBytes)
                    }
                }
                try strips.finish()
            }
            #expect(stitched == whole.bytes, "\(path)")
        }
    }

    @Test("limits are configurable and checked from the header")
    func configurableLimits() throws {
        let bytes = try fixture("edge/odd-strips-333x257.jpg")
        let tight = ImageDecoder(configuration: .init(limits: DecodeLimits(maxPixels: 333 * 256)))
        #expect(throws: ImagingError.self) { try tight.decode(bytes) }
        let exact = ImageDecoder(configuration: .init(limits: DecodeLimits(maxPixels: 333 * 257, maxSide: 333)))
        #expect(try exact.decode(bytes).pixels.width == 333)
        let narrow = ImageDecoder(configuration: .init(limits: DecodeLimits(maxSide: 300)))
        let error = try #require(throws: ImagingError.self) { try narrow.decode(bytes) }
        #expect(error.code == .tooLarge)
        let small = ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: bytes.count - 1)))
        #expect(throws: ImagingError(.tooLarge, "file is \(bytes.count) bytes; the limit is \(bytes.count - 1)")) {
            try small.decode(bytes)
        }
    }

    @Test("every prefix of a valid JPEG and PNG is refused with a typed error, never decoded as grey padding")
    func everyTruncationIsAnError() throws {
        for path in ["orientation/jpeg-orientation-6.jpg", "orientation/png-orientation-6.png", "edge/interlaced-33x17.png"] {
            let bytes = try fixture(path)
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                let prefix = Array(bytes.prefix(length))
                #expect(throws: ImagingError.self, "\(path) cut to \(length) bytes") {
                    try ImageDecoder().decode(prefix)
                }
            }
        }
    }

    @Test("files over the byte limit are refused before they are read")
    func fileLimit() throws {
        let url = TestPaths.testImages.appendingPathComponent("edge/very-wide-3000x2.jpg")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        let error = try #require(throws: ImagingError.self) { try ImageFile.read(path: url.path, maxBytes: size - 1) }
        #expect(error.code == .tooLarge)
        #expect(try ImageFile.read(path: url.path, maxBytes: size).count == size)
        let missing = try #require(throws: ImagingError.self) { try ImageFile.read(path: "/nonexistent/x.jpg", maxBytes: 10) }
        #expect(missing.code == .unreadable)
    }

    @Test("capture time is read from JPEG EXIF")
    func captureTime() throws {
        let image = try ImageDecoder().decode(fixture("orientation/jpeg-orientation-3.jpg"))
        #expect(image.header.exif?.captureTime == ExifDateTime(year: 2026, month: 11, day: 20, hour: 12, minute: 30, second: 0))
    }
}
