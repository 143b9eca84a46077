import EvidentCrypto
import EvidentDER

/// What each archive time-stamp of an evidence record is over (RFC 4998 §4–5), for building a
/// renewal and for checking one: the hashes that must be in the first list of its reduced hash
/// tree. Written once, for ``EvidenceRecordVerifier`` and for `evident renew`.
public enum ArchiveRenewal {
    /// The first archive time-stamp (§4.2): the data objects' hashes, as one group.
    public static func initialHashes(objects: [[UInt8]], _ algorithm: DigestAlgorithm) throws -> [[UInt8]] {
        try objects.map { try Digest.hash(algorithm, $0) }
    }

    /// A time-stamp renewal (§5.2): the hash of the `timeStamp` field of the chain's last
    /// archive time-stamp — with those of the earlier ones of the chain too, which BouncyCastle
    /// requires (docs/evidence-records.md, "Interoperability"). Same algorithm as the chain.
    public static func timeStampRenewalHashes(
        _ chain: [ArchiveTimeStamp], _ algorithm: DigestAlgorithm
    ) throws
        -> [[UInt8]]
    {
        try chain.map { try Digest.hash(algorithm, $0.timeStamp.derBytes) }
    }

    /// The one hash a time-stamp renewal must cover: the chain's last `timeStamp`.
    public static func renewedTimeStampHash(
        _ chain: [ArchiveTimeStamp], _ algorithm: DigestAlgorithm
    ) throws
        -> [UInt8]
    {
        try Digest.hash(algorithm, chain[chain.count - 1].timeStamp.derBytes)
    }

    /// ha (§5.3 step 3): the hash of the DER ArchiveTimeStampSequence of the chains before a
    /// hash-tree renewal.
    public static func previousChainsHash(
        _ chains: ArraySlice<[ArchiveTimeStamp]>, _ algorithm: DigestAlgorithm
    )
        throws -> [UInt8]
    {
        var w = DERWriter()
        try EvidenceRecord.writeChains(chains, into: &w)
        return try Digest.hash(algorithm, w.bytes)
    }

    /// A hash-tree renewal (§5.3 step 4): for each data object, H(h(d) ‖ ha), the data's hash
    /// first — not sorted (the BSI TR-ESOR records and BouncyCastle agree; Tests/oracles/ers/FINDINGS.md).
    public static func hashTreeRenewalHashes(
        objects: [[UInt8]], previousChainsHash ha: [UInt8], _ algorithm: DigestAlgorithm
    ) throws -> [[UInt8]] {
        try objects.map { try Digest.hash(algorithm, Digest.hash(algorithm, $0) + ha) }
    }

    /// The hashes the archive time-stamp at (`chain`, `index`) of `record` must cover, for
    /// `objects`: every one must be in its reduced hash tree's first list (or be the root).
    public static func required(
        _ record: EvidenceRecord, chain c: Int, index j: Int, objects: [[UInt8]], _ algorithm: DigestAlgorithm
    ) throws -> [[UInt8]] {
        if j > 0 { return [try renewedTimeStampHash(Array(record.chains[c][..<j]), algorithm)] }
        if c == 0 { return try initialHashes(objects: objects, algorithm) }
        let ha = try previousChainsHash(record.chains[..<c], algorithm)
        return try hashTreeRenewalHashes(objects: objects, previousChainsHash: ha, algorithm)
    }
}
