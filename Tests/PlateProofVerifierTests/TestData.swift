import Foundation
import PlateProofImaging
import Testing

enum TestData {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ path: String) -> ImageSource {
        .file(path: packageRoot.appendingPathComponent("TestImages").appendingPathComponent(path).path)
    }

    /// `../shared/<name>` beside the checkout; fails the calling test loudly when it is missing.
    static func shared(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(name)
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "\(url.path) is missing: these tests need the shared corpora checked out beside the repository",
            sourceLocation: sourceLocation
        )
        return url
    }

    /// A gradient with texture, of any size.
    static func pattern(width: Int, height: Int) -> PixelBuffer {
        var image = PixelBuffer(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y] = [UInt8((x * 7 + y * 3) % 256), UInt8((x * x + y) % 256), UInt8((y * 11) % 256)]
            }
        }
        return image
    }
}
