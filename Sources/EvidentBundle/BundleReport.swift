import EvidentCore
import EvidentDER
import EvidentLedger

/// What a regulator reads: period, streams, counts, anchors and each receipt's proven time window.
public struct BundleSummary: Sendable {
    public struct Anchor: Sendable {
        public let treeSize: UInt64
        /// The subject of the TSA certificate whose chain to a given root validated; nil when it
        /// did not (then only ``claimedTSA`` is known, and it is not a fact).
        public let tsa: String?
        /// The label the unsigned manifest gives (a URL, as anchored): shown as claimed.
        public let claimedTSA: String
        public let genTime: String?
        public let verdict: Verdict
        /// The DER deviations its token's encoding rules tolerated (issue #14): shown, never
        /// hidden; `--strict-der` fails them instead.
        public var warnings: [DERWarning] = []
    }

    /// The selection as the unsigned manifest states it; every receipt is checked against it.
    public struct Scope: Sendable {
        public var from: String?
        public var to: String?
        public var stream: String?
        public var decision: String?
        public var action: String?
        public var isFiltered: Bool { stream != nil || decision != nil || action != nil }

        /// One line: "issued in [from, to)" plus the filters.
        public var description: String {
            var parts = ["issued in [\(from ?? "the log's start"), \(to ?? "the covering checkpoint"))"]
            if let stream { parts.append("stream = \(stream)") }
            if let decision { parts.append("decision = \(decision)") }
            if let action { parts.append("action = \(action)") }
            return parts.joined(separator: ", ")
        }
    }

    /// Whether the bundle proves it holds every receipt of its selection.
    public enum Completeness: Sendable, Equatable {
        /// Every receipt of the log (as of the checkpoint of this size) in the selection is in the bundle.
        case proven(treeSize: UInt64)
        /// A stream/decision/action filter: completeness is not claimed and not proven.
        case notClaimed
        /// Claimed but not proven (evidence missing or checks failed).
        case notProven

        public var name: String {
            switch self {
            case .proven: return "proven"
            case .notClaimed: return "not-claimed"
            case .notProven: return "not-proven"
            }
        }
    }

    public struct Window: Sendable {
        public let leafIndex: UInt64
        public let stream: String
        public let sequence: Int64
        public let hash: String
        public let issuedAt: String
        /// Not before the genTime of the anchor token the receipt references (nil: no lower bound).
        public let notBefore: String?
        /// Not after the genTime of the first verified anchor covering it (nil: unanchored).
        public let notAfter: String?
    }

    public var origin = ""
    public var claimedScope = Scope()
    public var completeness = Completeness.notProven
    /// The leaves the bundle holds as one run (a period selection), when they are one.
    public var leaves: ClosedRange<UInt64>?
    /// `require` or `none` (`verify --revocation-policy`).
    public var revocationPolicy = "require"
    /// The algorithm policy the anchors' tokens were judged by (its name).
    public var algorithmPolicy = ""
    /// What the verifier was given to trust — the only trust there is (issue #16: a report names
    /// its trust inputs): each TSA root (subject, SHA-256), each ledger key (key id), key records
    /// and revocation data given on the command line.
    public var trustInputs: [String] = []
    /// Findings past ``BundleVerifier/maxFindings``, counted, not kept.
    public var findingsOmitted = 0
    public var firstIssuedAt: String?
    public var lastIssuedAt: String?
    public var receipts = 0
    public var allows = 0
    public var denies = 0
    public var streams: [String: Int] = [:]
    public var checkpoints: [UInt64] = []
    public var anchors: [Anchor] = []
    /// The first ``windowLimit`` receipts' windows (a report of millions of rows helps nobody,
    /// and memory must not grow with the bundle); ``windowsOmitted`` counts the rest.
    public private(set) var windows: [Window] = []
    public private(set) var windowsOmitted = 0
    public var windowLimit = BundleSummary.defaultWindowLimit
    public static let defaultWindowLimit = 100_000
    /// Receipts no verified anchor covers (counted over all of them, listed or not).
    public var unanchored = 0

