import ArgumentParser
import Foundation
import PlateProofImaging
import PlateProofVerifier

/// `plateproof eval`: accuracy of the verifier on a labelled folder.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the verifier on labelled photos in DIR/clean, DIR/food and DIR/other.",
        discussion: """
            Prints approve/reject/review counts per true label and: false approvals (approved food + \
            other over all food + other), clean auto-approvals (approved clean over all clean), clean \
            rejections (rejected clean over all clean) and review rate (review over all). Photos are \
            also counted per source, taken from the file name up to its first underscore.
            """
    )

    @Argument(help: "A folder with clean/, food/ and other/ subfolders.")
    var directory: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "Also print each photo's verdict.")
    var verbose = false

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func run() throws {
        let classes = ["clean", "food", "other"]
        var tally = EvalTally()
        let assessor = PhotoAssessor(verifier: Verifier(configuration: try verifier.configuration()))
        for label in classes {
            let folder = (directory as NSString).appendingPathComponent(label)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw ValidationError("\(folder) is missing: eval needs clean/, food/ and other/ in \(directory)")
            }
            for name in names.sorted() where ["jpg", "jpeg", "png"].contains((name as NSString).pathExtension.lowercased()) {
                let path = (folder as NSString).appendingPathComponent(name)
                let assessment = assessor.assess(.file(path: path))
                let source = name.split(separator: "_").first.map(String.init) ?? name
                tally.add(truth: label, source: source, decision: assessment.verification.decision)
                if verbose { FileHandleOutput.standardError.write("\(label)\t" + Verify.text(path, assessment) + "\n") }
            }
        }
        let report = tally.report(heuristicVersion: assessor.verifier.configuration.heuristicVersion)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }
}

struct EvalTally {
    /// counts[truth][decision]
    var counts: [String: [String: Int]] = [:]
    /// bySource["clean/pv2"][decision]
    var bySource: [String: [String: Int]] = [:]

    mutating func add(truth: String, source: String, decision: Decision) {
        counts[truth, default: [:]][decision.rawValue, default: 0] += 1
        bySource["\(truth)/\(source)", default: [:]][decision.rawValue, default: 0] += 1
    }

    func report(heuristicVersion: String) -> EvalReport {
        func n(_ truth: String, _ decision: String? = nil) -> Int {
            guard let row = counts[truth] else { return 0 }
            return decision.map { row[$0] ?? 0 } ?? row.values.reduce(0, +)
        }
        func rate(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : (Double(part) / Double(whole) * 10000).rounded() / 10000 }
        let notClean = n("food") + n("other")
        let all = notClean + n("clean")
        let reviews = ["clean", "food", "other"].reduce(0) { $0 + n($1, "review") }
        return EvalReport(
            photos: all,
            counts: counts,
            sources: bySource,
            falseApprovals: rate(n("food", "approve") + n("other", "approve"), notClean),
            cleanAutoApprovals: rate(n("clean", "approve"), n("clean")),
            cleanRejections: rate(n("clean", "reject"), n("clean")),
            reviewRate: rate(reviews, all),
            heuristicVersion: heuristicVersion
        )
    }
}

struct EvalReport: Encodable {
    var photos: Int
    var counts: [String: [String: Int]]
    var sources: [String: [String: Int]]
    var falseApprovals: Double
    var cleanAutoApprovals: Double
    var cleanRejections: Double
    var reviewRate: Double
    var heuristicVersion: String

    enum CodingKeys: String, CodingKey {
        case photos, counts, sources
        case falseApprovals = "false_approvals"
        case cleanAutoApprovals = "clean_auto_approvals"
        case cleanRejections = "clean_rejections"
        case reviewRate = "review_rate"
        case heuristicVersion = "heuristic_version"
    }

    var text: String {
        func row(_ name: String, _ counts: [String: Int]?) -> String {
            let c = counts ?? [:]
            return name.padding(toLength: 14, withPad: " ", startingAt: 0)
                + ["approve", "reject", "review"].map { String(c[$0] ?? 0).leftPadded(8) }.joined()
        }
        func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        var lines = [
            "truth".padding(toLength: 14, withPad: " ", startingAt: 0) + "approve".leftPadded(8) + "reject".leftPadded(8)
                + "review".leftPadded(8)
        ]
        for truth in ["clean", "food", "other"] { lines.append(row(truth, counts[truth])) }
        lines.append("")
        lines.append("false approvals       \(percent(falseApprovals))")
        lines.append("clean auto-approvals  \(percent(cleanAutoApprovals))")
        lines.append("clean rejections      \(percent(cleanRejections))")
        lines.append("review rate           \(percent(reviewRate))")
        lines.append("heuristic             \(heuristicVersion)")
        lines.append("")
        lines.append("per source:")
        for source in sources.keys.sorted() { lines.append("  " + row(source, sources[source])) }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
