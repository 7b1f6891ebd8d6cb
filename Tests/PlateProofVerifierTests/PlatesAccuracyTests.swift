import Foundation
import PlateProofImaging
import PlateProofVerifier
import Testing

/// The verifier on the real labelled photos in ../shared/plates, held to the product's targets:
/// false approvals at most 3%, clean auto-approvals at least 70%, clean rejections at most 5%,
/// review rate at most 25% (`plateproof eval` reports the same figures).
@Suite("Accuracy on ../shared/plates")
struct PlatesAccuracyTests {
    @Test("false approvals, clean approvals and rejections, and reviews meet the targets")
    func operatingPoint() throws {
        let root = try TestData.shared("plates")
        let assessor = PhotoAssessor()
        var counts: [String: [Decision: Int]] = [:]
        for label in ["clean", "food", "other"] {
            let folder = root.appendingPathComponent(label)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
                let decision = assessor.assess(.file(path: folder.appendingPathComponent(name).path)).verification.decision
                counts[label, default: [:]][decision, default: 0] += 1
            }
        }
        func n(_ label: String, _ decision: Decision? = nil) -> Int {
            decision.map { counts[label]?[$0] ?? 0 } ?? (counts[label]?.values.reduce(0, +) ?? 0)
        }
        #expect(n("clean") == 166 && n("food") == 163 && n("other") == 20)
        let falseApprovals = Double(n("food", .approve) + n("other", .approve)) / Double(n("food") + n("other"))
        let cleanRejections = Double(n("clean", .reject)) / Double(n("clean"))
        let cleanApprovals = Double(n("clean", .approve)) / Double(n("clean"))
        #expect(falseApprovals <= 0.03, "false approvals \(falseApprovals)")
        #expect(cleanRejections <= 0.05, "clean rejections \(cleanRejections)")
        #expect(cleanApprovals >= 0.70, "clean auto-approvals \(cleanApprovals)")
        let reviews = ["clean", "food", "other"].reduce(0) { $0 + n($1, .review) }
        #expect(Double(reviews) / 349 <= 0.25, "review rate \(Double(reviews) / 349)")
    }
}
