import Foundation
import PlateProofImaging
import Testing

/// The generated fixtures in TestImages/: up to date with their generator, and decoding as declared.
@Suite("Generated fixtures")
struct FixtureTests {
    static let manifestName = "MANIFEST.tsv"

    /// Set PLATEPROOF_WRITE_FIXTURES=1 (scripts/generate-test-images.sh does) to rewrite TestImages/.
    @Test("committed fixtures equal the generator's output")
    func committedFixturesAreCurrent() throws {
        let fixtures = try FixtureGenerator.all()
        let root = TestPaths.testImages
        if ProcessInfo.processInfo.environment["PLATEPROOF_WRITE_FIXTURES"] == "1" {
            try write(fixtures, to: root)
        }
        for fixture in fixtures {
            let url = root.appendingPathComponent(fixture.path)
            let committed = try? TestPaths.bytes(url)
            #expect(committed == fixture.bytes, "\(fixture.path) differs from its generator: run scripts/generate-test-images.sh")
        }
        let manifest = try String(contentsOf: root.appendingPathComponent(Self.manifestName), encoding: .utf8)
        #expect(manifest == Self.manifest(fixtures))
    }

    @Test("every fixture decodes or fails as declared")
    func fixturesDecodeAsDeclared() throws {
        let decoder = ImageDecoder()
        for fixture in try FixtureGenerator.all() {
            let outcome = Result { () throws(ImagingError) in try decoder.inspect(.bytes(fixture.bytes)) }
            switch (fixture.expectation, outcome) {
            case (.decode(let width, let height, let orientation), .success(let inspection)):
                #expect(inspection.header.width == width, "\(fixture.path)")
                #expect(inspection.header.height == height, "\(fixture.path)")
                #expect(inspection.header.orientation.rawValue == orientation, "\(fixture.path)")
            case (.reject(let code), .failure(let error)):
                #expect(error.code == code, "\(fixture.path): \(error)")
            default:
                Issue.record("\(fixture.path): expected \(fixture.expectation), got \(outcome)")
            }
        }
    }

    @Test("every orientation fixture shows the reference picture upright", arguments: Orientation.allCases)
    func orientationFixtures(orientation: Orientation) throws {
        let upright = FixtureGenerator.uprightPattern()
        let fixtures = try FixtureGenerator.orientation()
        let decoder = ImageDecoder()
        for suffix in ["png", "jpg"] {
            let name = "orientation/\(suffix == "png" ? "png" : "jpeg")-orientation-\(orientation.rawValue).\(suffix)"
            let fixture = try #require(fixtures.first { $0.path == name })
            let image = try decoder.decode(.bytes(fixture.bytes))
            #expect(image.pixels.width == upright.width && image.pixels.height == upright.height, "\(name)")
            if suffix == "png" {
                #expect(image.pixels == upright, "\(name)")
            } else {
                #expect(maxDifference(image.pixels, upright) < 40, "\(name)")
            }
        }
    }

    @Test("transparent pixels are composited over the configured background")
    func alphaComposite() throws {
        let bytes = try TestPaths.bytes(TestPaths.testImages.appendingPathComponent("edge/alpha-checker-8x8.png"))
        let overBlack = try ImageDecoder().decode(.bytes(bytes)).pixels
        #expect(overBlack[0, 0] == [200, 100, 50])
        #expect(overBlack[1, 0] == [0, 0, 0])
        let white = ImageDecoder(configuration: .init(background: [255, 255, 255]))
        let overWhite = try white.decode(.bytes(bytes)).pixels
        #expect(overWhite[1, 0] == [255, 255, 255])

        let gray = try TestPaths.bytes(TestPaths.testImages.appendingPathComponent("edge/gray-alpha-6x4.png"))
        let half = try ImageDecoder().decode(.bytes(gray)).pixels
        #expect(half[3, 2] == [100, 100, 100])
    }

    private func maxDifference(_ a: PixelBuffer, _ b: PixelBuffer) -> Int {
        zip(a.bytes, b.bytes).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }

    private func write(_ fixtures: [Fixture], to root: URL) throws {
        for fixture in fixtures {
            let url = root.appendingPathComponent(fixture.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(fixture.bytes).write(to: url)
        }
        try Self.manifest(fixtures).write(to: root.appendingPathComponent(Self.manifestName), atomically: true, encoding: .utf8)
    }

    static func manifest(_ fixtures: [Fixture]) -> String {
        var lines = ["file\texpect\tnote"]
        for fixture in fixtures {
            let expect =
                switch fixture.expectation {
                case .decode(let width, let height, let orientation): "decode \(width)x\(height) orientation \(orientation)"
                case .reject(let code): "reject \(code)"
                }
            lines.append("\(fixture.path)\t\(expect)\t\(fixture.note)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
