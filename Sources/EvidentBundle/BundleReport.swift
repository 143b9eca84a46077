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
        /// genTime plus the token's accuracy (RFC 3161 §2.4.2), rounded up to whole ms: what the
        /// token proves existed, existed no later than this (red team round 26, F1).
        public let existedBy: String?
        public let verdict: Verdict
        /// The DER deviations its token's encoding rules tolerated (issue #14): shown, never
        /// hidden; `--strict-der` fails them instead.
        public var warnings: [DERWarning] = []
        /// Its RFC 4998 evidence records (v4), in manifest order.
        public var evidenceRecords: [EvidenceRecord] = []
    }

    /// One evidence record of an anchor, as verified.
    public struct EvidenceRecord: Sendable {
        public struct TimeStamp: Sendable {
            /// "initial", "time-stamp renewal" or "hash-tree renewal".
            public let kind: String
            public let hashAlgorithm: String
            public let genTime: String?
            /// The TSA's certificate subject, when its chain validated.
            public let tsa: String?
            public let verdict: Verdict
        }
        public let record: String
        public let slot: Int
        public let verdict: Verdict
        /// When valid: the record proves the anchor existed by then (its first time-stamp's genTime
        /// plus that token's accuracy, rounded up to whole ms; red team round 26, F1).
        public var provenAt: String?
        /// Until when the record keeps its proof without another renewal.
        public var provenUntil: String?
        public var timeStamps: [TimeStamp] = []
    }

    /// The selection as the unsigned manifest states it; every receipt is checked against it.
    public struct Scope: SelectionShape, Sendable {
        public var from: String?
        public var to: String?
        public var stream: String?
        public var decision: String?
        public var action: String?
        public var statesStart: Bool { from != nil }

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
        /// The receipt's log position; nil when nothing proves it (a v5 bundle whose multi-proof
        /// does not lead to the covering root: the index is then only the bundle's claim).
        public let leafIndex: UInt64?
        public let stream: String
        public let sequence: Int64
        public let hash: String
        public let issuedAt: String
        /// Not before the genTime of the anchor token the receipt references (nil: no lower bound).
        public let notBefore: String?
        /// Not after the genTime of the first verified anchor covering it (nil: unanchored).
        public let notAfter: String?
        /// The signed receipt's own fields (what was decided, by whom, on what).
        public let decision: String
        public let actor: String
        public let action: String
        public let resource: String
    }

    /// One input the verifier was given to trust, with its fingerprint (docs/verification.md,
    /// "Report fields"): the only trust there is.
    public enum TrustInput: Sendable, Equatable {
        /// A TSA root certificate: its subject and SHA-256 of its DER.
        case tsaRoot(subject: String, sha256: String)
        /// A ledger public key: its key id and SHA-256 of the 32-byte key.
        case ledgerKey(keyID: String, sha256: String)
        /// A key record given beside the keys: `rotation` or `revocation`, the key it is about,
        /// SHA-256 of the record's file bytes.
        case keyRecord(record: String, keyID: String, sha256: String)
        /// Revocation data given on the command line: SHA-256 of its DER and who issued it.
        case crl(sha256: String, issuer: String?)
        case ocsp(sha256: String, issuer: String?)
        /// A witness policy (c2sp.org/tlog-policy, `verify --policy`): its file name and SHA-256.
        case witnessPolicy(file: String, sha256: String)

        /// One line for the text report.
        public var description: String {
            switch self {
            case .tsaRoot(let subject, let sha256): return "TSA root \(subject), SHA-256 \(sha256)"
            case .ledgerKey(let keyID, let sha256): return "ledger key \(keyID), SHA-256 of the key \(sha256)"
            case .keyRecord(let record, let keyID, let sha256):
                return "key record: \(record) of \(keyID), SHA-256 of the file \(sha256)"
            case .crl(let sha256, let issuer):
                return "CRL issued by \(issuer ?? "an unnamed issuer"), SHA-256 \(sha256)"
            case .ocsp(let sha256, let issuer):
                return "OCSP response\(issuer.map { " signed by \($0)" } ?? ""), SHA-256 \(sha256)"
            case .witnessPolicy(let file, let sha256): return "witness policy \(file), SHA-256 \(sha256)"
            }
        }

        var json: JCSValue {
            get throws {
                func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
                switch self {
                case .tsaRoot(let subject, let sha256):
                    return .object(
                        try JCSObject([
                            "kind": .string("tsa-root"), "subject": .string(subject), "sha256": .string(sha256),
                        ]))
                case .ledgerKey(let keyID, let sha256):
                    return .object(
                        try JCSObject([
                            "kind": .string("ledger-key"), "key_id": .string(keyID), "sha256": .string(sha256),
                        ]))
                case .keyRecord(let record, let keyID, let sha256):
                    return .object(
                        try JCSObject([
                            "kind": .string("key-record"), "record": .string(record), "key_id": .string(keyID),
                            "sha256": .string(sha256),
                        ]))
                case .crl(let sha256, let issuer):
                    return .object(
                        try JCSObject(["kind": .string("crl"), "sha256": .string(sha256), "issuer": s(issuer)]))
                case .ocsp(let sha256, let issuer):
                    return .object(
                        try JCSObject(["kind": .string("ocsp"), "sha256": .string(sha256), "issuer": s(issuer)]))
                case .witnessPolicy(let file, let sha256):
                    return .object(
                        try JCSObject([
                            "kind": .string("witness-policy"), "file": .string(file), "sha256": .string(sha256),
                        ]))
                }
            }
        }
    }

    /// What the witness policy given (`verify --policy`) says about the covering checkpoint;
    /// without one, the report states that none was applied (docs/verification.md).
    public struct Witnesses: Sendable {
        /// A policy witness whose cosignature verified: the policy's name for it, its key name and
        /// the time it states (RFC 3339 UTC).
        public struct Cosigner: Sendable, Equatable {
            public let name: String
            public let key: String
            public let timestamp: String
        }
        /// The policy file's name (no directory) and SHA-256; nil: no policy was applied.
        public var policyFile: String?
        public var policySHA256: String?
        /// The checkpoint the policy was applied to.
        public var treeSize: UInt64?
        /// Nil when the policy could not be applied (no verified covering checkpoint, a log the
        /// policy does not accept, a malformed note).
        public var quorumMet: Bool?
        public var cosigners: [Cosigner] = []
        /// Why the quorum is (not) met, or why the policy could not be applied.
        public var explanation: String?

        /// One sentence for every output.
        public var statement: String {
            guard let policyFile else { return "no witness policy was applied" }
            let size = treeSize.map { "the covering checkpoint (size \($0))" } ?? "the covering checkpoint"
            switch quorumMet {
            case true?: return "\(size) meets the witness policy \(policyFile): \(explanation ?? "")"
            case false?: return "\(size) does NOT meet the witness policy \(policyFile): \(explanation ?? "")"
            case nil:
                return "the witness policy \(policyFile) could not be applied: \(explanation ?? "see the findings")"
            }
        }
    }

    public var witnesses = Witnesses()
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
    /// its trust inputs), in the order given, each with its fingerprint.
    public var trustInputs: [TrustInput] = []
    /// What the unsigned manifest claims (origin, created_at, covering_tree_size, counts, period,
    /// scope, anchors' tree sizes and TSA labels), whenever it parsed as a JSON object: a failed
    /// verification can still say what the bundle claims — shown as claimed, never as proven.
    public var claimed: JCSValue?
    /// Findings past ``BundleVerifier/maxFindings``, counted, not kept.
    public var findingsOmitted = 0
    public var firstIssuedAt: String?
    public var lastIssuedAt: String?
    public var receipts = 0
    public var allows = 0
    public var denies = 0
    /// Receipts per stream, names told apart by their bytes (``ExactText``).
    public var streams: [ExactText: Int] = [:]
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
    /// The VERIFY file against the text the bundle's own checkpoints and anchors give.
    public var instructions = Instructions.unchecked

    mutating func append(window: Window) {
        if windows.count < windowLimit { windows.append(window) } else { windowsOmitted += 1 }
    }
}

