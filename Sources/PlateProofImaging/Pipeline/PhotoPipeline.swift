/// What one pass over a photo produces.
public struct PipelineOutput: Sendable {
    /// The photo's header (stored size, orientation, EXIF).
    public var header: ImageHeader
    /// The JPEG DCT scale denominator the decode ran at.
    public var scaleDenominator: Int
    /// The small upright image the verifier analyses.
    public var analysis: PixelBuffer
    /// The upright evidence JPEG.
    public var evidence: EvidenceImage
}

/// Reads a photo once, in strips, and produces both the analysis image and the evidence JPEG.
///
/// The decode runs at the smallest JPEG DCT scale that still covers the largest output. Each strip
/// of decoded rows is area-averaged into the evidence image (and from there into the analysis
/// image) and then reused for the next strip, so the full-resolution photo is never in memory: peak
/// memory grows with the photo's width, not its area. Files are read in small chunks, not whole.
public struct PhotoPipeline: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var decoder: ImageDecoder.Configuration
        public var evidence: EvidenceEncoder.Configuration
        /// Long side of the evidence image, in pixels (smaller photos are not enlarged).
        public var evidenceMaxSide: Int
        /// Long side of the analysis image, in pixels.
        public var analysisLongSide: Int
        /// Rows decoded per strip.
        public var stripRows: Int

        public init(
            decoder: ImageDecoder.Configuration = .init(),
            evidence: EvidenceEncoder.Configuration = .init(),
            evidenceMaxSide: Int = 512,
            analysisLongSide: Int = 320,
            stripRows: Int = 16
        ) {
            self.decoder = decoder
            self.evidence = evidence
            self.evidenceMaxSide = evidenceMaxSide
            self.analysisLongSide = analysisLongSide
            self.stripRows = stripRows
        }
    }

    public var configuration: Configuration

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Reads the photo once and returns the upright analysis image and evidence JPEG.
    /// - Throws: ``ImagingError`` when the photo cannot be read, is damaged or is over the limits.
    public func run(_ source: ImageSource) throws(ImagingError) -> PipelineOutput {
        let shrunk = try shrink(source)
        return PipelineOutput(
            header: shrunk.header,
            scaleDenominator: shrunk.scaleDenominator,
            analysis: shrunk.analysis,
            evidence: try EvidenceEncoder(configuration: configuration.evidence).encode(shrunk.evidence)
        )
    }

    /// The decode and downscale half of ``run(_:)``: the upright evidence and analysis pixels,
    /// before the evidence is encoded.
    public func shrink(_ source: ImageSource) throws(ImagingError) -> ShrunkPhoto {
        let configuration = configuration
        let decoder = ImageDecoder(configuration: configuration.decoder)
        let largest = max(configuration.evidenceMaxSide, configuration.analysisLongSide)
        let shrunk = try ImageDecoder.typed {
            try decoder.withStripDecoder(source, scale: .atLeast(longSide: largest)) { strips in
                var shrinker = StripShrinker(
                    width: strips.outputWidth,
                    height: strips.outputHeight,
                    evidenceMaxSide: configuration.evidenceMaxSide,
                    analysisLongSide: configuration.analysisLongSide
                )
                let rowBytes = strips.rowBytes
                try strips.forEachStrip(rows: configuration.stripRows) { strip, rows in
                    for row in 0..<rows {
                        shrinker.push(UnsafeRawBufferPointer(rebasing: strip[(row * rowBytes)..<((row + 1) * rowBytes)]))
                    }
                }
                return (strips.header, strips.scaleDenominator, shrinker.evidence, shrinker.analysis)
            }
        }
        let (header, denominator, evidence, analysis) = shrunk
        return ShrunkPhoto(
            header: header,
            scaleDenominator: denominator,
            evidence: evidence.oriented(header.orientation),
            analysis: analysis.oriented(header.orientation)
        )
    }
}

/// A photo decoded and downscaled, before its evidence is encoded.
public struct ShrunkPhoto: Sendable {
    /// The photo's header (stored size, orientation, EXIF).
    public var header: ImageHeader
    /// The JPEG DCT scale denominator the decode ran at.
    public var scaleDenominator: Int
    /// The upright evidence pixels.
    public var evidence: PixelBuffer
    /// The small upright image the verifier analyses.
    public var analysis: PixelBuffer
}
