import ArgumentParser
import Foundation
import PlateProofImaging

/// `plateproof evidence-quality`: how faithful and how small the evidence images are.
struct EvidenceQuality: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence-quality",
        abstract: "Measure evidence JPEGs: PSNR against an exact downscale of the full photo, and bytes.",
        discussion: """
            For every photo, the reference is the full-resolution decode, turned upright and shrunk by \
            exact area averaging to the evidence size. With --against DIR, thumbnails another tool made \
            (DIR/<photo name without extension>.jpg) are measured the same way, side by side.
            """
    )

    @Argument(help: "Folders (or files) of photos.")
    var paths: [String]

    @Option(help: "A folder of thumbnails made by another tool, named after the photos.")
    var against: String?

    @Option(help: "Long side of the evidence image, in pixels.")
    var maxSide = 512

    @Option(help: "Byte budget of one evidence file.")
    var maxBytes = EvidenceEncoder.Configuration().maxBytes

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let photos = try BenchPhotos.load(paths)
        guard !photos.isEmpty else { throw ValidationError("no JPEG or PNG files found") }
        let pipeline = PhotoPipeline(
            configuration: .init(evidence: .init(maxBytes: maxBytes), evidenceMaxSide: maxSide, analysisLongSide: min(maxSide, 320))
        )
        let decoder = ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: .max, maxPixels: 200_000_000, maxSide: 65535)))
        var ours = QualitySamples(), theirs = QualitySamples()
        for photo in photos {
            let full = try decoder.decode(.bytes(photo.bytes)).pixels
            let evidence = try pipeline.run(.bytes(photo.bytes)).evidence
            ours.add(try Self.psnr(evidence.jpeg, against: full), bytes: evidence.jpeg.count, overBudget: evidence.overBudget)
            if let against {
                let name = ((photo.name as NSString).lastPathComponent as NSString).deletingPathExtension + ".jpg"
                let path = (against as NSString).appendingPathComponent(name)
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                theirs.add(try Self.psnr(bytes, against: full), bytes: bytes.count, overBudget: bytes.count > maxBytes)
            }
        }
        let report = EvidenceQualityReport(ours: ours.summary, against: against == nil ? nil : theirs.summary)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    /// PSNR of a thumbnail against the full photo shrunk to the thumbnail's own size.
    static func psnr(_ thumbnail: [UInt8], against full: PixelBuffer) throws -> Double {
        let small = try ImageDecoder().decode(.bytes(thumbnail)).pixels
        guard small.width <= full.width, small.height <= full.height else {
            throw ValidationError("a \(small.width)x\(small.height) thumbnail is larger than its \(full.width)x\(full.height) photo")
        }
        return small.psnr(against: full.areaAveraged(width: small.width, height: small.height))
    }
}
