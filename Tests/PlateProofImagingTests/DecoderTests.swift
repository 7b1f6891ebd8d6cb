import Foundation
import PlateProofImaging
import Testing

@Suite("Decoder")
struct DecoderTests {
    func fixture(_ path: String) throws -> ImageSource {
        .bytes(try TestPaths.bytes(TestPaths.testImages.appendingPathComponent(path)))
    }

    func file(_ path: String) -> ImageSource {
        .file(path: TestPaths.testImages.appendingPathComponent(path).path)
    }

    @Test(
        "the DCT scale is the smallest that still covers the requested long side",
        arguments: [(nil, 1), (300, 1), (200, 1), (167, 2), (120, 2), (84, 4), (42, 8), (1, 8)] as [(Int?, Int)]
    )
    func scaleChoice(minimumLongSide: Int?, expected: Int) throws {
        let scale = minimumLongSide.map { DecodeScale.atLeast(longSide: $0) } ?? .full
        let image = try ImageDecoder().decode(fixture("edge/odd-strips-333x257.jpg"), scale: scale)
        #expect(image.scaleDenominator == expected)
        #expect(image.pixels.width == (333 + expected - 1) / expected)
        #expect(image.pixels.height == (257 + expected - 1) / expected)
    }

    @Test("PNG has no reduced scale: it decodes at full size")
    func pngIgnoresScale() throws {
        let image = try ImageDecoder().decode(fixture("edge/one-pixel-wide-1x300.png"), scale: .atLeast(longSide: 10))
        #expect(image.scaleDenominator == 1)
        #expect(image.pixels.height == 300)
    }

    @Test("reading in strips of any height gives the same pixels as one read", arguments: [1, 7, 16, 64])
    func stripsMatchWholeDecode(stripRows: Int) throws {
        for path in ["edge/odd-strips-333x257.jpg", "edge/interlaced-33x17.png", "edge/one-pixel-wide-1x300.png"] {
            let bytes = try fixture(path)
            let whole = try ImageDecoder().decode(file(path)).pixels
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
        let bytes = try TestPaths.bytes(TestPaths.testImages.appendingPathComponent("edge/odd-strips-333x257.jpg"))
        let tight = ImageDecoder(configuration: .init(limits: DecodeLimits(maxPixels: 333 * 256)))
        #expect(throws: ImagingError.self) { try tight.decode(.bytes(bytes)) }
        let exact = ImageDecoder(configuration: .init(limits: DecodeLimits(maxPixels: 333 * 257, maxSide: 333)))
        #expect(try exact.decode(.bytes(bytes)).pixels.width == 333)
        let narrow = ImageDecoder(configuration: .init(limits: DecodeLimits(maxSide: 300)))
        let error = try #require(throws: ImagingError.self) { try narrow.decode(.bytes(bytes)) }
        #expect(error.code == .tooLarge)
        let small = ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: bytes.count - 1)))
        #expect(throws: ImagingError(.tooLarge, "file is \(bytes.count) bytes; the limit is \(bytes.count - 1)")) {
            try small.decode(.bytes(bytes))
        }
    }

    @Test("every prefix of a valid JPEG and PNG is refused with a typed error, never decoded as grey padding")
    func everyTruncationIsAnError() throws {
        for path in ["orientation/jpeg-orientation-6.jpg", "orientation/png-orientation-6.png", "edge/interlaced-33x17.png"] {
            let bytes = try TestPaths.bytes(TestPaths.testImages.appendingPathComponent(path))
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
                let prefix = Array(bytes.prefix(length))
                #expect(throws: ImagingError.self, "\(path) cut to \(length) bytes") {
                    try ImageDecoder().decode(.bytes(prefix))
                }
            }
        }
    }

    @Test("files over the byte limit are refused before they are read; missing files are unreadable")
    func fileLimit() throws {
        let path = "edge/very-wide-3000x2.jpg"
        let size = try TestPaths.bytes(TestPaths.testImages.appendingPathComponent(path)).count
        let small = ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: size - 1)))
        let error = try #require(throws: ImagingError.self) { try small.decode(file(path)) }
        #expect(error.code == .tooLarge)
        let exact = ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: size)))
        #expect(try exact.decode(file(path)).pixels.width == 3000)
        let missing = try #require(throws: ImagingError.self) { try ImageDecoder().decode(.file(path: "/nonexistent/x.jpg")) }
        #expect(missing.code == .unreadable)
        let directory = try #require(throws: ImagingError.self) { try ImageDecoder().decode(.file(path: "/tmp")) }
        #expect(directory.code == .unreadable)
    }

    @Test("files are decoded the same whether read from disk in chunks or from memory")
    func fileAndMemoryAgree() throws {
        let root = try TestPaths.shared("conformance")
        for path in [
            "jpeg/libjpeg-turbo/testimgint.jpg", "png-extra/go/benchGray.png", "png-extra/go/benchRGB-interlace.png",
            "pngsuite/basi6a16.png",
        ] {
            let url = root.appendingPathComponent(path)
            let fromFile = try ImageDecoder().decode(.file(path: url.path))
            let fromMemory = try ImageDecoder().decode(.bytes(TestPaths.bytes(url)))
            #expect(fromFile.pixels == fromMemory.pixels, "\(path)")
        }
    }

    @Test("capture time is read from JPEG EXIF")
    func captureTime() throws {
        let image = try ImageDecoder().decode(fixture("orientation/jpeg-orientation-3.jpg"))
        #expect(image.header.exif?.captureTime == ExifDateTime(year: 2026, month: 11, day: 20, hour: 12, minute: 30, second: 0))
    }
}
