import Foundation
import PlateProofImaging

/// One generated test image and what decoding it must give.
struct Fixture {
    enum Expectation: Equatable {
        case decode(width: Int, height: Int, orientation: Int)
        case reject(ImagingError.Code)
    }

    var path: String
    var bytes: [UInt8]
    var expectation: Expectation
    var note: String
}

/// Generates every image in `TestImages/` from code, so each fixture says how it was made.
///
/// `scripts/generate-test-images.sh` writes them; `FixtureTests` checks that the committed files
/// still equal this output and decode as declared.
enum FixtureGenerator {
    static func all() throws -> [Fixture] {
        var fixtures: [Fixture] = []
        fixtures += try orientation()
        fixtures += try edgeCases()
        fixtures += try damaged()
        fixtures += try plates()
        return fixtures
    }

    // MARK: - Orientation

    /// A 48x32 picture with four differently coloured quadrants: every one of the 8 EXIF
    /// transforms of it is distinct, so a wrong transform cannot pass for the right one.
    static func uprightPattern() -> PixelBuffer {
        var image = PixelBuffer(width: 48, height: 32)
        let colours: [SIMD3<UInt8>] = [[220, 30, 30], [30, 200, 40], [40, 40, 210], [240, 240, 240]]
        for y in 0..<32 {
            for x in 0..<48 {
                image[x, y] = colours[(y < 16 ? 0 : 2) + (x < 24 ? 0 : 1)]
            }
        }
        return image
    }

    /// The stored pixels that `orientation` turns into `upright`.
    static func stored(_ upright: PixelBuffer, for orientation: Orientation) -> PixelBuffer {
        let width = orientation.swapsAxes ? upright.height : upright.width
        let height = orientation.swapsAxes ? upright.width : upright.height
        var stored = PixelBuffer(width: width, height: height)
        for y in 0..<upright.height {
            for x in 0..<upright.width {
                let source = orientation.sourcePoint(x: x, y: y, width: width, height: height)
                stored[source.x, source.y] = upright[x, y]
            }
        }
        return stored
    }

    static func orientation() throws -> [Fixture] {
        let upright = uprightPattern()
        var fixtures = [
            Fixture(
                path: "orientation/upright-reference.png",
                bytes: try PNGEncoder.encode(upright),
                expectation: .decode(width: 48, height: 32, orientation: 1),
                note: "the picture every orientation fixture shows once turned upright"
            )
        ]
        for orientation in Orientation.allCases {
            let stored = stored(upright, for: orientation)
            let value = orientation.rawValue
            fixtures.append(
                Fixture(
                    path: "orientation/jpeg-orientation-\(value).jpg",
                    bytes: try JPEGEncoder.encode(
                        stored,
                        quality: 95,
                        subsampling: .none,
                        app1: ExifBuilder.app1(orientation: value, dateTimeOriginal: "2026:11:20 12:30:00")
                    ),
                    expectation: .decode(width: stored.width, height: stored.height, orientation: value),
                    note: "EXIF orientation \(value) in APP1, with DateTimeOriginal"
                )
            )
            fixtures.append(
                Fixture(
                    path: "orientation/png-orientation-\(value).png",
                    bytes: try PNGEncoder.encode(
                        rgb(stored),
                        width: stored.width,
                        height: stored.height,
                        channels: 3,
                        exif: ExifBuilder.tiff(orientation: value)
                    ),
                    expectation: .decode(width: stored.width, height: stored.height, orientation: value),
                    note: "EXIF orientation \(value) in an eXIf chunk"
                )
            )
        }
        return fixtures
    }

    // MARK: - Edge cases

