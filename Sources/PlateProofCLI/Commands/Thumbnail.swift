import ArgumentParser
import Foundation
import PlateProofImaging

/// `plateproof thumbnail`: make the evidence JPEG for one photo.
struct Thumbnail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the small evidence JPEG of a photo, within a byte budget.",
        discussion: """
            The photo is read once, in strips, at the smallest JPEG DCT scale that covers the output; \
            memory grows with the photo's width, not its area. The output is upright (EXIF \
            orientation applied), sRGB, and carries no metadata. Its quality is the highest that fits \
            --max-bytes; if even the lowest quality does not fit, the file is written anyway and the \
            output says so. Nothing is written when the photo cannot be read.

            Exit status: 0 on success, 1 when the photo was rejected, 2 on a usage error.
            """
    )

    @Argument(help: "The photo (JPEG or PNG).")
    var input: String

    @Argument(help: "Where to write the evidence JPEG (replaced atomically).")
    var output: String

    @Option(help: "Long side of the evidence image, in pixels.")
    var maxSide = 512

    @Option(help: "Byte budget of the evidence file.")
    var maxBytes = EvidenceEncoder.Configuration().maxBytes

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup(title: "Limits")
    var limits: DecodeLimitOptions

    func validate() throws {
        guard maxSide >= 1 else { throw ValidationError("--max-side must be at least 1") }
        guard maxBytes >= 1 else { throw ValidationError("--max-bytes must be at least 1") }
    }

    func run() throws {
        let pipeline = PhotoPipeline(
            configuration: .init(
                decoder: .init(limits: limits.limits),
                evidence: .init(maxBytes: maxBytes),
                evidenceMaxSide: maxSide,
                analysisLongSide: min(maxSide, PhotoPipeline.Configuration().analysisLongSide)
            )
        )
        let result = Result { () throws(ImagingError) in
            let made = try pipeline.run(.file(path: input))
            try Self.writeAtomically(made.evidence.jpeg, to: output)
            return made
        }
        let line = json ? JSONLine.encode(ThumbnailJSON(input: input, output: output, result: result)) : text(result)
        FileHandleOutput.standardOutput.write(line + "\n")
        if case .failure = result { throw ExitCode(1) }
    }

    private func text(_ result: Result<PipelineOutput, ImagingError>) -> String {
        switch result {
        case .success(let made):
            let evidence = made.evidence
            let warning = evidence.overBudget ? " (over the \(maxBytes)-byte budget even at the lowest quality)" : ""
            return "\(input) -> \(output): \(evidence.width)x\(evidence.height) JPEG, "
                + "\(evidence.jpeg.count) bytes at quality \(evidence.quality)\(warning)"
        case .failure(let error):
            return "\(input): rejected: \(error.code): \(error.message)"
        }
    }

    /// Writes to a temporary file beside `path` and renames it, so readers never see a partial file.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ImagingError) {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImagingError(.unwritable, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// The JSON object `thumbnail --json` prints.
struct ThumbnailJSON: Encodable {
    var file: String
    var output: String?
    var width: Int?
    var height: Int?
    var bytes: Int?
    var quality: Int?
    var overBudget: Bool?
    var encodes: Int?
    var sourceWidth: Int?
    var sourceHeight: Int?
    var orientation: Int?
    var scaleDenominator: Int?
    var error: ErrorJSON?

    enum CodingKeys: String, CodingKey {
        case file, output, width, height, bytes, quality
        case overBudget = "over_budget"
        case encodes
        case sourceWidth = "source_width"
        case sourceHeight = "source_height"
        case orientation
        case scaleDenominator = "scale_denominator"
        case error
    }

    init(input: String, output: String, result: Result<PipelineOutput, ImagingError>) {
        file = input
        switch result {
        case .success(let made):
            self.output = output
            (width, height) = (made.evidence.width, made.evidence.height)
            bytes = made.evidence.jpeg.count
            quality = made.evidence.quality
            overBudget = made.evidence.overBudget
            encodes = made.evidence.encodes
            (sourceWidth, sourceHeight) = (made.header.width, made.header.height)
            orientation = made.header.orientation.rawValue
            scaleDenominator = made.scaleDenominator
        case .failure(let failure):
            error = ErrorJSON(failure)
        }
    }
}
