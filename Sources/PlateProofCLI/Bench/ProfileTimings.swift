import ArgumentParser
import Foundation
import PlateProofImaging
import PlateProofVerifier

/// What a site's plate models add to the analysis: every photo is analysed with and without them,
/// alternately so that both see the same machine, and the extra time is spread over the dishes found.
struct ProfileTimings: Encodable {
    var models: Int
    /// Dishes found over all photos: each is matched against every model.
    var dishes: Int
    /// Photos whose verdict was measured against a model.
    var matched: Int
    var analysisMsPerPhotoP50: Double
    /// Extra analysis time per dish found, from the fastest of the repeats of each photo.
    var msPerDish: Double

    enum CodingKeys: String, CodingKey {
        case models, dishes, matched
        case analysisMsPerPhotoP50 = "analysis_ms_per_photo_p50"
        case msPerDish = "ms_per_dish"
    }

    var text: String {
        "  profiles: \(models) model(s), \(matched) photo(s) matched one; analysis ms per photo p50 \(analysisMsPerPhotoP50), "
            + "\(msPerDish) ms more per dish (\(dishes) dishes; matching and registering)"
    }

    /// Enrols each folder's photos as one model named after the folder, as `plates enrol` would.
    static func enrol(_ folders: [String], assessor: PhotoAssessor) throws -> [PlateProfile] {
        try folders.map { folder in
            let name = URL(fileURLWithPath: folder).lastPathComponent
            let photos = try BenchPhotos.load([folder]).map { (name: $0.name, source: ImageSource.bytes($0.bytes)) }
            do throws(EnrolmentError) {
                var profile = try assessor.enrolPlate(name: name, photos: photos)
                profile.version = 1
                return profile
            } catch {
                throw ValidationError("\(folder): \(error.message) (\(error.code))")
            }
        }
    }

    static func measure(_ outputs: [PipelineOutput], plain: Verifier, profiled: Verifier, repeat: Int) -> ProfileTimings {
        var (dishes, matched, extra) = (0, 0, 0.0)
        var times: [Double] = []
        for output in outputs {
            let (width, height) = (output.header.orientedWidth, output.header.orientedHeight)
            var (fastestPlain, fastestProfiled) = (Double.infinity, Double.infinity)
            var measurement: VerifierMeasurement?
            for _ in 0..<`repeat` {
                var start = ContinuousClock.now
                _ = plain.measure(output.analysis, sourceWidth: width, sourceHeight: height)
                fastestPlain = min(fastestPlain, BenchRun.milliseconds(ContinuousClock.now - start))
                start = ContinuousClock.now
                measurement = profiled.measure(output.analysis, sourceWidth: width, sourceHeight: height)
                let elapsed = BenchRun.milliseconds(ContinuousClock.now - start)
                fastestProfiled = min(fastestProfiled, elapsed)
                times.append(elapsed)
            }
            dishes += measurement?.findings?.dishes ?? 0
            matched += measurement?.findings?.plateProfile == nil ? 0 : 1
            extra += fastestProfiled - fastestPlain
        }
        func round(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        let run = BenchRun(wallSeconds: 0, milliseconds: times, failures: 0)
        return ProfileTimings(
            models: profiled.profiles.count,
            dishes: dishes,
            matched: matched,
            analysisMsPerPhotoP50: round(run.percentile(0.5)),
            msPerDish: round(extra / Double(max(1, dishes)))
        )
    }
}
