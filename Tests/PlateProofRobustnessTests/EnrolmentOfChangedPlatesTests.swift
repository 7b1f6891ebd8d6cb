import Foundation
import PlateProofImaging
import PlateProofVerifier
import Testing

@testable import PlateProofRobustness

/// Enrolling a real plate the region finder misses: a tray of ../shared/plates with a bowl beside
/// a plate, the plate's rim glazed, so that only its round outline finds it.
@Suite("Enrolment of a glazed plate beside a bowl")
struct EnrolmentOfChangedPlatesTests {
    static let photo = RobustnessSuiteTests.shared.appendingPathComponent("clean/pwd_013.jpg")

    /// The image turned by `turns` quarter turns.
    static func turned(_ image: PixelBuffer, _ turns: Int) -> PixelBuffer {
        var turned = image
        for _ in 0..<turns {
            var next = PixelBuffer(width: turned.height, height: turned.width)
            for y in 0..<turned.height { for x in 0..<turned.width { next[turned.height - 1 - y, x] = turned[x, y] } }
            turned = next
        }
        return turned
    }

    @Test("the model learnt is the large glazed plate, not the bowl the regions find, and it is recognised on the photo")
    func learnsThePlate() async throws {
        try #require(
            FileManager.default.fileExists(atPath: Self.photo.path),
            "\(Self.photo.path) is missing: this test needs the shared corpora checked out beside the repository"
        )
        let assessor = PhotoAssessor()
        let original = try #require(RobustnessSuite.Original(path: Self.photo.path, assessor: assessor))
        let glazed = try #require(
            Transformation.rimGlaze.apply(
                to: original.pixels,
                plate: original.largestDish,
                seed: SplitMix.seed("rim_glaze"),
                companion: nil
            )
        )
        let shots = try (1...3).map { turns in
            (name: "turn \(turns)", source: ImageSource.bytes(try PNGEncoder.encode(Self.turned(glazed, turns))))
        }
        var profile = try assessor.enrolPlate(name: "glazed", photos: shots)
        profile.version = 1
        // The bowl spans about a sixth of the long side, the plate about a third.
        #expect(profile.sizeRange.lowerBound > 0.25, "\(profile.sizeRange)")
        let verdict = assessor.measuring(against: [profile]).assess(.bytes(try PNGEncoder.encode(glazed))).verification
        #expect(verdict.plateProfile == "glazed@1", "\(verdict)")
        #expect(verdict.decision != .reject, "\(verdict)")
    }
}
