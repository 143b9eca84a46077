import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTSP

/// The RFC 4998 evidence records a v4 bundle carries for its anchors (issue #18,
/// docs/evidence-records.md): each is verified over the anchor's five files — the checkpoint
/// note, the `.tsr`, `.tsq`, `.chain.pem` and `.revocation.pem`, exactly as bundled — and, when
/// valid, proves the anchor existed at its first archive time-stamp's genTime, so the anchor is
/// judged then rather than now (an expired TSA certificate or algorithm no longer matters if
/// the renewal came before). An altered record is invalid; one that cannot be proven (its last
/// TSA untrusted, a renewal too late) is indeterminate and proves nothing for its anchor.
struct AnchorEvidenceRecords {
    let verifier: EvidenceRecordVerifier
    /// Seconds since the epoch.
    let now: Int64

    struct Outcome {
        let record: String
        /// A problem to report (nil: the record verified).
        let finding: Finding?
        /// When the record proves the anchor existed (ms): its first genTime, when valid.
        let provenAt: Int64?
        /// That time-stamp's accuracy (ms).
        var accuracy: Int64 = 0
        /// The latest instant the record proves the anchor existed by (ms): that genTime plus
        /// its accuracy, from genTime's exact fraction (``TSTInfo/latestMillis``).
        var provenBy: Int64?
        let summary: BundleSummary.EvidenceRecord
        /// The revocation data the record's time-stamps carry (for the anchor too).
        var crls: [X509CRL] = []
        var ocsp: [OCSPResponse] = []
    }

    /// The records listed for the anchor `token`, in manifest order.
    func check(
        _ entries: [Manifest.EvidenceRecordEntry], objects: [[UInt8]], crls: [X509CRL], ocsp: [OCSPResponse],
        file: (String) throws -> [UInt8]
    ) -> [Outcome] {
        entries.map { e in
            func outcome(_ verdict: Verdict, _ reason: String) -> Outcome {
                Outcome(
                    record: e.record,
                    finding: Finding(
                        .evidenceRecord, verdict == .invalid ? .invalid : .indeterminate, object: e.record,
                        reason: reason),
                    provenAt: nil,
                    summary: BundleSummary.EvidenceRecord(record: e.record, slot: e.slot, verdict: verdict))
            }
            let record: EvidenceRecord
            do {
                let bytes = try file(e.record)
                guard !bytes.isEmpty else { return outcome(.invalid, "the file is missing or over its size limit") }
                record = try EvidenceRecord(derEncoded: bytes)
            } catch {
                return outcome(.invalid, "not an RFC 4998 evidence record: \(error)")
            }
            let r = verifier.verify(record, objects: objects, now: now, crls: crls, ocsp: ocsp)
            var summary = BundleSummary.EvidenceRecord(record: e.record, slot: e.slot, verdict: r.verdict)
            // What the record proves existed, existed by its first time-stamp's genTime plus its accuracy.
            summary.provenAt = r.dataProvenBy.map(ReceiptTime.describe(millis:))
            summary.provenUntil = r.provenUntil.map { ReceiptTime.describe(millis: $0 * 1000) }
            summary.timeStamps = r.timeStamps.map {
                BundleSummary.EvidenceRecord.TimeStamp(
                    kind: $0.kind, hashAlgorithm: $0.hashAlgorithm,
                    genTime: $0.genTime.map(ReceiptTime.describe(millis:)), tsa: $0.tsaSubject, verdict: $0.verdict)
            }
            let finding =
                r.verdict == .valid
                ? nil
                : Finding(
                    .evidenceRecord, r.verdict == .invalid ? .invalid : .indeterminate, object: e.record,
                    reason: r.problem)
            var o = Outcome(record: e.record, finding: finding, provenAt: r.dataProvenAt, summary: summary)
            o.accuracy = r.dataAccuracy
            o.provenBy = r.dataProvenBy
            o.crls = r.carriedCRLs
            o.ocsp = r.carriedOCSP
            return o
        }
    }
}
