import Foundation
import Testing

/// Where the tests find their data: `TestImages/` in the package, and the shared corpora beside the checkout.
enum TestPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // PlateProofImagingTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let testImages = packageRoot.appendingPathComponent("TestImages")

    /// `../shared/<name>` next to the checkout. Fails the calling test, loudly, when it is missing.
    static func shared(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        try #require(
            exists && isDirectory.boolValue,
            "\(url.path) is missing: these tests need the shared corpora checked out beside the repository",
            sourceLocation: sourceLocation
        )
        return url
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
