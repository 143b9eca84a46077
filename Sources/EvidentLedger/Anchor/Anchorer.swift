import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

/// Anchors the ledger's newest checkpoint to one or more TSAs (`evident anchor`): makes a
/// checkpoint if the log grew, gets an RFC 3161 token over SHA-256 of the signed checkpoint note
/// from each TSA, verifies each fully (and captures revocation data with `ltv`), and records the
/// anchors — only once at least `minTSAs` distinct TSAs have answered with a valid token.
/// Nothing is recorded otherwise. Idempotent: a checkpoint already anchored by enough TSAs is
/// left alone.
public struct Anchorer: Sendable {
    public var tsaURLs: [String]
    public var minTSAs: Int = 1
    public var verification: VerificationOptions
    /// Told the DER deviations a TSA's token had that the encoding rules tolerated (issue #14):
    /// the anchor is recorded, and the caller says what was accepted.
    public var onWarnings: (@Sendable (_ tsaURL: String, _ warnings: [DERWarning]) -> Void)?
    public var ltv = false
    public var http: HTTPClient.Options
    public var attemptsPerTSA = 3
    /// The most time spent on one TSA, attempts and backoffs together (seconds); nil: unbounded
    /// beyond attempts × timeout.
    public var deadlinePerTSA: Double?
    /// Told while an attempt still waits for its TSA (every few seconds): URL, attempt, seconds.
    public var onStillWaiting: (@Sendable (_ tsaURL: String, _ attempt: Int, _ seconds: Int) -> Void)?

    public init(tsaURLs: [String], verification: VerificationOptions) {
        self.tsaURLs = tsaURLs
        self.verification = verification
        self.http = HTTPClient.Options(maxResponseSize: TSPLimits.maxMessageSize)
    }

    public enum Outcome: Sendable {
        /// The checkpoint already had anchors from enough TSAs.
        case alreadyAnchored(StoredCheckpoint, [StoredAnchor])
        /// New anchors were recorded.
        case anchored(StoredCheckpoint, [StoredAnchor])
    }

    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<Anchorer>

    public func anchor(ledger: Ledger, signers: [NoteSigner], nowMillis: Int64) throws -> Outcome {
        try anchor(
            ledger: ledger, checkpoint: ledger.checkpoint(signers: signers, nowMillis: nowMillis), nowMillis: nowMillis)
    }

    /// Anchors `checkpoint`, one of the ledger's stored checkpoints (`evident anchor` has it
    /// cosigned by the witnesses first).
    public func anchor(ledger: Ledger, checkpoint: StoredCheckpoint, nowMillis: Int64) throws -> Outcome {
        let existing = try ledger.store.anchors(treeSize: checkpoint.treeSize)
        let anchoredBy = Set(existing.map(\.tsaURL))
        if anchoredBy.count >= minTSAs { return .alreadyAnchored(checkpoint, existing) }

        let digest = try Digest.hash(.sha256, checkpoint.note)
        var fresh: [StoredAnchor] = []
        var problems: [String] = []
        for url in tsaURLs where !anchoredBy.contains(url) {
            var config = TimeStampClient.Configuration(tsaURLs: [url], verification: verification)
            config.http = http
            config.attemptsPerTSA = attemptsPerTSA
            config.deadlinePerTSA = deadlinePerTSA
            config.onStillWaiting = onStillWaiting
            do {
                let client = try HTTPClient()
                let stamp = try TimeStampClient(configuration: config).stampBlocking(digest: digest, client: client)
                guard let report = stamp.report, let tst = report.tstInfo else {
                    throw Failure(.notVerified, "no verification report")
                }
                if !report.warnings.isEmpty { onWarnings?(url, report.warnings) }
                var revocation = ""
                if ltv {
                    revocation = try RevocationCapture.captureAndVerify(
                        stamp, verification: verification, client: client, options: http
                    ).pem
                }
                let genTime = tst.genTimeMillis
                fresh.append(
                    StoredAnchor(
                        treeSize: checkpoint.treeSize, checkpointHash: digest, tsaURL: url, response: stamp.response,
                        request: stamp.request,
                        genTimeMillis: genTime,
                        chainPEM: report.chainCertificates.map { PEM.encode($0, label: "CERTIFICATE") }.joined(),
                        revocationPEM: revocation, createdAtMillis: nowMillis))
            } catch {
                problems.append("\(url): \(error)")
            }
        }
        let distinct = anchoredBy.union(fresh.map(\.tsaURL)).count
        guard distinct >= minTSAs else {
            throw Failure(
                .tooFewTSAs,
                "checkpoint of size \(checkpoint.treeSize) anchored by \(distinct) TSA(s), \(minTSAs) required; nothing recorded: "
                    + problems.joined(separator: "; "))
        }
        for a in fresh { try ledger.store.saveAnchor(a) }
        return .anchored(checkpoint, fresh)
    }
}

extension ErrorCode where Owner == Anchorer {
    public static let notVerified = Self("not-verified")
    public static let tooFewTSAs = Self("too-few-tsas")
}