    /// A smooth gradient with some texture, so strips and scales have something to get wrong.
    static func gradient(width: Int, height: Int) -> PixelBuffer {
        var image = PixelBuffer(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let r = UInt8(x * 255 / max(1, width - 1))
                let g = UInt8(y * 255 / max(1, height - 1))
                let b = UInt8(((x / 4 + y / 4) % 2) * 60 + 90)
                image[x, y] = [r, g, b]
            }
        }
        return image
    }

    static func edgeCases() throws -> [Fixture] {
        let alpha: [UInt8] = (0..<(8 * 8)).flatMap { index -> [UInt8] in
            [200, 100, 50, UInt8(index % 2 == 0 ? 255 : 0)]
        }
        let grayAlpha: [UInt8] = (0..<(6 * 4)).flatMap { _ in [200, 128] }
        return [
            Fixture(
                path: "edge/one-pixel-1x1.jpg",
                bytes: try JPEGEncoder.encode(gradient(width: 1, height: 1), quality: 90),
                expectation: .decode(width: 1, height: 1, orientation: 1),
                note: "the smallest JPEG"
            ),
            Fixture(
                path: "edge/one-pixel-wide-1x300.png",
                bytes: try PNGEncoder.encode(gradient(width: 1, height: 300)),
                expectation: .decode(width: 1, height: 300, orientation: 1),
                note: "one pixel wide"
            ),
            Fixture(
                path: "edge/very-wide-3000x2.jpg",
                bytes: try JPEGEncoder.encode(gradient(width: 3000, height: 2), quality: 80),
                expectation: .decode(width: 3000, height: 2, orientation: 1),
                note: "very wide and two rows high"
            ),
            Fixture(
                path: "edge/odd-strips-333x257.jpg",
                bytes: try JPEGEncoder.encode(gradient(width: 333, height: 257), quality: 85),
                expectation: .decode(width: 333, height: 257, orientation: 1),
                note: "sizes that are multiples of no strip height or MCU"
            ),
            Fixture(
                path: "edge/interlaced-33x17.png",
                bytes: try PNGEncoder.encode(rgb(gradient(width: 33, height: 17)), width: 33, height: 17, channels: 3, interlaced: true),
                expectation: .decode(width: 33, height: 17, orientation: 1),
                note: "Adam7 interlaced RGB"
            ),
            Fixture(
                path: "edge/alpha-checker-8x8.png",
                bytes: try PNGEncoder.encode(alpha, width: 8, height: 8, channels: 4),
                expectation: .decode(width: 8, height: 8, orientation: 1),
                note: "RGBA: every other pixel fully transparent (composited over the background)"
            ),
            Fixture(
                path: "edge/gray-alpha-6x4.png",
                bytes: try PNGEncoder.encode(grayAlpha, width: 6, height: 4, channels: 2),
                expectation: .decode(width: 6, height: 4, orientation: 1),
                note: "gray + alpha at 50%"
            ),
            Fixture(
                path: "edge/png-named-as.jpg",
                bytes: try PNGEncoder.encode(gradient(width: 16, height: 16)),
                expectation: .decode(width: 16, height: 16, orientation: 1),
                note: "a PNG whose name says JPEG: the bytes decide"
            ),
        ]
    }

    // MARK: - Damaged and hostile

    static func damaged() throws -> [Fixture] {
        let jpeg = try JPEGEncoder.encode(gradient(width: 160, height: 120), quality: 85)
        let png = try PNGEncoder.encode(gradient(width: 160, height: 120))
        return [
            Fixture(
                path: "damaged/truncated-60pct.jpg",
                bytes: Array(jpeg.prefix(jpeg.count * 6 / 10)),
                expectation: .reject(.truncated),
                note: "a JPEG cut inside its image data"
            ),
            Fixture(
                path: "damaged/truncated-60pct.png",
                bytes: Array(png.prefix(png.count * 6 / 10)),
                expectation: .reject(.truncated),
                note: "a PNG cut inside IDAT"
            ),
            Fixture(
                path: "damaged/soi-only.jpg",
                bytes: [0xFF, 0xD8],
                expectation: .reject(.truncated),
                note: "a JPEG start marker and nothing else"
            ),
            Fixture(
                path: "damaged/text-named-as.png",
                bytes: Array("this is not an image\n".utf8),
                expectation: .reject(.unsupportedFormat),
                note: "text with an image name"
            ),
            Fixture(
                path: "damaged/empty.jpg",
                bytes: [],
                expectation: .reject(.unsupportedFormat),
                note: "zero bytes"
            ),
            Fixture(
                path: "damaged/bomb-sof-65500x65500.jpg",
                bytes: patchingJPEGSize(of: jpeg, width: 65500, height: 65500),
                expectation: .reject(.tooLarge),
                note: "a small JPEG whose SOF claims 65500x65500"
            ),
            Fixture(
                path: "damaged/bomb-sof-9000x9000.jpg",
                bytes: patchingJPEGSize(of: jpeg, width: 9000, height: 9000),
                expectation: .reject(.tooLarge),
                note: "81 megapixels: under the side limit, over the pixel limit"
            ),
            Fixture(
                path: "damaged/bomb-ihdr-100000x100000.png",
                bytes: patchingPNGSize(of: png, width: 100_000, height: 100_000),
                expectation: .reject(.tooLarge),
                note: "a small PNG whose IHDR (valid CRC) claims 100000x100000"
            ),
        ]
    }

    // MARK: - Synthetic plates

    /// A deterministic pseudo-random sequence (the fixtures must not change between runs).
    struct Noise {
        var state: UInt64
        mutating func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
    }

    /// How a synthetic plate is finished.
    struct PlateLook {
        /// A glazed rim band from 0.76 to 0.96 of the radius, in this colour (a two-tone plate).
        var rim: SIMD3<Int>?
        /// Sixteen red flowers printed around the rim.
        var motif = false
        /// A dark steel knife and fork laid across it, out past the rim.
        var cutlery = false
        /// Thin grey lines printed in a grid across the well, so that no region of it is large.
        var checkedWell = false
    }

    /// A white plate seen from above on a wooden table, with `food` blobs (centre, radius, colour) on it.
    static func plateScene(food: [(x: Int, y: Int, radius: Int, colour: SIMD3<UInt8>)], look: PlateLook = .init()) -> PixelBuffer {
        let (width, height) = (320, 240)
        var image = PixelBuffer(width: width, height: height)
        var noise = Noise(state: 42)
        let (cx, cy, rx, ry) = (160.0, 120.0, 105.0, 88.0)
        // Knife and fork: two bars from below-left of the centre out past the rim, 20 degrees up.
        let (ux, uy) = (cos(-0.35), sin(-0.35))
        func onBar(_ x: Double, _ y: Double, offset: Double, halfWidth: Double) -> Double? {
            let (dx, dy) = (x - cx + 20, y - cy - 20 - offset)
            let along = dx * ux + dy * uy, across = -dx * uy + dy * ux
            guard along >= -30, along <= 150, abs(across) <= halfWidth else { return nil }
            return across / halfWidth
        }
        for y in 0..<height {
            for x in 0..<width {
                let wave: Double = sin(Double(x) / 7 + 2 * sin(Double(y) / 23))
                let grain: Int = Int(18 * wave) + noise.next() % 9 - 4
                var colour = SIMD3<Int>(150 + grain, 108 + grain, 68 + grain / 2)
                let dx = (Double(x) - cx) / rx, dy = (Double(y) - cy) / ry
                let r = (dx * dx + dy * dy).squareRoot()
                if r <= 1 {
                    let shade = Int(-14 * (Double(x) - cx) / rx) + noise.next() % 5 - 2
                    colour = r > 0.96 ? SIMD3(120, 120, 118) : SIMD3(232 + shade, 232 + shade, 228 + shade)
                    if let rim = look.rim, r >= 0.76, r <= 0.96 { colour = rim &* colour / 232 }
                    if look.checkedWell, r < 0.76, x % 20 < 2 || y % 20 < 2 { colour = SIMD3(150, 150, 150) }
                    if look.motif, r >= 0.7, r <= 0.94 {
                        // Sixteen round red flowers printed around the rim.
                        let turn = atan2(dy, dx) / (2 * Double.pi) * 16
                        let local = (turn - turn.rounded()) * 2 * Double.pi * 0.82 * rx / 16
                        let radial = (r - 0.82) * rx
                        if local * local + radial * radial <= 70 { colour = SIMD3(190, 45, 40) &* colour / 232 }
                    }
                    for blob in food {
                        let bx = x - blob.x, by = y - blob.y
                        if bx * bx + by * by <= blob.radius * blob.radius {
                            let jitter = noise.next() % 21 - 10
                            colour = SIMD3(Int(blob.colour.x) + jitter, Int(blob.colour.y) + jitter, Int(blob.colour.z) + jitter)
                        }
                    }
                }
                if look.cutlery {
                    for offset in [-9.0, 9.0] {
                        guard let across = onBar(Double(x), Double(y), offset: offset, halfWidth: 5.5) else { continue }
                        let body = 40 + Int(40 * (1 - across * across)) + (abs(across - 0.3) < 0.2 ? 60 : 0)
                        colour = SIMD3(body, body + 2, body + 6)
                    }
                }
                let clamped = colour.clamped(lowerBound: .zero, upperBound: SIMD3(repeating: 255))
                image[x, y] = SIMD3(UInt8(clamped.x), UInt8(clamped.y), UInt8(clamped.z))
            }
        }
        return image
    }

    static func plates() throws -> [Fixture] {
        let clean = plateScene(food: [])
        let food = plateScene(food: [
            (130, 100, 30, [120, 70, 30]), (195, 120, 24, [60, 140, 50]), (150, 155, 22, [170, 60, 40]),
        ])
        var scene = PixelBuffer(width: 320, height: 240)
        var noise = Noise(state: 7)
        for y in 0..<240 {
            for x in 0..<320 {
                let v = UInt8(noise.next() % 200 + 20)
                scene[x, y] = [v, UInt8((Int(v) * 3 + x) % 256), UInt8((y * 2 + Int(v)) % 256)]
            }
        }
        return [
            Fixture(
                path: "plates/synthetic-clean.jpg",
                bytes: try JPEGEncoder.encode(clean, quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "a shaded white plate on wood, nothing on it"
            ),
            Fixture(
                path: "plates/synthetic-food.jpg",
                bytes: try JPEGEncoder.encode(food, quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "the same plate with three blobs of food"
            ),
            Fixture(
                path: "plates/synthetic-cutlery.jpg",
                bytes: try JPEGEncoder.encode(plateScene(food: [], look: .init(cutlery: true)), quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "the clean plate with a dark steel knife and fork laid across it, out past the rim"
            ),
            Fixture(
                path: "plates/synthetic-two-tone.jpg",
                bytes: try JPEGEncoder.encode(plateScene(food: [], look: .init(rim: [244, 205, 70])), quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "the clean plate with a yellow glazed rim around its white well"
            ),
            Fixture(
                path: "plates/synthetic-two-tone-checked.jpg",
                bytes: try JPEGEncoder.encode(plateScene(food: [], look: .init(rim: [244, 205, 70], checkedWell: true)), quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "the two-tone plate with thin grey lines printed in a grid across its white well"
            ),
            Fixture(
                path: "plates/synthetic-decorated.jpg",
                bytes: try JPEGEncoder.encode(plateScene(food: [], look: .init(motif: true)), quality: 88),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "the clean plate with sixteen red flowers printed around its rim"
            ),
            Fixture(
                path: "plates/synthetic-no-plate.jpg",
                bytes: try JPEGEncoder.encode(scene, quality: 80),
                expectation: .decode(width: 320, height: 240, orientation: 1),
                note: "coloured noise: nothing plate-like"
            ),
        ]
    }

    // MARK: - Helpers

    static func rgb(_ pixels: PixelBuffer) -> [UInt8] {
        stride(from: 0, to: pixels.bytes.count, by: 4).flatMap { pixels.bytes[$0..<($0 + 3)] }
    }

    /// Rewrites the size in a baseline JPEG's SOF0 marker.
    static func patchingJPEGSize(of jpeg: [UInt8], width: Int, height: Int) -> [UInt8] {
        var bytes = jpeg
        guard let sof = (0..<(bytes.count - 9)).first(where: { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }) else {
            return bytes
        }
        bytes[sof + 5] = UInt8(height >> 8)
        bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8)
        bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }

    /// Rewrites the size in a PNG's IHDR and fixes its CRC, so only the size is wrong.
    static func patchingPNGSize(of png: [UInt8], width: Int, height: Int) -> [UInt8] {
        var bytes = png
        for (offset, value) in [(16, width), (20, height)] {
            for index in 0..<4 { bytes[offset + index] = UInt8(value >> (24 - 8 * index) & 0xFF) }
        }
        let crc = crc32(bytes[12..<29])
        for index in 0..<4 { bytes[29 + index] = UInt8(crc >> (24 - 8 * UInt32(index)) & 0xFF) }
        return bytes
    }

    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
