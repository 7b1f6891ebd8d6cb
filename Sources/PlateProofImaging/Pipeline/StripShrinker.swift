/// Feeds decoded rows into the evidence downscaler, and evidence rows on into the analysis one
/// (or decoded rows straight into both when the analysis image is the larger).
struct StripShrinker {
    private var toEvidence: AreaDownscaler
    private var toAnalysis: AreaDownscaler
    private let analysisFromEvidence: Bool
    private(set) var evidence: PixelBuffer
    private(set) var analysis: PixelBuffer
    private var evidenceRow = 0
    private var analysisRow = 0

    init(width: Int, height: Int, evidenceMaxSide: Int, analysisLongSide: Int) {
        let evidenceSize = AreaDownscaler.fittedSize(width: width, height: height, maxSide: evidenceMaxSide)
        toEvidence = AreaDownscaler(
            inputWidth: width,
            inputHeight: height,
            outputWidth: evidenceSize.width,
            outputHeight: evidenceSize.height
        )
        analysisFromEvidence = analysisLongSide <= max(evidenceSize.width, evidenceSize.height)
        let analysisInput = analysisFromEvidence ? evidenceSize : (width, height)
        let analysisSize = AreaDownscaler.fittedSize(
            width: analysisInput.0,
            height: analysisInput.1,
            maxSide: analysisLongSide
        )
        toAnalysis = AreaDownscaler(
            inputWidth: analysisInput.0,
            inputHeight: analysisInput.1,
            outputWidth: analysisSize.width,
            outputHeight: analysisSize.height
        )
        evidence = PixelBuffer(width: evidenceSize.width, height: evidenceSize.height)
        analysis = PixelBuffer(width: analysisSize.width, height: analysisSize.height)
    }

    mutating func push(_ row: UnsafeRawBufferPointer) {
        // A downscaler finishes at most one output row per input row.
        var finished: Int?
        toEvidence.push(row: row) { out in
            Self.store(out, into: &evidence, row: evidenceRow)
            finished = evidenceRow
            evidenceRow += 1
        }
        if !analysisFromEvidence {
            pushAnalysis(row)
        } else if let finished {
            let rowBytes = evidence.rowBytes
            let start = finished * rowBytes
            let bytes = evidence.bytes
            bytes.withUnsafeBytes { bytes in
                pushAnalysis(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + rowBytes)]))
            }
        }
    }

    private mutating func pushAnalysis(_ row: UnsafeRawBufferPointer) {
        toAnalysis.push(row: row) { out in
            Self.store(out, into: &analysis, row: analysisRow)
            analysisRow += 1
        }
    }

    private static func store(_ row: UnsafeRawBufferPointer, into image: inout PixelBuffer, row index: Int) {
        let rowBytes = image.rowBytes
        let start = index * rowBytes
        image.bytes.withUnsafeMutableBytes { bytes in
            UnsafeMutableRawBufferPointer(rebasing: bytes[start..<(start + rowBytes)]).copyMemory(from: row)
        }
    }
}