public struct BundleReport: Sendable {
    /// The schema of ``json()`` (docs/json.md, docs/verification.md "Report fields").
    public static let schema = "evident.bundle-verification/v2"

    /// The bundle file itself: its name (no directory), SHA-256 of the whole file and size.
    public struct BundleFile: Sendable {
        public var name: String
        /// Lowercase hex; nil when the file could not be read.
        public var sha256: String?
        public var size: UInt64
        public init(name: String, sha256: String?, size: UInt64) {
            self.name = name
            self.sha256 = sha256
            self.size = size
        }
    }

    public let verdict: Verdict
    /// Failures first (the first one is "the first failing check"), then undecidable checks.
    public let findings: [Finding]
    public let summary: BundleSummary
    public var bundle: BundleFile
    /// When the verification ran: RFC 3339 UTC with milliseconds.
    public var verifiedAt: String
    /// Which verifier: `evident` and its version.
    public var implementation = "evident"
    public var version = EvidentVersion.current

    public init(verdict: Verdict, findings: [Finding], summary: BundleSummary, bundle: BundleFile, verifiedAt: String) {
        self.verdict = verdict
        self.findings = findings
        self.summary = summary
        self.bundle = bundle
        self.verifiedAt = verifiedAt
    }

    public var firstProblem: Finding? { findings.first }

