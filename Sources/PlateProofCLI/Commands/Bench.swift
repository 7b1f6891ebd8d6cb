import ArgumentParser
import Dispatch
import Foundation
import PlateProofImaging
import PlateProofVerifier
import Synchronization

/// `plateproof bench`: the worker's per-photo path, timed in memory with no database.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the per-photo path (decode once, analysis image, verifier, hash, evidence JPEG) in memory.",
        discussion: """
            Every JPEG and PNG in the given folders is read into memory first. Each photo then runs \
            through the same path the worker uses, --repeat times, split over --threads threads; the \
            decode alone (at the pipeline's scale) and the analysis alone (verifier and hash on the \
            analysis image) are timed separately for comparison. Peak RSS is the process's high-water \
            mark. --kernels also times each SIMD pixel kernel against its scalar reference.
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
        let full = BenchRun.measure(items: photos, threads: threads, repeat: self.repeat) { photo in
            if let error = assessor.assess(.bytes(photo.bytes)).error { throw error }
        }
        let outputs = photos.compactMap { try? pipeline.run(.bytes($0.bytes)) }
        let analysis = BenchRun.measure(items: outputs, threads: 1, repeat: self.repeat) { output in
            _ = assessor.verifier.verify(output.analysis, sourceWidth: output.header.orientedWidth, sourceHeight: output.header.orientedHeight)
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
        report.analysisMsPerPhotoP50 = (analysis.percentile(0.5) * 100).rounded() / 100
        if kernels, let sample = outputs.first?.analysis { report.kernels = KernelTimings.measure(sample) }
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
        if full.failures > 0 {
            FileHandleOutput.standardError.write("\(full.failures) photo runs failed (not counted in the timings)\n")
        }
    }

    /// Decodes every row at `scale` into one reused strip, as the pipeline does, and nothing more.
    static func decodeOnly(_ photo: BenchPhotos.Photo, scale: DecodeScale) throws {
        try ImageDecoder().withStripDecoder(.bytes(photo.bytes), scale: scale) { strips in
            var strip = [UInt8](repeating: 0, count: strips.rowBytes * 16)
            try strip.withUnsafeMutableBytes { raw in
                while try strips.readRows(into: raw, stride: strips.rowBytes, maxRows: 16) > 0 {}
            }
            try strips.finish()
        }
    }
}

/// Photos read into memory for a benchmark.
enum BenchPhotos {
    struct Photo: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    static func load(_ paths: [String]) throws -> [Photo] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        let images = Set(["jpg", "jpeg", "png"])
        return try files.filter { images.contains(($0 as NSString).pathExtension.lowercased()) }.map {
            Photo(name: $0, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))))
        }
    }
}

/// Wall time and per-photo times of one benchmarked step.
struct BenchRun {
    var wallSeconds: Double
    var milliseconds: [Double]
    var failures: Int

    func percentile(_ fraction: Double) -> Double {
        guard !milliseconds.isEmpty else { return 0 }
        let sorted = milliseconds.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }

    /// Runs `body` on every item `repeat` times, spread over `threads` threads, each taking every n-th job.
    static func measure<Item: Sendable>(
        items: [Item],
        threads: Int,
        repeat: Int,
        _ body: @Sendable (Item) throws -> Void
    ) -> BenchRun {
        let jobs = `repeat` * items.count
        let results = Mutex<(times: [Double], failures: Int)>(([], 0))
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            var times: [Double] = []
            var failures = 0
            for job in stride(from: worker, to: jobs, by: threads) {
                let item = items[job % items.count]
                let began = ContinuousClock.now
                do {
                    try body(item)
                    times.append(milliseconds(ContinuousClock.now - began))
                } catch {
                    failures += 1
                }
            }
            results.withLock {
                $0.times += times
                $0.failures += failures
            }
        }
        let wall = milliseconds(ContinuousClock.now - start) / 1000
        return results.withLock { BenchRun(wallSeconds: wall, milliseconds: $0.times, failures: $0.failures) }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func peakRSSMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}

/// What `bench` prints.
struct BenchReport: Encodable {
    var photos: Int
    var threads: Int
    var `repeat`: Int
    var photosPerSecond: Double
    var mbPerSecond: Double
    var msPerPhotoP50: Double
    var msPerPhotoP90: Double
    var peakRSSMegabytes: Double
    var decodeMsPerPhotoP50: Double
    var decodeMsPerPhotoP90: Double
    var decodePhotosPerSecond: Double
    var analysisMsPerPhotoP50: Double = 0
    var kernels: [KernelTimings]?

    enum CodingKeys: String, CodingKey {
        case photos, threads, `repeat`
        case photosPerSecond = "photos_per_second"
        case mbPerSecond = "mb_per_second"
        case msPerPhotoP50 = "ms_per_photo_p50"
        case msPerPhotoP90 = "ms_per_photo_p90"
        case peakRSSMegabytes = "peak_rss_mb"
        case decodeMsPerPhotoP50 = "decode_ms_per_photo_p50"
        case decodeMsPerPhotoP90 = "decode_ms_per_photo_p90"
        case decodePhotosPerSecond = "decode_photos_per_second"
        case analysisMsPerPhotoP50 = "analysis_ms_per_photo_p50"
        case kernels
    }

    init(photos: Int, threads: Int, repeat: Int, run: BenchRun, decode: BenchRun, inputBytes: Int, peakRSSMegabytes: Double) {
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        self.photos = photos
        self.threads = threads
        self.repeat = `repeat`
        let processed = Double(run.milliseconds.count)
        photosPerSecond = round(processed / max(run.wallSeconds, 1e-9))
        mbPerSecond = round(Double(inputBytes * `repeat`) / 1e6 / max(run.wallSeconds, 1e-9))
        msPerPhotoP50 = round(run.percentile(0.5))
        msPerPhotoP90 = round(run.percentile(0.9))
        self.peakRSSMegabytes = round(peakRSSMegabytes)
        decodeMsPerPhotoP50 = round(decode.percentile(0.5))
        decodeMsPerPhotoP90 = round(decode.percentile(0.9))
        decodePhotosPerSecond = round(Double(decode.milliseconds.count) / max(decode.wallSeconds, 1e-9))
    }

    var text: String {
        """
        \(photos) photos x \(self.repeat), \(threads) thread(s)
          pipeline: \(photosPerSecond) photos/s, \(mbPerSecond) MB/s, ms per photo p50 \(msPerPhotoP50), p90 \(msPerPhotoP90)
          decode:   \(decodePhotosPerSecond) photos/s, ms per photo p50 \(decodeMsPerPhotoP50), p90 \(decodeMsPerPhotoP90)
          analysis: ms per photo p50 \(analysisMsPerPhotoP50) (verifier and hash on the analysis image)
          peak RSS: \(peakRSSMegabytes) MB
        """ + (kernels.map { "\n  kernels (µs, SIMD vs scalar):\n" + $0.map(\.text).joined(separator: "\n") } ?? "")
    }
}

/// One pixel kernel timed in its SIMD and scalar versions on the same analysis image.
struct KernelTimings: Encodable {
    var name: String
    var simdMicroseconds: Double
    var scalarMicroseconds: Double
    var speedup: Double

    enum CodingKeys: String, CodingKey {
        case name
        case simdMicroseconds = "simd_us"
        case scalarMicroseconds = "scalar_us"
        case speedup
    }

    var text: String {
        "    \(name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(simdMicroseconds) vs \(scalarMicroseconds)  (\(speedup)x)"
    }

    static func measure(_ image: PixelBuffer) -> [KernelTimings] {
        let plane = PixelKernels.colorPlanes(image).lightness
        func time(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<20 {
                let start = ContinuousClock.now
                body()
                best = min(best, BenchRun.milliseconds(ContinuousClock.now - start) * 1000)
            }
            return best
        }
        func entry(_ name: String, _ simd: () -> Void, _ scalar: () -> Void) -> KernelTimings {
            let (fast, slow) = (time(simd), time(scalar))
            func round(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            return KernelTimings(name: name, simdMicroseconds: round(fast), scalarMicroseconds: round(slow), speedup: round(slow / fast))
        }
        var sink = 0.0
        let results = [
            entry("colour planes", { sink += Double(PixelKernels.colorPlanes(image).lightness.values[0]) }, {
                sink += Double(PixelKernels.colorPlanesReference(image).lightness.values[0])
            }),
            entry("3x3 box blur", { sink += Double(PixelKernels.boxBlur3(plane).values[0]) }, {
                sink += Double(PixelKernels.boxBlur3Reference(plane).values[0])
            }),
            entry("gradient magnitude", { sink += Double(PixelKernels.gradientMagnitude(plane).values[0]) }, {
                sink += Double(PixelKernels.gradientMagnitudeReference(plane).values[0])
            }),
            entry("laplacian variance", { sink += PixelKernels.laplacianVariance(plane) }, {
                sink += PixelKernels.laplacianVarianceReference(plane)
            }),
            entry("histogram", { sink += Double(PixelKernels.histogram(plane)[0]) }, {
                sink += Double(PixelKernels.histogramReference(plane)[0])
            }),
            entry("area downscale", { sink += Double(image.areaAveraged(width: image.width / 3, height: image.height / 3).bytes[0]) }, {
                sink += Double(AreaDownscaler.reference(image, width: image.width / 3, height: image.height / 3).bytes[0])
            }),
        ]
        if sink.isNaN { print(sink) }
        return results
    }
}
