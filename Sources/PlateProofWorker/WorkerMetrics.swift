import Metrics
import PlateProofDomain

/// The worker's metrics, through swift-metrics (exported by whatever backend the process bootstraps).
enum WorkerMetrics {
    /// Photo reading time: decode, downscale and evidence encode.
    static let decodeDuration = Metrics.Timer(label: "plateproof_decode_duration_seconds")
    /// Time from taking a job to recording its decision.
    static let jobDuration = Metrics.Timer(label: "plateproof_job_duration_seconds")

    static func decoded(in duration: Duration) { decodeDuration.record(duration: duration) }

    static func decided(_ decision: ClaimDecision?, after duration: Duration?) {
        Counter(label: "plateproof_decisions_total", dimensions: [("decision", decision?.rawValue ?? "none")]).increment()
        if let duration { jobDuration.record(duration: duration) }
    }
}
