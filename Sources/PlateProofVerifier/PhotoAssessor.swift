public import PlateProofImaging

/// One photo through the whole per-photo path: a single bounded-memory decode that yields the
/// evidence JPEG and the analysis image, then the verifier.
public struct PhotoAssessor: Sendable {
    public var pipeline: PhotoPipeline
    public var verifier: Verifier
    /// Keep the picture of what the verifier saw for the photos it does not approve, for the
    /// moderator who will look at them.
    public var keepsOverlays: Bool

    public init(pipeline: PhotoPipeline = .init(), verifier: Verifier = .init(), keepsOverlays: Bool = false) {
        self.pipeline = pipeline
        self.verifier = verifier
        self.keepsOverlays = keepsOverlays
    }

    /// The same assessment with a site's enrolled plate models in place of the verifier's.
    public func measuring(against profiles: [PlateProfile]) -> PhotoAssessor {
        var assessor = self
        assessor.verifier.profiles = profiles
        return assessor
    }

    /// The verdict and, when the photo could be read, its evidence; an unreadable photo is
    /// `unusable` and rejected with reason `undecodable`, carrying the imaging error.
    public func assess(_ source: ImageSource) -> Assessment {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let output = try pipeline.run(source)
            let decoded = clock.now
            let (width, height) = (output.header.orientedWidth, output.header.orientedHeight)
            guard keepsOverlays else {
                let measurement = verifier.measure(output.analysis, sourceWidth: width, sourceHeight: height)
                return Assessment(
                    verification: verifier.judge(measurement),
                    output: output,
                    error: nil,
                    decodeDuration: decoded - start,
                    measurement: measurement
                )
            }
            let explanation = verifier.explain(output.analysis, sourceWidth: width, sourceHeight: height)
            return Assessment(
                verification: explanation.verification,
                output: output,
                error: nil,
                decodeDuration: decoded - start,
                measurement: explanation.measurement,
                overlay: explanation.verification.decision == .approve ? nil : explanation.overlay
            )
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
    /// What the verdict was decided from, when the photo could be read.
    public var measurement: VerifierMeasurement?
    /// What the verifier saw (see ``Explanation/overlay``), when kept: photos not approved, with
    /// ``PhotoAssessor/keepsOverlays``.
    public var overlay: PixelBuffer?

    public init(
        verification: Verification,
        output: PipelineOutput?,
        error: ImagingError?,
        decodeDuration: Duration,
        measurement: VerifierMeasurement? = nil,
        overlay: PixelBuffer? = nil
    ) {
        self.verification = verification
        self.output = output
        self.error = error
        self.decodeDuration = decodeDuration
        self.measurement = measurement
        self.overlay = overlay
    }
}
