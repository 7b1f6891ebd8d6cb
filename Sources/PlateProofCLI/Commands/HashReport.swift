import ArgumentParser
import Foundation
import PlateProofImaging
import PlateProofVerifier

/// `plateproof hash-report`: how well the perceptual hash tells copies from different photos.
struct HashReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-report",
        abstract: "Hamming distances of perceptual hashes: copies of a photo against different photos.",
        discussion: """
            Each photo is copied four ways (re-encoded as JPEG quality 50, resized to half, cropped by 2% \
            and by 5% on every side); each copy goes through the full pipeline as an upload would. Prints the \
            distance distribution of copy-to-original pairs and of pairs of different photos, and the \
            threshold that separates them.
            """
    )

    @Argument(help: "Folders (or files) of photos.")
    var paths: [String]

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let photos = try BenchPhotos.load(paths)
        guard photos.count >= 2 else { throw ValidationError("hash-report needs at least two photos") }
        let assessor = PhotoAssessor()
        func hash(_ bytes: [UInt8]) -> PerceptualHash? {
            let assessment = assessor.assess(.bytes(bytes))
            return assessment.error == nil ? assessment.verification.phash : nil
        }
        var originals: [PerceptualHash] = []
        var copies: [String: [Int]] = ["reencoded": [], "resized": [], "cropped2": [], "cropped5": []]
        for photo in photos {
            guard let original = hash(photo.bytes),
                let full = try? ImageDecoder(configuration: .init(limits: DecodeLimits(maxFileBytes: .max)))
                    .decode(.bytes(photo.bytes)).pixels
            else { continue }
            originals.append(original)
            let variants: [(String, PixelBuffer, Int)] = [
                ("reencoded", full, 50),
                ("resized", full.areaAveraged(width: max(1, full.width / 2), height: max(1, full.height / 2)), 90),
                ("cropped2", Self.cropped(full, by: 0.02), 90),
                ("cropped5", Self.cropped(full, by: 0.05), 90),
            ]
            for (name, image, quality) in variants {
                if let copy = try? hash(JPEGEncoder.encode(image, quality: quality)) {
                    copies[name, default: []].append(original.distance(to: copy))
                }
            }
        }
        var different: [Int] = []
        for i in originals.indices {
            for j in originals.indices where j > i { different.append(originals[i].distance(to: originals[j])) }
        }
        let report = HashReportJSON(copies: copies, different: different)
        FileHandleOutput.standardOutput.write((json ? JSONLine.encode(report) : report.text) + "\n")
    }

    static func cropped(_ image: PixelBuffer, by share: Double) -> PixelBuffer {
        let dx = Int(Double(image.width) * share), dy = Int(Double(image.height) * share)
        var out = PixelBuffer(width: image.width - 2 * dx, height: image.height - 2 * dy)
        for y in 0..<out.height { for x in 0..<out.width { out[x, y] = image[x + dx, y + dy] } }
        return out
    }
}

struct HashReportJSON: Encodable {
    struct Distribution: Encodable {
        var pairs: Int
        var p50: Int
        var p90: Int
        var p99: Int
        var max: Int
        var min: Int

        init(_ values: [Int]) {
            let sorted = values.sorted()
            func at(_ fraction: Double) -> Int {
                sorted.isEmpty ? 0 : sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
            }
            pairs = values.count
            (p50, p90, p99) = (at(0.5), at(0.9), at(0.99))
            (self.max, self.min) = (sorted.last ?? 0, sorted.first ?? 0)
        }
    }

    var copies: [String: Distribution]
    var different: Distribution
    /// Largest distance at which copies still match and at most 0.1% of different pairs collide.
    var suggestedThreshold: Int
    var differentBelowThreshold: Int
    var copiesAboveThreshold: Int

    enum CodingKeys: String, CodingKey {
        case copies, different
        case suggestedThreshold = "suggested_threshold"
        case differentBelowThreshold = "different_pairs_at_or_below_threshold"
        case copiesAboveThreshold = "copies_above_threshold"
    }

    init(copies: [String: [Int]], different: [Int]) {
        self.copies = copies.mapValues(Distribution.init)
        self.different = Distribution(different)
        let allowed = different.count / 1000
        var threshold = 0
        while threshold < 64 && different.filter({ $0 <= threshold + 1 }).count <= allowed { threshold += 1 }
        suggestedThreshold = threshold
        differentBelowThreshold = different.filter { $0 <= threshold }.count
        copiesAboveThreshold = copies.values.joined().filter { $0 > threshold }.count
    }

    var text: String {
        func line(_ name: String, _ d: Distribution) -> String {
            "  \(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(d.pairs) pairs: min \(d.min), p50 \(d.p50), p90 \(d.p90), p99 \(d.p99), max \(d.max)"
        }
        var lines = ["Hamming distance (64-bit pHash)"]
        for name in copies.keys.sorted() { lines.append(line(name, copies[name]!)) }
        lines.append(line("different", different))
        lines.append(
            "suggested threshold: \(suggestedThreshold) (different pairs at or below: \(differentBelowThreshold), copies above: \(copiesAboveThreshold))"
        )
        return lines.joined(separator: "\n")
    }
}
