/// PSNR and size samples of evidence images, and their summary.
struct QualitySamples {
    var psnr: [Double] = []
    var bytes: [Int] = []
    var overBudget = 0

    mutating func add(_ psnr: Double, bytes: Int, overBudget: Bool) {
        self.psnr.append(psnr)
        self.bytes.append(bytes)
        if overBudget { self.overBudget += 1 }
    }

    var summary: EvidenceQualityReport.Summary {
        func median<T: Comparable>(_ values: [T]) -> T? { values.isEmpty ? nil : values.sorted()[values.count / 2] }
        func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
        return .init(
            photos: psnr.count,
            psnrMedian: median(psnr).map(round) ?? 0,
            psnrWorst: psnr.min().map(round) ?? 0,
            bytesMedian: median(bytes) ?? 0,
            bytesMax: bytes.max() ?? 0,
            overBudget: overBudget
        )
    }
}

struct EvidenceQualityReport: Encodable {
    struct Summary: Encodable {
        var photos: Int
        var psnrMedian: Double
        var psnrWorst: Double
        var bytesMedian: Int
        var bytesMax: Int
        var overBudget: Int

        enum CodingKeys: String, CodingKey {
            case photos
            case psnrMedian = "psnr_median_db"
            case psnrWorst = "psnr_worst_db"
            case bytesMedian = "bytes_median"
            case bytesMax = "bytes_max"
            case overBudget = "over_budget"
        }

        var text: String {
            "PSNR median \(psnrMedian) dB, worst \(psnrWorst) dB; bytes median \(bytesMedian), max \(bytesMax); \(overBudget) over budget"
        }
    }

    var ours: Summary
    var against: Summary?

    var text: String {
        "\(ours.photos) photos\n  plateproof: \(ours.text)" + (against.map { "\n  against:    \($0.text)" } ?? "")
    }
}
