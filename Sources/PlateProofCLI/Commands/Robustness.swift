import ArgumentParser
import Foundation
import PlateProofImaging
import PlateProofRobustness
import PlateProofVerifier

/// `plateproof robustness`: how often changes that should not matter flip the verifier's verdict.
struct Robustness: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flip rates of the verifier under changes that must not change its verdict.",
        discussion: """
            Each clean photo in DIR/clean is changed in ways that must not turn it into a rejection: \
            \(Transformation.allCases.filter { $0.kind == .clean }.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")). \
            Each photo in DIR/food is changed in ways that must not turn it into an approval: \
            \(Transformation.allCases.filter { $0.kind == .food }.map { "\($0.rawValue) (\($0.summary))" }.joined(separator: ", ")). \
            The plate-dependent changes use the dish the verifier finds on the photo as it is; \
            photos with no dish found are counted as not applied. A flip is a clean photo not \
            rejected before and rejected after, or a food photo not approved before and approved \
            after. Exit status: 0 unless the command was misused (2).
            """
    )

    @Argument(help: "A folder with clean/ and food/ subfolders.")
    var directory: String

    @Option(name: .customLong("only"), help: "Run only these transformations (repeatable).")
    var only: [String] = []

    @Option(help: "Also write every transformed photo into this folder, as TRANSFORMATION/LABEL/NAME.jpg.")
    var out: String?

    @Flag(help: "Change every photo's plate the same way (one glaze, motif and cutlery setting), as if all showed one model.")
    var oneModel = false

    @Option(help: "Photos worked on at once.")
    var threads = 2

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        for name in only where Transformation(rawValue: name) == nil {
            throw ValidationError(
                "unknown transformation \(name); known: \(Transformation.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let chosen = only.isEmpty ? Transformation.allCases : only.compactMap(Transformation.init(rawValue:))
        let suite = RobustnessSuite(
            assessor: PhotoAssessor(verifier: Verifier(configuration: try verifier.configuration())),
            transformations: chosen,
            oneModel: oneModel
        )
        let report: RobustnessReport
        do {
            report = try suite.run(directory: directory, writingTo: out, threads: threads)
        } catch {
            throw ValidationError(error.description)
        }
        if json {
            FileHandleOutput.standardOutput.write(JSONLine.encode(report) + "\n")
            return
        }
        var lines = ["transformation".padding(toLength: 20, withPad: " ", startingAt: 0) + "kind   applied  flips  flip rate"]
        for row in report.rows {
            lines.append(
                row.transformation.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + row.kind.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(row.applied).leftPadded(8) + String(row.flips).leftPadded(7)
                    + String(format: "%.1f%%", row.flipRate * 100).leftPadded(11)
            )
        }
        for row in report.rows where !row.flipped.isEmpty {
            lines.append(
                "\(row.transformation.rawValue) flipped: " + row.flipped.map { ($0 as NSString).lastPathComponent }.joined(separator: " ")
            )
        }
        FileHandleOutput.standardOutput.write(lines.joined(separator: "\n") + "\n")
    }
}
