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
    var evidenceMsPerPhotoP50: Double = 0
    var evidenceEncodesPerPhoto: Double = 0
    var shrinkMsPerPhotoP50: Double = 0
    var profiles: ProfileTimings?
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
        case evidenceMsPerPhotoP50 = "evidence_ms_per_photo_p50"
        case evidenceEncodesPerPhoto = "evidence_encodes_per_photo"
        case shrinkMsPerPhotoP50 = "shrink_ms_per_photo_p50"
        case profiles, kernels
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
          shrink:   ms per photo p50 \(shrinkMsPerPhotoP50) (the decode and the downscale to both images)
          analysis: ms per photo p50 \(analysisMsPerPhotoP50) (verifier and hash on the analysis image)
          evidence: ms per photo p50 \(evidenceMsPerPhotoP50), \(evidenceEncodesPerPhoto) encodes per photo (choosing the quality and encoding the evidence JPEG)
          peak RSS: \(peakRSSMegabytes) MB
        """ + (profiles.map { "\n" + $0.text } ?? "")
            + (kernels.map { "\n  kernels (µs, SIMD vs scalar):\n" + $0.map(\.text).joined(separator: "\n") } ?? "")
    }
}
