/// What an anchor's evidence record (RFC 4998, docs/evidence-records.md) protects: its data
/// objects, one group, in this order — the exact bytes a bundle carries beside the anchor:
///
/// 1. the anchored checkpoint's signed note (`checkpoints/<size>.note`),
/// 2. the TimeStampResp (`anchors/<size>-<k>.tsr`),
/// 3. the request sent (`anchors/<size>-<k>.tsq`),
/// 4. the TSA chain captured at anchoring, PEM as UTF-8 (`anchors/<size>-<k>.chain.pem`),
/// 5. the revocation data captured then, PEM as UTF-8, possibly empty (`anchors/<size>-<k>.revocation.pem`).
///
/// Written once: `evident renew` builds records over these, the bundle verifier checks them.
public enum AnchorEvidence {
    public static func dataObjects(anchor: StoredAnchor, note: [UInt8]) -> [[UInt8]] {
        [note, anchor.response, anchor.request, Array(anchor.chainPEM.utf8), Array(anchor.revocationPEM.utf8)]
    }
}
