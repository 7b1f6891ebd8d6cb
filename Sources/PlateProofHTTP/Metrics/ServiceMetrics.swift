import Metrics
public import Prometheus

/// The process's metrics: swift-metrics, exported in Prometheus text by `GET /metrics`.
public enum ServiceMetrics {
    /// The Prometheus registry every swift-metrics call in the process reports to. The metrics
    /// system can be bootstrapped once per process, so this does it on first use.
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Webhook lag, from the event to its first attempt: tenths of a second when all is well, up to
        // an hour while an endpoint is down.
        factory.valueHistogramBuckets["plateproof_webhook_lag_seconds"] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 3600]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    // Handles are looked up per use: one made before the bootstrap would stay a no-op for good.
    static func claimReceived() { Counter(label: "plateproof_claims_received_total").increment() }

    /// Every metric in Prometheus text, with the queue depth as of now.
    static func exposition(queueDepth depth: Int) -> [UInt8] {
        Gauge(label: "plateproof_queue_depth").record(depth)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
