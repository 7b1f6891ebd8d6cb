import Foundation
import PlateProofRobustness
import Testing

/// The robustness suite on the real photos of ../shared/plates, held to its targets.
@Suite("Robustness on ../shared/plates")
struct RobustnessSuiteTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/plates")

    @Test("no change of a clean photo flips more than 5% of them to a rejection; changes of food photos rarely approve them")
    func flipRates() throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.shared.path),
            "\(Self.shared.path) is missing: this test needs the shared corpora checked out beside the repository"
        )
        let report = try RobustnessSuite().run(directory: Self.shared.path)
        #expect(report.rows.count == Transformation.allCases.count)
        for row in report.rows {
            #expect(row.photos == (row.kind == .clean ? 166 : 163), "\(row.transformation.rawValue)")
            // The plate-dependent changes need a dish found on the photo as it is.
            #expect(row.applied >= row.photos * 9 / 10, "\(row.transformation.rawValue) applied to \(row.applied)")
            switch row.kind {
            case .clean:
                #expect(row.flipRate <= 0.05, "\(row.transformation.rawValue): \(row.flips) flips, \(row.flipped)")
            case .food:
                // The target is none; this holds the rate measured when plates-3 landed.
                #expect(row.flipRate <= FoodFlips.limit, "\(row.transformation.rawValue): \(row.flips) flips, \(row.flipped)")
            }
        }
    }
}

/// The most food photos a change may turn into an approval, as measured when plates-3 landed
/// (target: none).
enum FoodFlips {
    static let limit = 0.07
}
