import Foundation
import Prometheus

/// Prometheus metrics of `evident serve`: requests by route and status, refusals, receipts
/// minted and failed, the mint queue's depth, signing latency quantiles (request accepted →
/// receipt durable) and commit duration, and anchor freshness.
public final class LedgerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let mintLatency = LatencyWindow()
    let commitLatency = LatencyWindow()

    public init() {
        for outcome in ["ok", "failed"] { _ = minted(outcome) }
    }

    func request(route: String, status: Int) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_http_requests", unitName: "total", helpText: "HTTP requests, by route and status"),
            labels: [("route", route), ("status", String(status))]
        ).increment()
    }

    func minted(_ outcome: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "evident_receipts_minted", unitName: "total",
                helpText: "Receipts minted (ok) or lost to a failed transaction (failed)"),
            labels: [("outcome", outcome)])
    }

    func commit(drafts: Int, commitNanos: UInt64, waitNanos: [UInt64], failed: Bool) {
        minted(failed ? "failed" : "ok").increment(by: Int64(drafts))
        commitLatency.record(commitNanos)
        if !failed { for w in waitNanos { mintLatency.record(w) } }
    }

    /// The exposition: the registry's series plus the gauges read now.
    func render(
        queueDepth: Int, queueCapacity: Int, anchorAgeSeconds: Double?, tokenFileValid: Bool = true,
        capacity: ServerCapacity? = nil
    ) -> [UInt8] {
        var text = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        text += mintLatency.render(
            name: "evident_mint_latency_seconds",
            help: "Time from a mint request's acceptance to its receipts being durable (recent window)")
        text += commitLatency.render(
            name: "evident_commit_duration_seconds",
            help: "Duration of one group-commit transaction, signing included (recent window)")
        text +=
            "# HELP evident_mint_queue_depth Drafts waiting for group commit\n# TYPE evident_mint_queue_depth gauge\nevident_mint_queue_depth \(queueDepth)\n"
        text +=
            "# HELP evident_mint_queue_capacity Most drafts that may wait\n# TYPE evident_mint_queue_capacity gauge\nevident_mint_queue_capacity \(queueCapacity)\n"
        text +=
            "# HELP evident_token_file_valid 1 when the token file read last was valid; 0: it fails closed, no token is accepted\n# TYPE evident_token_file_valid gauge\nevident_token_file_valid \(tokenFileValid ? 1 : 0)\n"
        if let capacity { text += capacity.prometheus(prefix: "evident_") }
        if let age = anchorAgeSeconds {
            text +=
                "# HELP evident_anchor_age_seconds Seconds since the newest anchor's genTime\n# TYPE evident_anchor_age_seconds gauge\nevident_anchor_age_seconds \(age)\n"
        }
        return Array(text.utf8)
    }
}
