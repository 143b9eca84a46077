import Prometheus

/// Prometheus metrics of the TSA endpoint: requests by outcome (granted or the PKIFailureInfo
/// of the rejection, or the HTTP-level refusal), and request latency.
public final class TSAMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let latency: DurationHistogram
    /// The outcome counters, made once (the registry's lookup and the descriptor cost a few
    /// microseconds per request otherwise).
    let outcomes: [String: Counter]

    public init() {
        latency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "evident_tsa_request_duration", unitName: "seconds",
                helpText: "Time from a complete request body to the response"),
            buckets: [
                .microseconds(250), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1),
            ])
        // Pre-register the outcomes so every series exists from the start.
        var outcomes: [String: Counter] = [:]
        for o in [
            "granted", "badAlg", "badRequest", "badDataFormat", "unacceptedPolicy", "unacceptedExtension",
            "systemFailure",
        ] {
            outcomes[o] = TSAMetrics.makeCounter(registry, o)
        }
        self.outcomes = outcomes
    }

    func counter(_ outcome: String) -> Counter {
        outcomes[outcome] ?? TSAMetrics.makeCounter(registry, outcome)
    }

    static func makeCounter(_ registry: PrometheusCollectorRegistry, _ outcome: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_tsa_requests", unitName: "total",
                helpText: "Time-stamp requests answered, by outcome"), labels: [("outcome", outcome)])
    }

    func refused(_ reason: String) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_tsa_http_refusals", unitName: "total",
                helpText: "Requests refused at the HTTP level, by reason"), labels: [("reason", reason)]
        ).increment()
    }

    func record(outcome: String, nanoseconds: Int64) {
        counter(outcome).increment()
        latency.recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
