import Metrics
import PlateProofDomain

/// The worker's metrics, through swift-metrics (exported by whatever backend the process
/// bootstraps). Handles are looked up per use, not kept: one made before the bootstrap would stay
/// a no-op for good.
enum WorkerMetrics {
    /// Photo reading time: decode, downscale and evidence encode.
    static func decoded(in duration: Duration) {
        Metrics.Timer(label: "plateproof_decode_duration_seconds").record(duration: duration)
    }

    /// A decision, and the time from taking its job to recording it.
    static func decided(_ decision: ClaimDecision?, after duration: Duration?) {
        Counter(label: "plateproof_decisions_total", dimensions: [("decision", decision?.rawValue ?? "none")]).increment()
        if let duration { Metrics.Timer(label: "plateproof_job_duration_seconds").record(duration: duration) }
    }
}
