import ArgumentParser
import PlateProofDomain
import PlateProofImaging
import PlateProofStore
import PlateProofVerifier
import PlateProofWorker

/// How claims are processed, the same for `serve` (its embedded workers and its uploads) and
/// `worker`: the verifier, the duplicate rules, leases, quality control and photo size limits.
struct ClaimProcessingOptions: ParsableArguments {
    @Option(help: "Seconds a job stays leased; a job whose worker died is taken again after this.")
    var leaseSeconds: Int64 = 120

    @Option(help: "Share of machine approvals and rejections sampled for moderators' quality checks.")
    var qaRate = 0.02

    @Option(help: "Earlier claims compared for near-duplicate photos, in days.")
    var duplicateWindowDays = 30

    @Option(help: "Hamming distance up to which perceptual hashes are the same picture.")
    var nearDuplicateDistance = DuplicateRules().nearDuplicateDistance

    @Option(help: "A photo taken longer than this before its claim (EXIF) is stale, in hours.")
    var staleAfterHours = 24

    @Option(help: "Largest accepted photo, in bytes: uploads over it are refused, and the decoder reads no more.")
    var maxPhotoBytes = DecodeLimits().maxFileBytes

    @Option(help: "Largest accepted photo, in pixels (width x height).")
    var maxImagePixels = DecodeLimits().maxPixels

    @Option(help: "Largest accepted photo width or height, in pixels.")
    var maxImageSide = DecodeLimits().maxSide

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    func validate() throws {
        guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1") }
        guard (0...1).contains(qaRate) else { throw ValidationError("--qa-rate takes a share from 0 to 1") }
        guard duplicateWindowDays >= 0, staleAfterHours >= 1, (0...63).contains(nearDuplicateDistance) else {
            throw ValidationError("--duplicate-window-days >= 0, --stale-after-hours >= 1, --near-duplicate-distance 0-63")
        }
        guard maxPhotoBytes >= 1024, maxImagePixels >= 1, maxImageSide >= 1 else {
            throw ValidationError("--max-photo-bytes must be at least 1024, --max-image-pixels and --max-image-side at least 1")
        }
    }

    var duplicateRules: DuplicateRules {
        DuplicateRules(
            nearDuplicateDistance: nearDuplicateDistance,
            nearDuplicateWindowSeconds: Int64(duplicateWindowDays) * 86400,
            staleAfterSeconds: Int64(staleAfterHours) * 3600
        )
    }

    var decodeLimits: DecodeLimits { DecodeLimits(maxFileBytes: maxPhotoBytes, maxPixels: maxImagePixels, maxSide: maxImageSide) }

    /// The decoder (within the limits), the verifier (with `--set`) and the overlays kept for moderators.
    func assessor() throws -> PhotoAssessor {
        var pipeline = PhotoPipeline.Configuration()
        pipeline.decoder.limits = decodeLimits
        return PhotoAssessor(
            pipeline: PhotoPipeline(configuration: pipeline),
            verifier: Verifier(configuration: try verifier.configuration()),
            keepsOverlays: true
        )
    }

    /// A worker named `owner` that settles claims by these rules.
    func worker(
        owner: String,
        storage: (store: any Store, blobs: any BlobStore),
        catalogue: ActivityCatalogue,
        onStoreFailure: @escaping @Sendable (StoreError, Duration) -> Void
    ) throws -> ClaimWorker {
        var configuration = ClaimWorker.Configuration(owner: owner)
        configuration.leaseSeconds = leaseSeconds
        configuration.qualityControlRate = qaRate
        configuration.onStoreFailure = onStoreFailure
        return ClaimWorker(
            store: storage.store,
            blobs: storage.blobs,
            assessor: try assessor(),
            catalogue: catalogue,
            duplicateRules: duplicateRules,
            configuration: configuration,
            now: Clock.now
        )
    }
}
