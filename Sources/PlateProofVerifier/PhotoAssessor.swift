public import PlateProofImaging

/// One photo through the whole per-photo path: a single bounded-memory decode that yields the
/// evidence JPEG and the analysis image, then the verifier.
public struct PhotoAssessor: Sendable {
    public var pipeline: PhotoPipeline
    public var verifier: Verifier

    public init(pipeline: PhotoPipeline = .init(), verifier: Verifier = .init()) {
        self.pipeline = pipeline
        self.verifier = verifier
    }

    /// The verdict and, when the photo could be read, its evidence; an unreadable photo is
    /// `unusable` and rejected with reason `undecodable`, carrying the imaging error.
    public func assess(_ source: ImageSource) -> Assessment {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let output = try pipeline.run(source)
            let decoded = clock.now
            let verification = verifier.verify(
                output.analysis,
                sourceWidth: output.header.orientedWidth,
                sourceHeight: output.header.orientedHeight
            )
            return Assessment(verification: verification, output: output, error: nil, decodeDuration: decoded - start)
        } catch {
            let verification = Verification(
                label: .unusable,
                decision: .reject,
                score: 0,
                confidence: 1,
                reasons: [.undecodable],
                width: 0,
                height: 0,
                phash: PerceptualHash(value: 0),
                dishes: 0,
                heuristicVersion: verifier.configuration.heuristicVersion
            )
            return Assessment(verification: verification, output: nil, error: error, decodeDuration: clock.now - start)
        }
    }
}

/// A verdict with what produced it.
public struct Assessment: Sendable {
    public var verification: Verification
    /// The pipeline's outputs (evidence, header), when the photo could be read.
    public var output: PipelineOutput?
    public var error: ImagingError?
    /// Time spent reading the photo (decode, downscale, evidence encode), for metrics.
    public var decodeDuration: Duration
}
