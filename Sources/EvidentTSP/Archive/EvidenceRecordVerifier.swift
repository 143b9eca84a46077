import EvidentCore
import EvidentCrypto
import EvidentDER

/// Verifies an RFC 4998 evidence record over data objects (§5.3 "Verification"), and says from
/// when and until when it proves them (docs/evidence-records.md):
///
/// 1. Each archive time-stamp covers what it must (``ArchiveRenewal/required(_:chain:index:objects:_:)``):
///    the first one the data objects' hashes; a time-stamp renewal the chain's previous
///    time-stamp; a hash-tree renewal the data objects' new hashes bound to every earlier chain.
///    Its reduced hash tree must lead to its imprint, with its own hash algorithm. Any miss is
///    **invalid**: the record was altered or is for other data.
/// 2. genTimes never go back along the record (invalid otherwise).
/// 3. Each time-stamp is checked as long-term evidence (``EvidenceTokenCheck``) at the time it is
///    proven to exist: the genTime of the next archive time-stamp, and now for the last. A
///    renewal made after what it protects expired (its TSA certificate, an algorithm's end
///    date) proves nothing for it: indeterminate, naming which.
///
/// When it all holds, the data objects are proven to exist at the first time-stamp's genTime,
/// and the proof lasts until the last time-stamp's certificate or algorithms end (``Result/provenUntil``).
public struct EvidenceRecordVerifier: Sendable {
    public var tokens: EvidenceTokenCheck

    public init(tokens: EvidenceTokenCheck) { self.tokens = tokens }

    public struct TimeStampResult: Sendable {
        public let chain: Int
        public let index: Int
        public let hashAlgorithm: String
        /// genTime, milliseconds since the epoch.
        public let genTime: Int64?
        public let tsaSubject: String?
        /// Seconds since the epoch at which this time-stamp was judged (the next one's genTime, or now).
        public let provenAt: Int64
        /// When the next renewal is due: this time-stamp's own proof ends (seconds).
        public let provenUntil: Int64?
        public let verdict: Verdict
        public let problem: String
        /// "initial", "time-stamp renewal" or "hash-tree renewal".
        public var kind: String { index > 0 ? "time-stamp renewal" : chain > 0 ? "hash-tree renewal" : "initial" }
    }

    public struct Result: Sendable {
        public var verdict: Verdict
        public var problem = ""
        public var timeStamps: [TimeStampResult] = []
        /// When the data objects are proven to exist (ms): the first time-stamp's genTime, only
        /// when the whole record verified.
        public var dataProvenAt: Int64?
        /// Its accuracy (ms, rounded up).
        public var dataAccuracy: Int64 = 0
        /// The latest instant the data objects are proven to exist by (ms): that genTime plus
        /// its accuracy, rounded up to whole ms from genTime's exact fraction
        /// (``TSTInfo/latestMillis``). Set with `dataProvenAt`'s time-stamp, read when it is.
        public var dataProvenBy: Int64?
        /// The revocation data the record's time-stamps carry (CRLs and OCSP responses are signed:
        /// wherever they travel, they count for any token of the record or its data).
        public var carriedCRLs: [X509CRL] = []
        public var carriedOCSP: [OCSPResponse] = []
        /// Until when the record keeps its proof without another renewal (seconds).
        public var provenUntil: Int64?
    }