    mutating func append(window: Window) {
        if windows.count < windowLimit { windows.append(window) } else { windowsOmitted += 1 }
    }
}

public struct BundleReport: Sendable {
    public let verdict: Verdict
    /// Failures first (the first one is "the first failing check"), then undecidable checks.
    public let findings: [Finding]
    public let summary: BundleSummary

    public var firstProblem: Finding? { findings.first }

    /// The report as canonical JSON.
    public func json() throws -> [UInt8] {
        func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
        let value = JCSValue.object(
            try JCSObject([
                "schema": .string(JSONValue.schemaID("bundle-verification")),
                "verdict": .string(verdict.rawValue),
                "findings": .array(
                    try findings.map { f in
                        .object(
                            try JCSObject([
                                "check": .string(f.check.rawValue), "object": .string(f.object),
                                "reason": .string(f.reason),
                                "outcome": .string(f.severity.rawValue),
                            ]))
                    }),
                "summary": .object(
                    try JCSObject([
                        "origin": .string(summary.origin), "first_issued_at": s(summary.firstIssuedAt),
                        "last_issued_at": s(summary.lastIssuedAt),
                        "selection_claimed": .object(
                            try JCSObject([
                                "from": s(summary.claimedScope.from), "to": s(summary.claimedScope.to),
                                "stream": s(summary.claimedScope.stream), "decision": s(summary.claimedScope.decision),
                                "action": s(summary.claimedScope.action),
                            ])),
                        "completeness": .string(summary.completeness.name),
                        "leaves": summary.leaves.map {
                            .array([.number(Double($0.lowerBound)), .number(Double($0.upperBound))])
                        } ?? .null,
                        "revocation_policy": .string(summary.revocationPolicy),
                        "algorithm_policy": .string(summary.algorithmPolicy),
                        "trust_inputs": .array(summary.trustInputs.map { .string($0) }),
                        "findings_omitted": .number(Double(summary.findingsOmitted)),
                        "receipts": .number(Double(summary.receipts)), "allow": .number(Double(summary.allows)),
                        "deny": .number(Double(summary.denies)),
                        "unanchored": .number(Double(summary.unanchored)),
                        "receipts_windows_omitted": .number(Double(summary.windowsOmitted)),
                        "streams": .object(
                            try JCSObject(summary.streams.map { JCSObject.Member($0.key, .number(Double($0.value))) })),
                        "checkpoints": .array(summary.checkpoints.map { .number(Double($0)) }),
                        "anchors": .array(
                            try summary.anchors.map { a in
                                .object(
                                    try JCSObject([
                                        "tree_size": .number(Double(a.treeSize)), "tsa": s(a.tsa),
                                        "tsa_claimed": .string(a.claimedTSA), "gen_time": s(a.genTime),
                                        "verdict": .string(a.verdict.rawValue),
                                        "warnings": .array(
                                            a.warnings.map {
                                                .string("\($0.code) at offset \($0.offset): \($0.detail)")
                                            }),
                                    ]))
                            }),
                        "receipts_windows": .array(
                            try summary.windows.map { w in
                                .object(
                                    try JCSObject([
                                        "leaf_index": .number(Double(w.leafIndex)), "stream": .string(w.stream),
                                        "seq": .number(Double(w.sequence)),
                                        "hash": .string(w.hash), "issued_at": .string(w.issuedAt),
                                        "not_before": s(w.notBefore),
                                        "not_after": s(w.notAfter),
                                    ]))
                            }),
                    ])),
            ]))
        return try JCS.serialize(value) + [0x0A]
    }

