import EvidentCore
import EvidentCrypto
import EvidentTSP

/// When a time-stamp's proof ends, for scheduling renewals (`evident renew`, `evident status`):
/// its TSA certificate's expiry or its algorithms' earliest end date in the policy, whichever
/// is first (``EvidenceTokenCheck/Result/provenUntil``). Only a schedule, never a verdict: the
/// certificates the token carries (and `extra` ones) are taken as they are; the renewal itself
/// verifies against the trusted roots.
public enum RenewalSchedule {
    /// nil: unknown (no usable certificate): treat as due now.
    public static func provenUntil(
        token: TimeStampToken, extra: [X509Certificate] = [], policy: AlgorithmPolicy, now: Int64
    ) -> Int64? {
        let carried = token.validationData.certificates + extra
        var check = EvidenceTokenCheck(trustedRoots: carried)
        check.algorithmPolicy = policy
        check.requireRevocation = false
        let input = EvidenceTokenCheck.Input(
            bytes: token.derBytes, isResponse: false, expectedImprint: token.tstInfo.messageImprint, provenAt: now)
        let r = check.check(input)
        if let until = r.provenUntil { return until }
        // The chain did not validate (no root carried): the signer certificate's expiry and the
        // imprint algorithm's end date still bound the proof.
        let certs = token.signedData.x509Certificates.compactMap { try? Certificate(derEncoded: $0.derBytes) }
        let signer = token.signedData.signerInfos.first.flatMap { TokenCertificates.signer(of: $0, in: certs) }
        let imprintEnd = token.tstInfo.messageImprint.hashAlgorithm.digest.flatMap {
            policy.entry(for: .init(digest: $0, role: "message imprint"))?.notAfter
        }
        return [signer?.notAfter.secondsSinceEpoch, imprintEnd].compactMap { $0 }.min()
    }

    /// The end date of a hash algorithm in the policy (nil: none announced).
    public static func algorithmEnd(_ algorithm: DigestAlgorithm, policy: AlgorithmPolicy) -> Int64? {
        policy.entry(for: .init(digest: algorithm, role: "hash tree"))?.notAfter
    }
}
