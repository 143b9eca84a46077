import EvidentCore
import EvidentDER

/// One named check and what it found.
public struct CheckResult: Sendable, Hashable, CustomStringConvertible {
    public enum Outcome: Sendable, Hashable {
        case passed(String)
        case failed(String)
        case indeterminate(String)
        case skipped(String)
    }

    public let check: CheckName
    public let outcome: Outcome
    /// What was checked, for the report: "TSTInfo", "SignerInfo 0", a certificate subject…
    public let object: String

    public var description: String {
        switch outcome {
        case .passed(let s): return "pass  \(check): \(s)"
        case .failed(let s): return "FAIL  \(check) [\(object)]: \(s)"
        case .indeterminate(let s): return "INDET \(check) [\(object)]: \(s)"
        case .skipped(let s): return "skip  \(check): \(s)"
        }
    }

    /// What this result does to the verdict, when it is a failure or undecided.
    public var finding: Finding? {
        switch outcome {
        case .failed(let s): return Finding(check, .invalid, object: object, reason: s)
        case .indeterminate(let s): return Finding(check, .indeterminate, object: object, reason: s)
        case .passed, .skipped: return nil
        }
    }

    public var isFailure: Bool { if case .failed = outcome { return true } else { return false } }
    public var isIndeterminate: Bool { if case .indeterminate = outcome { return true } else { return false } }
    public var reason: String {
        switch outcome {
        case .passed(let s), .failed(let s), .indeterminate(let s), .skipped(let s): return s
        }
    }
}

/// Everything a verification found.
public struct VerificationReport: Sendable {
    public let verdict: Verdict
    public let checks: [CheckResult]
    /// The token's TSTInfo, when it decoded.
    public let tstInfo: TSTInfo?
    /// The validated chain's subjects, leaf first (empty unless the chain check passed).
    public let chain: [String]
    /// The validated chain's certificates (DER), leaf first, root last.
    public let chainCertificates: [[UInt8]]
    /// The DER deviations the encoding rules tolerated (what, where): reported, never hidden;
    /// under `--strict-der` each is a failure instead (issue #14).
    public var warnings: [DERWarning] = []
    /// The name of the algorithm policy the `algorithms` check used.
    public var algorithmPolicy = AlgorithmPolicy.builtIn.name
    /// The earliest end date (seconds) the algorithm policy gives the token's algorithms (imprint
    /// hash, signature digest, TSA key), nil when none has one: after it the token is proven
    /// only under a renewal made before it (docs/evidence-records.md).
    public var algorithmsEnd: Int64?

    /// The first failure (invalid) or, for indeterminate, the first indeterminate check.
    public var firstProblem: CheckResult? {
        checks.first(where: \.isFailure) ?? checks.first(where: \.isIndeterminate)
    }

    /// Earliest and latest instant the token attests, from genTime ± accuracy (RFC 3161 §2.4.2),
    /// as seconds and nanoseconds since the epoch.
    public var timeWindow: (earliest: (Int64, Int), latest: (Int64, Int))? {
        guard let t = tstInfo else { return nil }
        let acc = t.accuracy?.totalMicroseconds ?? 0
        let base = t.genTime.secondsSinceEpoch * 1_000_000_000 + Int64(t.genTime.nanoseconds)
        let lo = base - acc * 1000, hi = base + acc * 1000
        func split(_ v: Int64) -> (Int64, Int) {
            let s = v >= 0 ? v / 1_000_000_000 : (v - 999_999_999) / 1_000_000_000
            return (s, Int(v - s * 1_000_000_000))
        }
        return (split(lo), split(hi))
    }

    init(checks: [CheckResult], tstInfo: TSTInfo?, chain: [String], chainCertificates: [[UInt8]]) {
        self.checks = checks
        self.tstInfo = tstInfo
        self.chain = chain
        self.chainCertificates = chainCertificates
        verdict = Verdict(of: checks.compactMap(\.finding))
    }
}
