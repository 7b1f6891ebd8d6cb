import ArgumentParser
import Foundation
import PlateProofImaging
import PlateProofVerifier

/// `plateproof bench`: the worker's per-photo path, timed in memory with no database.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the per-photo path (decode once, analysis image, verifier, hash, evidence JPEG) in memory.",
        discussion: """
            Every JPEG and PNG in the given folders is read into memory first. Each photo then runs \
            through the same path the worker uses, --repeat times, split over --threads threads; the \
            decode alone (at the pipeline's scale) and the analysis alone (verifier and hash on the \
            analysis image) are timed separately for comparison, and so are the decode with the downscale to both \
            images (shrink) and the evidence encoding alone. Peak RSS is the process's high-water \
            mark. --kernels also times each SIMD pixel kernel against its scalar reference. --plates \
            enrols a folder of photos of one clean plate model (3-10, named after the folder) as a \
            site's model, in memory; the analysis is then also timed with those models, and what \
            matching and registering add is reported per dish found.
            """
    )

    @Argument(help: "Folders (or files) of photos.")
    var paths: [String]

    @Option(help: "Threads processing photos at once.")
    var threads = 1

    @Option(help: "How many times each photo is processed.")
    var `repeat` = 3

    @Option(help: "Time the decode alone at 1/N JPEG scale (1, 2, 4 or 8) instead of the pipeline's scale.")
    var scale: Int?

    @Flag(help: "Also time each SIMD pixel kernel against its scalar reference.")
    var kernels = false

    @Option(help: "A folder of 3-10 photos of one clean plate model, enrolled in memory (repeat for several models).")
    var plates: [String] = []

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard self.repeat >= 1 else { throw ValidationError("--repeat must be at least 1") }
        if let scale, ![1, 2, 4, 8].contains(scale) { throw ValidationError("--scale takes 1, 2, 4 or 8") }
    }

    func run() throws {
        let photos = try BenchPhotos.load(paths)
        guard !photos.isEmpty else { throw ValidationError("no JPEG or PNG files found in \(paths.joined(separator: ", "))") }
        let pipeline = PhotoPipeline()
        let assessor = PhotoAssessor(pipeline: pipeline)
        let decodeScale =
            scale.map { DecodeScale.denominator($0) }
            ?? .atLeast(longSide: max(pipeline.configuration.evidenceMaxSide, pipeline.configuration.analysisLongSide))

        let decode = BenchRun.measure(items: photos, threads: threads, repeat: self.repeat) { photo in
            try Self.decodeOnly(photo, scale: decodeScale)
        }
        let shrink = BenchRun.measure(items: photos, threads: threads, repeat: self.repeat) { photo in
            _ = try pipeline.shrink(.bytes(photo.bytes))
        }
        let full = BenchRun.measure(items: photos, threads: threads, repeat: self.repeat) { photo in
            if let error = assessor.assess(.bytes(photo.bytes)).error { throw error }
        }
        let outputs = photos.compactMap { try? pipeline.run(.bytes($0.bytes)) }
        let analysis = BenchRun.measure(items: outputs, threads: 1, repeat: self.repeat) { output in
            _ = assessor.verifier.verify(
                output.analysis,
                sourceWidth: output.header.orientedWidth,
                sourceHeight: output.header.orientedHeight
            )
        }
        var report = BenchReport(
            photos: photos.count,
            threads: threads,
            repeat: self.repeat,
            run: full,
            decode: decode,
            inputBytes: photos.reduce(0) { $0 + $1.bytes.count },
            peakRSSMegabytes: BenchRun.peakRSSMegabytes()
        )
        let shrunk = photos.compactMap { try? pipeline.shrink(.bytes($0.bytes)).evidence }
        let evidence = BenchRun.measure(items: shrunk, threads: 1, repeat: self.repeat) { pixels in
            _ = try EvidenceEncoder(configuration: pipeline.configuration.evidence).encode(pixels)
        }
        report.analysisMsPerPhotoP50 = (analysis.percentile(0.5) * 100).rounded() / 100
        report.evidenceMsPerPhotoP50 = (evidence.percentile(0.5) * 100).rounded() / 100
        let encodes = outputs.reduce(0) { $0 + $1.evidence.encodes }
        report.evidenceEncodesPerPhoto = (Double(encodes) / Double(max(1, outputs.count)) * 100).rounded() / 100
        report.shrinkMsPerPhotoP50 = (shrink.percentile(0.5) * 100).rounded() / 100
        if !plates.isEmpty {
            var profiled = assessor.verifier
            profiled.profiles = try ProfileTimings.enrol(plates, assessor: assessor)
            report.profiles = ProfileTimings.measure(outputs, plain: assessor.verifier, profiled: profiled, repeat: self.repeat)
        }
        if kernels, let sample = outputs.first?.analysis { report.kernels = KernelTimings.measure(sample) }
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
        if full.failures > 0 {
            FileHandleOutput.standardError.write("\(full.failures) photo runs failed (not counted in the timings)\n")
        }
    }

    /// Decodes every row at `scale` into one reused strip, as the pipeline does, and nothing more.
    static func decodeOnly(_ photo: BenchPhotos.Photo, scale: DecodeScale) throws {
        try ImageDecoder().withStripDecoder(.bytes(photo.bytes), scale: scale) { strips in
            try strips.forEachStrip { _, _ in }
        }
    }
}
