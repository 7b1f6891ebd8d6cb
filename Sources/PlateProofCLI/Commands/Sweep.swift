import ArgumentParser
import Dispatch
import Foundation
import PlateProofEvaluation
import PlateProofImaging
import PlateProofVerifier
import Synchronization

/// `plateproof sweep`: thresholds chosen by trying every combination on labelled photos, and how
/// well the choice holds on each source it was not chosen on.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose verifier thresholds on labelled photos, with leave-one-source-out estimates.",
        discussion: """
            Tries every combination of the --grid values on the photos of each DIR (clean/, food/, \
            other/) and reports the one of least cost, \(OperatingPoint.costFormula), summed over \
            the DIRs (each judged on its own). Then, for each source (file name up to its first underscore) with at least \
            --min-source photos, it chooses again without that source and reports the rates on it: \
            how the thresholds do on photos they were not chosen on. Thresholds that only the \
            decision uses (\(VerifierConfiguration.judgementTunables.sorted().joined(separator: ", "))) \
            reuse one measurement per photo; others measure every photo again at every point.
            """
    )

    @Argument(help: "Folders with clean/, food/ and other/ subfolders.")
    var directories: [String]

    @Option(help: ArgumentHelp("Values to try for a threshold (repeatable).", valueName: "name=v1,v2,..."))
    var grid: [String] = []

    @Option(help: "Sources with fewer photos are not left out on their own.")
    var minSource = 20

    @Option(help: "Photos measured at once.")
    var threads = 2

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        if directories.isEmpty { throw ValidationError("name at least one labelled folder") }
        if grid.isEmpty { throw ValidationError("give at least one --grid name=v1,v2,...") }
        _ = try axes()
    }

    private func axes() throws -> [(name: String, values: [Double])] {
        try grid.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let values = parts.count == 2 ? parts[1].split(separator: ",").compactMap { Double($0) } : []
            guard parts.count == 2, !values.isEmpty, values.count == parts[1].split(separator: ",").count,
                VerifierConfiguration().setting(parts[0], to: values[0]) != nil
            else {
                throw ValidationError(
                    "--grid takes name=v1,v2,... with numbers and a name among: \(VerifierConfiguration.tunableNames.joined(separator: ", "))"
                )
            }
            return (parts[0], values)
        }
    }

    func run() throws {
        let base = try verifier.configuration()
        let sweep = ThresholdSweep(grid: try axes())
        var loaded: [LabelledPhoto] = []
        for directory in directories {
            do {
                loaded += try LabelledPhoto.load(directory)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let photos = loaded
        let pipeline = PhotoPipeline()
        let images = Self.parallel(photos.count, threads: threads) { index in try? pipeline.shrink(.file(path: photos[index].path)) }
        func configuration(_ settings: [String: Double]) -> VerifierConfiguration {
            settings.sorted { $0.key < $1.key }.reduce(base) { $0.setting($1.key, to: $1.value) ?? $0 }
        }
        func measure(_ configuration: VerifierConfiguration) -> [VerifierMeasurement?] {
            let verifier = Verifier(configuration: configuration)
            return Self.parallel(photos.count, threads: threads) { index in
                images[index].map {
                    verifier.measure(
                        $0.analysis,
                        sourceWidth: $0.header.orientedWidth,
                        sourceHeight: $0.header.orientedHeight,
                        thorough: true
                    )
                }
            }
        }
        let judgementOnly = sweep.grid.allSatisfy { VerifierConfiguration.judgementTunables.contains($0.name) }
        let shared = judgementOnly ? measure(base) : []
        let points = sweep.points
        var decisions: [[Decision]] = []
        for (number, settings) in points.enumerated() {
            let chosen = configuration(settings)
            let measurements = judgementOnly ? shared : measure(chosen)
            // A photo that cannot be read is rejected, as the worker does.
            decisions.append(measurements.map { $0.map { Verifier(configuration: chosen).judge($0).decision } ?? .reject })
            if !json, !judgementOnly { FileHandleOutput.standardError.write("point \(number + 1) of \(points.count) measured\n") }
        }
        let result = sweep.choose(photos: photos, decisions: decisions, minimumSourceSize: minSource)
        let report = SweepReport(photos: photos.count, points: points.count, result: result)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    /// `work(index)` for every index, `threads` at a time, in order.
    static func parallel<T: Sendable>(_ count: Int, threads: Int, _ work: @Sendable @escaping (Int) -> T) -> [T] {
        let results = Mutex([T?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { lane in
            for index in stride(from: lane, to: count, by: max(1, threads)) {
                let value = work(index)
                results.withLock { $0[index] = value }
            }
        }
        // Every index was set, so this keeps them all, in order.
        return results.withLock { $0.compactMap { $0 } }
    }
}

/// What `plateproof sweep` prints.
struct SweepReport: Encodable {
    struct HeldOut: Encodable {
        var source: String
        var settings: [String: Double]
        var rates: OperatingPoint
    }

    var photos: Int
    var points: Int
    var objective = OperatingPoint.costFormula
    var settings: [String: Double]
    var rates: OperatingPoint
    var collections: [String: OperatingPoint]
    var leaveOneSourceOut: [HeldOut]

    init(photos: Int, points: Int, result: ThresholdSweep.Result) {
        self.photos = photos
        self.points = points
        settings = result.best.settings
        rates = result.best.chosenOn
        collections = result.best.byCollection
        leaveOneSourceOut = result.leaveOneSourceOut.map { HeldOut(source: $0.source, settings: $0.settings, rates: $0.rates) }
    }

    enum CodingKeys: String, CodingKey {
        case photos, points, objective, settings, rates, collections
        case leaveOneSourceOut = "leave_one_source_out"
    }

    var text: String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
        func settingsText(_ settings: [String: Double]) -> String {
            settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        func row(_ name: String, _ rates: OperatingPoint) -> String {
            name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(rates.photos).leftPadded(7)
                + [rates.falseApprovals, rates.cleanAutoApprovals, rates.cleanRejections, rates.reviewRate].map {
                    percent($0).leftPadded(12)
                }.joined()
        }
        var lines = [
            "\(points) points on \(photos) photos; cost = \(objective)",
            "chosen: \(settingsText(settings))",
            "",
            "source      photos  false appr.  clean auto.  clean rej.    review",
            row("all", rates),
        ]
        if collections.count > 1 {
            lines += collections.sorted { $0.key < $1.key }.map { row(($0.key as NSString).lastPathComponent, $0.value) }
        }
        lines += [
            "",
            "left out (thresholds chosen on the other sources):",
        ]
        for held in leaveOneSourceOut { lines.append(row(held.source, held.rates) + "   " + settingsText(held.settings)) }
        return lines.joined(separator: "\n")
    }
}