    /// The report as canonical JSON.
    public func json() throws -> [UInt8] { try JCS.serialize(try value(windowLimit: nil)) + [0x0A] }

    /// The report object; with `windowLimit`, only the first that many receipts are listed and
    /// the rest counted in `receipts_windows_omitted` (the HTML report lists at most 1,000).
    public func value(windowLimit: Int?) throws -> JCSValue {
        func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
        func n<T: BinaryInteger>(_ v: T) -> JCSValue { .number(Double(v)) }
        let windows = windowLimit.map { Array(summary.windows.prefix($0)) } ?? summary.windows
        let omitted = summary.windowsOmitted + (summary.windows.count - windows.count)
        return JCSValue.object(
            try JCSObject([
                "schema": .string(Self.schema),
                "verdict": .string(verdict.rawValue),
                "verifier": .object(
                    try JCSObject(["implementation": .string(implementation), "version": .string(version)])),
                "verified_at": .string(verifiedAt),
                "bundle": .object(
                    try JCSObject(["name": .string(bundle.name), "sha256": s(bundle.sha256), "size": n(bundle.size)])),
                "findings": .array(
                    try findings.map { f in
                        .object(
                            try JCSObject([
                                "check": .string(f.check.rawValue), "object": .string(f.object),
                                "reason": .string(f.reason),
                                "outcome": .string(f.severity.rawValue),
                            ]))
                    }),
                "witnesses": try witnessesValue(),
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
                        "leaves": summary.leaves.map { .array([n($0.lowerBound), n($0.upperBound)]) } ?? .null,
                        "revocation_policy": .string(summary.revocationPolicy),
                        "algorithm_policy": .string(summary.algorithmPolicy),
                        "trust_inputs": .array(try summary.trustInputs.map { try $0.json }),
                        "claimed": summary.claimed ?? .null,
                        "findings_omitted": n(summary.findingsOmitted),
                        "receipts": n(summary.receipts), "allow": n(summary.allows), "deny": n(summary.denies),
                        "unanchored": n(summary.unanchored),
                        "instructions": .object(
                            try JCSObject([
                                "status": .string(summary.instructions.status),
                                "line": summary.instructions.line.map(n) ?? .null,
                            ])),
                        "receipts_windows_omitted": n(omitted),
                        "streams": .object(
                            try JCSObject(summary.streams.map { JCSObject.Member($0.key.text, n($0.value)) })),
                        "checkpoints": .array(summary.checkpoints.map { n($0) }),
                        "anchors": .array(
                            try summary.anchors.map { a in
                                var members = [
                                    JCSObject.Member("tree_size", n(a.treeSize)), JCSObject.Member("tsa", s(a.tsa)),
                                    JCSObject.Member("tsa_claimed", .string(a.claimedTSA)),
                                    JCSObject.Member("gen_time", s(a.genTime)),
                                    JCSObject.Member("existed_by", s(a.existedBy)),
                                    JCSObject.Member("verdict", .string(a.verdict.rawValue)),
                                    JCSObject.Member(
                                        "warnings",
                                        .array(
                                            a.warnings.map {
                                                .string("\($0.code) at offset \($0.offset): \($0.detail)")
                                            })),
                                ]
                                // Only v4 bundles' anchors have the key (earlier reports are unchanged).
                                if !a.evidenceRecords.isEmpty {
                                    members.append(JCSObject.Member("evidence_records", try Self.evidenceJSON(a)))
                                }
                                return .object(try JCSObject(members))
                            }),
                        "receipts_windows": .array(
                            try windows.map { w in
                                .object(
                                    try JCSObject([
                                        "leaf_index": w.leafIndex.map(n) ?? .null, "stream": .string(w.stream),
                                        "seq": n(w.sequence),
                                        "hash": .string(w.hash), "issued_at": .string(w.issuedAt),
                                        "not_before": s(w.notBefore), "not_after": s(w.notAfter),
                                        "decision": .string(w.decision), "actor": .string(w.actor),
                                        "action": .string(w.action), "resource": .string(w.resource),
                                    ]))
                            }),
                    ])),
            ]))
    }
    /// An anchor's `evidence_records` array (docs/verification.md, "Report fields").
    static func evidenceJSON(_ a: BundleSummary.Anchor) throws -> JCSValue {
        func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
        return .array(
            try a.evidenceRecords.map { e in
                .object(
                    try JCSObject([
                        "record": .string(e.record), "slot": .number(Double(e.slot)),
                        "verdict": .string(e.verdict.rawValue), "proven_at": s(e.provenAt),
                        "proven_until": s(e.provenUntil),
                        "time_stamps": .array(
                            try e.timeStamps.map { t in
                                .object(
                                    try JCSObject([
                                        "kind": .string(t.kind), "hash_algorithm": .string(t.hashAlgorithm),
                                        "gen_time": s(t.genTime), "tsa": s(t.tsa),
                                        "verdict": .string(t.verdict.rawValue),
                                    ]))
                            }),
                    ]))
            })
    }

    /// The report's `witnesses` object (docs/verification.md, "Report fields").
    func witnessesValue() throws -> JCSValue {
        let w = summary.witnesses
        func s(_ v: String?) -> JCSValue { v.map { .string($0) } ?? .null }
        return .object(
            try JCSObject([
                "policy": w.policyFile.map { file in
                    .object(try JCSObject(["file": .string(file), "sha256": s(w.policySHA256)]))
                } ?? .null,
                "statement": .string(w.statement),
                "tree_size": w.treeSize.map { .number(Double($0)) } ?? .null,
                "quorum_met": w.quorumMet.map { .bool($0) } ?? .null,
                "cosigners": .array(
                    try w.cosigners.map {
                        .object(
                            try JCSObject([
                                "name": .string($0.name), "key": .string($0.key), "timestamp": .string($0.timestamp),
                            ]))
                    }),
                "explanation": s(w.explanation),
            ]))
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

    /// What the person reading the report can do about a finding — addressed to them (a
    /// regulator cannot run `evident anchor`; they can ask the sender for a bundle exported after
    /// it). docs/verification.md, "Report fields"; report.js gives the same advice.
    public static func advice(_ f: Finding) -> String {
        switch (f.check.rawValue, f.severity) {
        case ("anchor-coverage", _):
            return
                "this bundle was exported before its receipts were anchored: ask the sender for a bundle exported after `evident anchor`"
        case ("anchor", .indeterminate) where f.reason.contains("not among the roots you gave"):
            return
                "check that you gave the right TSA root (--tsa-roots); if you trust the TSA named, get its root certificate from the TSA itself, never from the bundle"
        case ("anchor", .indeterminate) where f.reason.contains("revocation"):
            return
                "get the TSA's CRL or OCSP response issued after the anchor's time (from the TSA or the sender) and give it with --crl or --ocsp"
        case ("checkpoint-signature", .indeterminate), ("receipt-key", .indeterminate), ("keys", .indeterminate):
            return
                "ask the ledger's operator for the public key (or key record) this names, check its fingerprint with them, and give it with --ledger-key"
        case ("completeness", .indeterminate):
            return
                "ask the sender for a bundle exported once a newer checkpoint covers a receipt issued after the period, or for the whole log"
        case ("receipt-time", .indeterminate):
            return "ask the sender for a bundle that carries the anchors its receipts reference"
        case (_, .indeterminate):
            return "ask the sender for the missing evidence this names, or give it to the verifier"
        case ("anchor", .invalid) where f.reason.contains("revoked"):
            // Not "altered": an honest bundle anchored by a TSA later found compromised is invalid
            // too (red team round 17, ers-later-compromise).
            return
                "do not rely on the time this anchor claims: the TSA's certificate was revoked (the finding says when and why), so its time-stamp proves nothing, whether or not the bundle was altered; ask the sender for the same checkpoint anchored by another TSA"
        case (_, .invalid):
            return
                "do not rely on this bundle: it was altered or is not what it claims to be; tell the sender which check failed and ask for the original"
        }
    }

    /// The verdict in one plain sentence (the text report's last line).
    public var verdictSentence: String {
        let safe = DisplayText.value  // outside values within lines (red team round 27, F2)
        let origin = safe(summary.origin.isEmpty ? "(unknown)" : summary.origin)
        switch verdict {
        case .valid:
            let keys = summary.trustInputs.compactMap { t -> String? in
                if case .ledgerKey(let id, _) = t { return id }
                return nil
            }
            // No bound at all when a valid anchor's time cannot be written (past year 9999): the
            // others' would be earlier than what that one proves (red team round 27).
            let valid = summary.anchors.filter { $0.verdict == .valid }
            let latest = valid.contains { $0.existedBy == nil } ? nil : valid.compactMap(\.existedBy).max()
            var out =
                "valid: these \(summary.receipts) receipts of ledger \(origin), issued between \(summary.firstIssuedAt ?? "-") and \(summary.lastIssuedAt ?? "-"), "
                + "were signed by \(keys.count == 1 ? "key" : "one of the keys") \(keys.joined(separator: ", ")) "
                // The keys given are the roots of trust; a receipt may be signed by a successor
                // a verified rotation record names (red team round 12's note).
                + "or a key \(keys.count == 1 ? "it was" : "they were") rotated to"
            if let latest { out += " and existed no later than \(latest)" }
            if summary.unanchored > 0 {
                out += "; \(summary.unanchored) receipt(s) are not covered by an anchor"
            }
            return out
        case .invalid:
            return "invalid: "
                + (firstProblem.map { "\($0.check) failed for \(safe($0.object)) — nothing in this bundle is proven" }
                    ?? "nothing in this bundle is proven")
        case .indeterminate:
            return "indeterminate: nothing failed, but "
                + (firstProblem.map { "\($0.check) could not be decided for \(safe($0.object))" }
                    ?? "not everything was proven")
                + " — the bundle is not proven valid"
        }
    }

    /// The human-readable report, the verdict first and repeated as the last line; the proven
    /// time window of each receipt only with `list`. Every string from the bundle goes through
    /// ``DisplayText/safe(_:)``: none can move the cursor, start a line or paint over the verdict.
    public func text(all: Bool, list: Bool = false) -> String {
        let safe = DisplayText.value  // outside values within lines (red team round 27, F2)
        var out = "bundle \(verdict.rawValue)"
        if let p = firstProblem { out += ": \(safe(p.description))" }
        out += "\n"
        if all && findings.count > 1 { for f in findings.dropFirst() { out += "  also: \(safe(f.description))\n" } }
        if summary.findingsOmitted > 0 {
            out += "  … and \(summary.findingsOmitted) more findings (the first \(findings.count) are listed)\n"
        }
        out += "bundle file: \(safe(bundle.name)), SHA-256 \(bundle.sha256 ?? "-"), \(bundle.size) bytes\n"
        out += "verified by \(implementation) \(version) at \(verifiedAt)\n"
        // The origin is the manifest's until a checkpoint signed under it verified (red team round 29).
        out +=
            "ledger: \(safe(summary.origin))"
            + (summary.checkpoints.isEmpty
                ? " (claimed by the manifest: no checkpoint verified under a key given)" : "")
            + "\n"
        out += "selection (claimed by the manifest): \(safe(summary.claimedScope.description))\n"
        out += "completeness: \(safe(completenessText))\n"
        out +=
            "issued_at of the receipts: \(summary.firstIssuedAt.map(safe) ?? "-") .. \(summary.lastIssuedAt.map(safe) ?? "-")\n"
        out +=
            "receipts: \(summary.receipts) (allow \(summary.allows), deny \(summary.denies)) in \(summary.streams.count) stream(s)\n"
        for (exact, count) in summary.streams.sorted(by: { $0.key < $1.key }) {
            let name = exact.text
            out += "  stream \(safe(name)): \(count)\n"
        }
        out += "checkpoints: \(summary.checkpoints.map(String.init).joined(separator: ", "))\n"
        if summary.anchors.isEmpty { out += "anchors: none (the receipts' times are not proven)\n" }
        for a in summary.anchors {
            let who = a.tsa.map { "TSA \(safe($0))" } ?? "an unverified TSA"
            out +=
                "anchor: checkpoint \(a.treeSize) by \(who) (claimed: \(DisplayText.claimedURL(a.claimedTSA))) at \(a.genTime ?? "?")\(a.existedBy.flatMap { $0 == a.genTime ? nil : ", existed by \($0)" } ?? "") (\(a.verdict.rawValue))\n"
            for w in a.warnings {
                out +=
                    "  warning: DER deviation accepted in its token: \(w.code) at offset \(w.offset): \(safe(w.detail))\n"
            }
            for e in a.evidenceRecords {
                out +=
                    "  evidence record \(safe(e.record)) (slot \(e.slot), \(e.verdict.rawValue)): "
                    + (e.provenAt.map {
                        "proves the anchor existed by \($0), proven until \(e.provenUntil ?? "no end date")"
                    }
                        ?? "proves nothing for it") + "\n"
                for t in e.timeStamps {
                    out +=
                        "    \(t.kind) \(t.hashAlgorithm) at \(t.genTime ?? "?") by \(t.tsa.map(safe) ?? "an unverified TSA") (\(t.verdict.rawValue))\n"
                }
            }
        }
        out +=
            summary.revocationPolicy == "none"
            ? "TSA revocation: NOT CHECKED where the bundle and the command line gave no data (--revocation-policy none)\n"
            : "TSA revocation: required for every anchor (from the bundle or --crl/--ocsp)\n"
        out += "algorithm policy: \(safe(summary.algorithmPolicy))\n"
        out += "witnesses: \(safe(summary.witnesses.statement))\n"
        for c in summary.witnesses.cosigners {
            out += "  cosigned by \(safe(c.name)) (key \(safe(c.key))) at \(c.timestamp)\n"
        }
        out += "instructions (VERIFY): \(summary.instructions.statement)\n"
        out += "trusted (given to the verifier; nothing in the bundle is trusted):\n"
        for t in summary.trustInputs { out += "  \(safe(t.description))\n" }
        if summary.unanchored > 0 { out += "unanchored receipts: \(summary.unanchored)\n" }
        if list {
            out +=
                "proven time windows (leaf, stream#seq, issued_at, decision, action, resource, actor, not before, not after):\n"
            for w in summary.windows {
                out +=
                    "  \(w.leafIndex.map(String.init) ?? "not proven")\t\(safe(w.stream))#\(w.sequence)\t\(w.issuedAt)\t\(w.decision)\t\(safe(w.action))\t\(safe(w.resource))\t\(safe(w.actor))\t\(w.notBefore ?? "-")\t\(w.notAfter ?? "unanchored")\n"
            }
            if summary.windowsOmitted > 0 {
                out +=
                    "  … and \(summary.windowsOmitted) more receipts (the first \(summary.windows.count) are listed)\n"
            }
        }
        var advised = Set<String>()
        for f in findings.prefix(all ? findings.count : 1) {
            let a = Self.advice(f)
            if advised.insert(a).inserted { out += "what you can do: \(a)\n" }
        }
        out += "verdict: \(verdictSentence)\n"
        return out
    }
}
