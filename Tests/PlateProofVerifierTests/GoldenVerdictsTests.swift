import Foundation
import PlateProofImaging
import PlateProofTestSupport
import PlateProofVerifier
import Testing

/// Every verdict on ../shared/plates, pinned: optimisations must not change a single decision.
/// A deliberate change of the rules bumps `heuristicVersion` and rewrites the file with
/// scripts/update-golden-verdicts.sh.
@Suite("Golden verdicts on ../shared/plates")
struct GoldenVerdictsTests {
    static let golden = TestData.packageRoot.appendingPathComponent("Tests/PlateProofVerifierTests/Golden/plates-verdicts.tsv")

    @Test("verdicts equal the pinned ones")
    func verdictsArePinned() async throws {
        let root = try TestData.shared("plates")
        let current = try await offCooperativePool { try Self.verdicts(root) }
        if ProcessInfo.processInfo.environment["PLATEPROOF_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try current.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let pinned = try String(contentsOf: Self.golden, encoding: .utf8)
        let (old, new) = (pinned.split(separator: "\n"), current.split(separator: "\n"))
        #expect(old.count == new.count, "photo count changed")
        for (before, after) in zip(old, new) where before != after {
            Issue.record("verdict changed:\n  pinned  \(before)\n  now     \(after)")
        }
    }

    /// One line per photo of ../shared/plates, under a header naming the heuristic.
    static func verdicts(_ root: URL) throws -> String {
        let assessor = PhotoAssessor()
        var lines = ["# heuristic \(assessor.verifier.configuration.heuristicVersion)", "file\tlabel\tdecision\tscore\treasons\tphash"]
        for label in ["clean", "food", "other"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(label).path).sorted() {
                let v = assessor.assess(.file(path: root.appendingPathComponent("\(label)/\(name)").path)).verification
                let score = String(format: "%.3f", v.score)
                lines.append(
                    "\(label)/\(name)\t\(v.label.rawValue)\t\(v.decision.rawValue)\t\(score)\t\(v.reasons.map(\.rawValue).joined(separator: ","))\t\(v.phash)"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
