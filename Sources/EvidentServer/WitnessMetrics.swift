import Prometheus

/// Prometheus metrics of `evident witness serve`: requests by route and status, cosignatures
/// issued, 409 conflicts, and refusals that proved the log equivocated.
public final class WitnessMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()

    public init() {
        for name in ["cosignatures", "conflicts", "equivocations"] { _ = counter(name) }
    }

    func counter(_ name: String) -> Counter {
        let help: [String: String] = [
            "cosignatures": "Cosignatures issued (each recorded durably first)",
            "conflicts": "add-checkpoint answered 409: the old size is not the latest cosigned size",
            "equivocations": "add-checkpoint refused with proof that the log signed two inconsistent trees",
        ]
        return registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_witness_\(name)", unitName: "total", helpText: help[name] ?? name))
    }

    func request(route: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_witness_http_requests", unitName: "total",
                helpText: "HTTP requests, by route and status"),
            labels: [("route", route), ("status", String(status))]
        ).increment()
    }

    /// The Prometheus text exposition.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
