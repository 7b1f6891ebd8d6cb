import Foundation
import PlateProofImaging
import Testing

@Suite("Photo pipeline")
struct PhotoPipelineTests {
    func fixture(_ path: String) -> ImageSource {
        .file(path: TestPaths.testImages.appendingPathComponent(path).path)
    }

    @Test("strip height changes nothing in the outputs", arguments: [1, 7, 16, 100])
    func stripHeightIsInvisible(stripRows: Int) throws {
        let source = fixture("edge/odd-strips-333x257.jpg")
        let reference = try PhotoPipeline(configuration: .init(evidenceMaxSide: 200, analysisLongSide: 90)).run(source)
        let strips = try PhotoPipeline(
            configuration: .init(evidenceMaxSide: 200, analysisLongSide: 90, stripRows: stripRows)
        ).run(source)
        #expect(strips.evidence == reference.evidence)
        #expect(strips.analysis == reference.analysis)
        #expect(strips.evidence.width == 200 && strips.evidence.height == 154)
        #expect(strips.analysis.width == 90 && strips.analysis.height == 69)
    }

    @Test("the analysis image is the area average of the decoded photo")
    func analysisIsAreaAverage() throws {
        let source = fixture("edge/odd-strips-333x257.jpg")
        let decoded = try ImageDecoder().decode(source).pixels
        let output = try PhotoPipeline(configuration: .init(evidenceMaxSide: 333, analysisLongSide: 100)).run(source)
        let expected = AreaDownscaler.reference(decoded, width: output.analysis.width, height: output.analysis.height)
        let worst = zip(output.analysis.bytes, expected.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1)
    }

    @Test("every EXIF orientation comes out upright", arguments: Orientation.allCases)
    func upright(orientation: Orientation) throws {
        let output = try PhotoPipeline().run(fixture("orientation/jpeg-orientation-\(orientation.rawValue).jpg"))
        let upright = FixtureGenerator.uprightPattern()
        let evidence = try ImageDecoder().decode(.bytes(output.evidence.jpeg)).pixels
        #expect(evidence.width == upright.width && evidence.height == upright.height)
        let difference = zip(evidence.bytes, upright.bytes).map { abs(Int($0) - Int($1)) }.reduce(0, +)
        #expect(Double(difference) / Double(upright.bytes.count) < 6)
        #expect(output.analysis.width == 48 && output.analysis.height == 32)
    }

    @Test(
        "one pixel wide and very wide photos",
        arguments: [("edge/one-pixel-wide-1x300.png", 1, 300), ("edge/very-wide-3000x2.jpg", 512, 1), ("edge/one-pixel-1x1.jpg", 1, 1)]
    )
    func extremeShapes(path: String, width: Int, height: Int) throws {
        let output = try PhotoPipeline().run(fixture(path))
        #expect(output.evidence.width == width && output.evidence.height == height)
        let decoded = try ImageDecoder().decode(.bytes(output.evidence.jpeg))
        #expect(decoded.pixels.width == width && decoded.pixels.height == height)
    }

    @Test("alpha is composited before shrinking")
    func alpha() throws {
        let configuration = PhotoPipeline.Configuration(
            decoder: .init(background: [255, 255, 255]),
            evidenceMaxSide: 4,
            analysisLongSide: 4
        )
        let output = try PhotoPipeline(configuration: configuration).run(fixture("edge/alpha-checker-8x8.png"))
        // Every 2x2 block holds two opaque (200, 100, 50) pixels and two transparent ones over white.
        #expect(output.analysis[1, 1] == [228, 178, 153])
    }

    @Test("the evidence fits its byte budget at the highest quality the search finds", arguments: [12_000, 25_000, 40_000])
    func budget(maxBytes: Int) throws {
        let root = try TestPaths.shared("plates")
        let configuration = PhotoPipeline.Configuration(evidence: .init(maxBytes: maxBytes))
        for path in ["food/pwd_001.jpg", "clean/pv2_001.jpg", "other/dnk_001.jpg"] {
            let output = try PhotoPipeline(configuration: configuration).run(.file(path: root.appendingPathComponent(path).path))
            let evidence = output.evidence
            let overBudget = evidence.overBudget
            #expect(!overBudget, "\(path)")
            #expect(evidence.jpeg.count <= maxBytes, "\(path): \(evidence.jpeg.count) bytes")
            let filled = Double(evidence.jpeg.count) >= Double(maxBytes) * configuration.evidence.fillShare
            if evidence.quality < configuration.evidence.maxQuality && !filled {
                let oneBetter = try JPEGEncoder.encode(ImageDecoder().decode(.bytes(evidence.jpeg)).pixels, quality: evidence.quality + 1)
                #expect(oneBetter.count > maxBytes * 9 / 10, "\(path): quality \(evidence.quality) is not the highest that fits")
            }
        }
    }