    /// What the completeness line says, in every output (text, HTML).
    public var completenessText: String {
        switch summary.completeness {
        case .proven(let size):
            let run = summary.leaves.map { "leaves \($0.lowerBound)…\($0.upperBound)" } ?? "its leaves"
            return
                "proven: the bundle holds \(run) of this ledger's log (checkpoint of size \(size)), bounded by the log's ends or by neighbours it carries; "
                + "that is every receipt \(summary.claimedScope.description) by the ledger's monotone time, checked on every pair the bundle holds "
                + "(a whole-log export checks it on the whole log)"
        case .notClaimed:
            return
                "NOT PROVEN: a filtered selection (\(summary.claimedScope.description)); receipts of the log outside the bundle that match it are not ruled out"
        case .notProven:
            return "NOT PROVEN: the bundle does not prove it holds every receipt \(summary.claimedScope.description)"
        }
    }

    /// The human-readable report. Every string from the bundle goes through ``DisplayText/safe(_:)``:
    /// none can move the cursor, start a line or paint over the verdict.
    public func text(all: Bool) -> String {
        let safe = DisplayText.safe
        var out = "bundle \(verdict.rawValue)"
        if let p = firstProblem { out += ": \(safe(p.description))" }
        out += "\n"
        if all && findings.count > 1 { for f in findings.dropFirst() { out += "  also: \(safe(f.description))\n" } }
        if summary.findingsOmitted > 0 {
            out += "  … and \(summary.findingsOmitted) more findings (the first \(findings.count) are listed)\n"
        }
        out += "ledger: \(safe(summary.origin))\n"
        out += "selection (claimed by the manifest): \(safe(summary.claimedScope.description))\n"
        out += "completeness: \(safe(completenessText))\n"
        out +=
            "issued_at of the receipts: \(summary.firstIssuedAt.map(safe) ?? "-") .. \(summary.lastIssuedAt.map(safe) ?? "-")\n"
        out +=
            "receipts: \(summary.receipts) (allow \(summary.allows), deny \(summary.denies)) in \(summary.streams.count) stream(s)\n"
        for (name, count) in summary.streams.sorted(by: { $0.key < $1.key }) {
            out += "  stream \(safe(name)): \(count)\n"
        }
        out += "checkpoints: \(summary.checkpoints.map(String.init).joined(separator: ", "))\n"
        if summary.anchors.isEmpty { out += "anchors: none (the receipts' times are not proven)\n" }
        for a in summary.anchors {
            let who = a.tsa.map { "TSA \(safe($0))" } ?? "an unverified TSA"
            out +=
                "anchor: checkpoint \(a.treeSize) by \(who) (claimed: \(safe(a.claimedTSA))) at \(a.genTime ?? "?") (\(a.verdict.rawValue))\n"
            for w in a.warnings {
                out +=
                    "  warning: DER deviation accepted in its token: \(w.code) at offset \(w.offset): \(safe(w.detail))\n"
            }
        }
        out +=
            summary.revocationPolicy == "none"
            ? "TSA revocation: NOT CHECKED where the bundle and the command line gave no data (--revocation-policy none)\n"
            : "TSA revocation: required for every anchor (from the bundle or --crl/--ocsp)\n"
        out += "algorithm policy: \(safe(summary.algorithmPolicy))\n"
        out += "trusted (given to the verifier; nothing in the bundle is trusted):\n"
        for t in summary.trustInputs { out += "  \(safe(t))\n" }
        if summary.unanchored > 0 { out += "unanchored receipts: \(summary.unanchored)\n" }
        out += "proven time windows (leaf, stream#seq, issued_at, not before, not after):\n"
        for w in summary.windows {
            out +=
                "  \(w.leafIndex)\t\(safe(w.stream))#\(w.sequence)\t\(w.issuedAt)\t\(w.notBefore ?? "-")\t\(w.notAfter ?? "unanchored")\n"
        }
        if summary.windowsOmitted > 0 {
            out += "  … and \(summary.windowsOmitted) more receipts (the first \(summary.windows.count) are listed)\n"
        }
        return out
    }
}
