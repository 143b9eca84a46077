import EvidentLedger

/// valid | invalid | indeterminate, as every verifier in the project answers.
public enum BundleVerdict: String, Sendable, Hashable {
    case valid, invalid, indeterminate

    /// The CLI exit status: 0, 1, 3.
    public var exitCode: Int32 {
        switch self {
        case .valid: return 0
        case .invalid: return 1
        case .indeterminate: return 3
        }
    }
}

/// One failed or undecidable check: its name (docs/bundle.md, "Checks"), the object and why.
public struct BundleFinding: Sendable, Hashable, CustomStringConvertible {
    public let check: String
    public let object: String
    public let reason: String
    /// True for a failure (invalid), false for an undecidable check (indeterminate).
    public let isFailure: Bool

    public var description: String { "\(check) \(isFailure ? "failed" : "indeterminate") for \(object): \(reason)" }
}

/// What a regulator reads: period, streams, counts, anchors and each receipt's proven time window.
public struct BundleSummary: Sendable {
    public struct Anchor: Sendable {
        public let treeSize: UInt64
        public let tsa: String
        public let genTime: String?
        public let verdict: BundleVerdict
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
    public let verdict: BundleVerdict
    /// Failures first (the first one is "the first failing check"), then undecidable checks.
    public let findings: [BundleFinding]
    public let summary: BundleSummary

    public var firstProblem: BundleFinding? { findings.first }

    /// The report as canonical JSON.
    public func json() throws -> [UInt8] {
        func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
        let value = JCSValue.object(try JCSObject([
            "verdict": .string(verdict.rawValue),
            "findings": .array(try findings.map { f in
                .object(try JCSObject(["check": .string(f.check), "object": .string(f.object), "reason": .string(f.reason),
                                       "outcome": .string(f.isFailure ? "invalid" : "indeterminate")]))
            }),
            "summary": .object(try JCSObject([
                "origin": .string(summary.origin), "first_issued_at": s(summary.firstIssuedAt), "last_issued_at": s(summary.lastIssuedAt),
                "receipts": .number(Double(summary.receipts)), "allow": .number(Double(summary.allows)), "deny": .number(Double(summary.denies)),
                "unanchored": .number(Double(summary.unanchored)),
                "receipts_windows_omitted": .number(Double(summary.windowsOmitted)),
                "streams": .object(try JCSObject(summary.streams.map { JCSObject.Member($0.key, .number(Double($0.value))) })),
                "checkpoints": .array(summary.checkpoints.map { .number(Double($0)) }),
                "anchors": .array(try summary.anchors.map { a in
                    .object(try JCSObject(["tree_size": .number(Double(a.treeSize)), "tsa": .string(a.tsa), "gen_time": s(a.genTime),
                                           "verdict": .string(a.verdict.rawValue)]))
                }),
                "receipts_windows": .array(try summary.windows.map { w in
                    .object(try JCSObject(["leaf_index": .number(Double(w.leafIndex)), "stream": .string(w.stream), "seq": .number(Double(w.sequence)),
                                           "hash": .string(w.hash), "issued_at": .string(w.issuedAt), "not_before": s(w.notBefore),
                                           "not_after": s(w.notAfter)]))
                }),
            ])),
        ]))
        return try JCS.serialize(value) + [0x0A]
    }

    /// The human-readable report.
    public func text(all: Bool) -> String {
        var out = "bundle \(verdict.rawValue)"
        if let p = firstProblem { out += ": \(p)" }
        out += "\n"
        if all && findings.count > 1 { for f in findings.dropFirst() { out += "  also: \(f)\n" } }
        out += "ledger: \(summary.origin)\n"
        out += "period: \(summary.firstIssuedAt ?? "-") .. \(summary.lastIssuedAt ?? "-")\n"
        out += "receipts: \(summary.receipts) (allow \(summary.allows), deny \(summary.denies)) in \(summary.streams.count) stream(s)\n"
        for (name, count) in summary.streams.sorted(by: { $0.key < $1.key }) { out += "  stream \(name): \(count)\n" }
        out += "checkpoints: \(summary.checkpoints.map(String.init).joined(separator: ", "))\n"
        if summary.anchors.isEmpty { out += "anchors: none (the receipts' times are not proven)\n" }
        for a in summary.anchors { out += "anchor: checkpoint \(a.treeSize) by \(a.tsa) at \(a.genTime ?? "?") (\(a.verdict.rawValue))\n" }
        if summary.unanchored > 0 { out += "unanchored receipts: \(summary.unanchored)\n" }
        out += "proven time windows (leaf, stream#seq, issued_at, not before, not after):\n"
        for w in summary.windows {
            out += "  \(w.leafIndex)\t\(w.stream)#\(w.sequence)\t\(w.issuedAt)\t\(w.notBefore ?? "-")\t\(w.notAfter ?? "unanchored")\n"
        }
        if summary.windowsOmitted > 0 { out += "  … and \(summary.windowsOmitted) more receipts (the first \(summary.windows.count) are listed)\n" }
        return out
    }
}