    @Test("the detail of the picture predicts its quality: most photos take one encode")
    func oneEncode() throws {
        let root = try TestPaths.shared("plates")
        var encodes: [Int] = []
        for label in ["clean", "food", "other"] {
            let folder = root.appendingPathComponent(label)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(15) {
                let evidence = try PhotoPipeline().run(.file(path: folder.appendingPathComponent(name).path)).evidence
                #expect(!evidence.overBudget && evidence.jpeg.count <= 40_000, "\(name)")
                encodes.append(evidence.encodes)
            }
        }
        let mean = Double(encodes.reduce(0, +)) / Double(encodes.count)
        #expect(mean < 1.3, "\(mean) encodes per photo")
        #expect(encodes.allSatisfy { $0 <= 3 }, "\(encodes)")
    }

    @Test("the detail measure equals a plain scan of the lightness steps", arguments: [(1, 1), (2, 2), (9, 5), (17, 4), (64, 33)])
    func detail(size: (Int, Int)) {
        var image = PixelBuffer(width: size.0, height: size.1)
        for y in 0..<size.1 {
            for x in 0..<size.0 {
                image[x, y] = [UInt8((x * 37 + y * 11) % 256), UInt8((x * x + 3 * y) % 256), UInt8((y * y * 7 + x) % 256)]
            }
        }
        func lightness(_ x: Int, _ y: Int) -> Int {
            let p = SIMD3<Int>(truncatingIfNeeded: image[x, y])
            return (77 * p.x + 150 * p.y + 29 * p.z) >> 8
        }
        var (total, count) = (0, 0)
        for y in stride(from: 0, to: size.1 - 1, by: 2) {
            for x in 1..<max(1, size.0) {
                total += abs(lightness(x, y) - lightness(x - 1, y)) + abs(lightness(x, y) - lightness(x, y + 1))
                count += 2
            }
        }
        let expected = size.0 < 2 || size.1 < 2 ? 0 : Double(total) / Double(max(1, count))
        #expect(EvidenceEncoder.detail(of: image) == expected)
    }

    @Test("an impossible budget is reported, at the lowest quality")
    func impossibleBudget() throws {
        let configuration = PhotoPipeline.Configuration(evidence: .init(maxBytes: 300, minQuality: 10))
        let output = try PhotoPipeline(configuration: configuration).run(fixture("edge/odd-strips-333x257.jpg"))
        let (overBudget, quality) = (output.evidence.overBudget, output.evidence.quality)
        #expect(overBudget)
        #expect(quality == 10)
    }

    @Test("the evidence carries no metadata")
    func noMetadata() throws {
        let output = try PhotoPipeline().run(fixture("orientation/jpeg-orientation-6.jpg"))
        let markers = jpegMarkers(output.evidence.jpeg)
        #expect(!markers.contains(0xE1), "APP1 (EXIF/XMP) written")
        #expect(markers.allSatisfy { $0 == 0xE0 || !(0xE1...0xEF).contains($0) })
        #expect(!markers.contains(0xFE), "comment written")
        #expect(try ImageDecoder().decode(.bytes(output.evidence.jpeg)).header.exif == nil)
    }

    @Test(
        "damaged input is a typed error",
        arguments: ["damaged/truncated-60pct.jpg", "damaged/truncated-60pct.png", "damaged/bomb-sof-65500x65500.jpg"]
    )
    func damaged(path: String) throws {
        #expect(throws: ImagingError.self) { try PhotoPipeline().run(fixture(path)) }
    }

    /// Marker bytes of the segments before the first scan.
    private func jpegMarkers(_ bytes: [UInt8]) -> [UInt8] {
        var markers: [UInt8] = []
        var at = 2
        while at + 4 <= bytes.count, bytes[at] == 0xFF {
            let marker = bytes[at + 1]
            markers.append(marker)
            if marker == 0xDA { break }
            at += 2 + (Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]))
        }
        return markers
    }
}