    /// `objects`: the protected data objects' bytes (one group); `now`: seconds since the epoch;
    /// `crls`/`ocsp`: revocation data that travels with the data (an anchor's), pooled with what
    /// the time-stamps carry.
    public func verify(
        _ record: EvidenceRecord, objects: [[UInt8]], now: Int64, crls: [X509CRL] = [], ocsp: [OCSPResponse] = []
    ) -> Result {
        if record.encryptionInfo != nil {
            return Result(
                verdict: .indeterminate,
                problem: "the record protects encrypted data objects (encryptionInfo), which Evident does not decrypt")
        }
        let all = record.timeStamps
        // 1. Structure: what each time-stamp covers.
        var roots: [MessageImprint] = []
        for (c, j, ats) in all {
            let at = "archive time-stamp \(c + 1).\(j + 1)"
            do {
                let alg = try ats.hashAlgorithm
                let imprint = ats.timeStamp.tstInfo.messageImprint
                guard imprint.hashAlgorithm.digest == alg else {
                    return Result(
                        verdict: .invalid,
                        problem: "\(at): its time-stamp's imprint uses \(imprint.hashAlgorithm), its tree \(alg)")
                }
                if j > 0, let first = try? record.chains[c][0].hashAlgorithm, first != alg {
                    return Result(
                        verdict: .invalid,
                        problem:
                            "\(at): a time-stamp renewal must keep its chain's hash algorithm (\(first)), not \(alg)")
                }
                let required = try ArchiveRenewal.required(record, chain: c, index: j, objects: objects, alg)
                if let tree = ats.reducedHashtree {
                    let first = Set(tree[0])
                    guard let missing = required.firstIndex(where: { !first.contains($0) }) else {
                        guard try ArchiveHashTree.root(of: tree, alg) == imprint.hashedMessage else {
                            return Result(
                                verdict: .invalid, problem: "\(at): its reduced hash tree does not lead to its imprint")
                        }
                        roots.append(imprint)
                        continue
                    }
                    return Result(
                        verdict: .invalid,
                        problem: "\(at) does not cover \(what(c, j, missing)): its hash is not in the reduced hash tree"
                    )
                }
                // No tree: the time-stamp is over the one hash (or the group's value) directly.
                guard try ArchiveHashTree.value(of: required, alg) == imprint.hashedMessage else {
                    return Result(
                        verdict: .invalid, problem: "\(at) does not cover \(what(c, j, nil)): its imprint differs")
                }
                roots.append(imprint)
            } catch {
                return Result(verdict: .invalid, problem: "\(at): \(error)")
            }
        }
        // 2. Time never goes back.
        for k in 1..<max(1, all.count) {
            let a = all[k - 1].ats.timeStamp.tstInfo.genTime, b = all[k].ats.timeStamp.tstInfo.genTime
            if b.secondsSinceEpoch < a.secondsSinceEpoch {
                return Result(
                    verdict: .invalid,
                    problem:
                        "archive time-stamp \(all[k].chain + 1).\(all[k].index + 1) is dated \(b), before the one it renews (\(a))"
                )
            }
        }
        // 3. Each time-stamp as evidence, at the time the next one proves it existed (its genTime
        // plus its accuracy: the latest it can have been), with revocation data from then on.
        var result = Result(verdict: .valid)
        let carried = all.map { $0.ats.timeStamp.validationData }
        result.carriedCRLs = carried.flatMap(\.crls)
        result.carriedOCSP = carried.flatMap(\.ocspResponses)
        let certificates = carried.flatMap(\.certificates)
        var provenAt = now
        var provenByLater = false
        var checks: [TimeStampResult] = []
        for k in stride(from: all.count - 1, through: 0, by: -1) {
            let (c, j, ats) = all[k]
            var input = EvidenceTokenCheck.Input(
                bytes: ats.timeStamp.derBytes, isResponse: false, expectedImprint: roots[k], provenAt: provenAt)
            input.untrusted = certificates
            input.crls = result.carriedCRLs + crls
            input.ocspResponses = result.carriedOCSP + ocsp
            if provenByLater { input.revocationFrom = provenAt }
            let r = tokens.check(input)
            checks.append(
                TimeStampResult(
                    chain: c, index: j, hashAlgorithm: (try? ats.hashAlgorithm.rawValue) ?? "?", genTime: r.genTime,
                    tsaSubject: r.tsaSubject, provenAt: provenAt, provenUntil: r.provenUntil, verdict: r.verdict,
                    problem: r.problem))
            if r.verdict != .valid && result.verdict == .valid || r.verdict == .invalid && result.verdict != .invalid {
                result.verdict = r.verdict
                result.problem = "archive time-stamp \(c + 1).\(j + 1): \(r.problem)"
            }
            if k == all.count - 1 { result.provenUntil = r.provenUntil }
            if k == 0 {
                result.dataAccuracy = r.accuracyMillis
                result.dataProvenBy = r.latestMillis
            }
            if let l = r.latestMillis { provenAt = Self.seconds(l) }
            provenByLater = true
        }
        result.timeStamps = checks.reversed()
        if result.verdict == .valid { result.dataProvenAt = checks.last?.genTime } else { result.dataProvenBy = nil }
        return result
    }

    /// Milliseconds to whole seconds, rounded up (the latest second the instant can fall in).
    public static func seconds(_ millis: Int64) -> Int64 { millis >= 0 ? (millis + 999) / 1000 : millis / 1000 }

    private func what(_ c: Int, _ j: Int, _ member: Int?) -> String {
        if j > 0 { return "the archive time-stamp it renews" }
        let which = member.map { "data object \($0 + 1)" } ?? "the data objects"
        return c == 0 ? which : "\(which) bound to the earlier chains"
    }
}
