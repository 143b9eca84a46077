import EvidentCrypto
import EvidentDER

/// RFC 4998 §3 EvidenceRecord: archive time-stamps over data objects, renewed before what
/// protects them (a TSA certificate, a hash or signature algorithm) stops being trustworthy.
///
/// ```
/// EvidenceRecord ::= SEQUENCE {
///   version INTEGER { v1(1) },
///   digestAlgorithms SEQUENCE OF AlgorithmIdentifier,
///   cryptoInfos [0] CryptoInfos OPTIONAL,
///   encryptionInfo [1] EncryptionInfo OPTIONAL,
///   archiveTimeStampSequence ArchiveTimeStampSequence }
/// ArchiveTimeStampSequence ::= SEQUENCE OF ArchiveTimeStampChain
/// ArchiveTimeStampChain ::= SEQUENCE OF ArchiveTimeStamp
/// ```
/// (The module uses IMPLICIT TAGS.) A chain holds time-stamp renewals (§5.2: same hash
/// algorithm, each covering the one before); a new chain starts at a hash-tree renewal (§5.3:
/// a new hash algorithm over the data objects and every earlier chain).
///
/// Parsed under DER with ``ArchiveLimits``; each time-stamp keeps its exact bytes, so a record
/// re-encodes byte for byte and the hashes renewals are made over are stable.
public struct EvidenceRecord: Sendable, DERParseable, DERSerializable {
    public var digestAlgorithms: [AlgorithmIdentifier]
    /// cryptoInfos [0], kept encoded (supplementary validation data; never trusted).
    public var cryptoInfos: [UInt8]?
    /// encryptionInfo [1], kept encoded: the data objects were encrypted before hashing.
    public var encryptionInfo: [UInt8]?
    /// The chains, oldest first; none is empty.
    public var chains: [[ArchiveTimeStamp]]

    public init(digestAlgorithms: [AlgorithmIdentifier], chains: [[ArchiveTimeStamp]]) {
        self.digestAlgorithms = digestAlgorithms
        self.chains = chains
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "EvidenceRecord")
        let v = try r.next("version")
        guard try v.integer(as: Int.self) == 1 else {
            throw DERError(.unsupportedVersion, at: v.offset, "EvidenceRecord version must be 1 (v1)")
        }
        let algs = try r.next("digestAlgorithms").sequence()
        try TSPLimits.check(algs.count, ArchiveLimits.maxDigestAlgorithms, "digest algorithms", at: e.offset)
        digestAlgorithms = try algs.map(AlgorithmIdentifier.init(derElement:))
        cryptoInfos = r.optional(.context(0)).map { Array($0.encoded) }
        encryptionInfo = r.optional(.context(1)).map { Array($0.encoded) }
        let sequence = try r.next("archiveTimeStampSequence")
        let chainElements = try sequence.sequence()
        guard !chainElements.isEmpty else {
            throw DERError(.missingContent, at: sequence.offset, "the ArchiveTimeStampSequence is empty")
        }
        try TSPLimits.check(chainElements.count, ArchiveLimits.maxChains, "ArchiveTimeStampChains", at: sequence.offset)
        var total = 0
        chains = try chainElements.map { c in
            let items = try c.sequence()
            guard !items.isEmpty else {
                throw DERError(.missingContent, at: c.offset, "an ArchiveTimeStampChain is empty")
            }
            total += items.count
            try TSPLimits.check(total, ArchiveLimits.maxTimeStamps, "archive time-stamps", at: c.offset)
            return try items.map(ArchiveTimeStamp.init(derElement:))
        }
        try r.finish()
    }

    /// Parses an evidence record (``ArchiveLimits/maxRecordSize``). The time-stamps inside may
    /// carry the DER deviations sound TSAs emit (`.tolerant`): they keep their exact bytes.
    public init(derEncoded bytes: [UInt8]) throws {
        try self.init(
            derElement: DERParser.parse(
                bytes, rules: DEREncodingRules(level: .tolerant), limits: ArchiveLimits.derLimits))
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            w.writeInteger(1)
            try w.writeSequence { w in for a in digestAlgorithms { try a.serialize(into: &w) } }
            if let cryptoInfos { w.appendEncoded(cryptoInfos) }
            if let encryptionInfo { w.appendEncoded(encryptionInfo) }
            try Self.writeChains(chains[...], into: &w)
        }
    }

    /// `SEQUENCE OF ArchiveTimeStampChain` for `chains`: the ArchiveTimeStampSequence, and (for
    /// the chains before a hash-tree renewal) what that renewal hashes (§5.3 step 3, DER).
    public static func writeChains(_ chains: ArraySlice<[ArchiveTimeStamp]>, into w: inout DERWriter) throws {
        try w.writeSequence { w in
            for chain in chains {
                try w.writeSequence { w in for ats in chain { try ats.serialize(into: &w) } }
            }
        }
    }

    /// The archive time-stamps in order (chain by chain), with their positions.
    public var timeStamps: [(chain: Int, index: Int, ats: ArchiveTimeStamp)] {
        chains.enumerated().flatMap { c, chain in chain.enumerated().map { (c, $0.offset, $0.element) } }
    }

    /// This record with `ats` appended: to the last chain (time-stamp renewal) or as a new chain
    /// (hash-tree renewal); its hash algorithm joins `digestAlgorithms` when new.
    public func appending(_ ats: ArchiveTimeStamp, newChain: Bool) throws -> EvidenceRecord {
        var r = self
        if newChain || r.chains.isEmpty { r.chains.append([ats]) } else { r.chains[r.chains.count - 1].append(ats) }
        let alg = AlgorithmIdentifier(digest: try ats.hashAlgorithm)
        if !r.digestAlgorithms.contains(where: { $0.algorithm == alg.algorithm }) { r.digestAlgorithms.append(alg) }
        return r
    }
}

/// RFC 4998 §4.1 ArchiveTimeStamp.
///
/// ```
/// ArchiveTimeStamp ::= SEQUENCE {
///   digestAlgorithm [0] AlgorithmIdentifier OPTIONAL,
///   attributes [1] Attributes OPTIONAL,
///   reducedHashtree [2] SEQUENCE OF PartialHashtree OPTIONAL,
///   timeStamp ContentInfo }
/// PartialHashtree ::= SEQUENCE OF OCTET STRING
/// ```
public struct ArchiveTimeStamp: Sendable, DERParseable, DERSerializable {
    /// The digestAlgorithm field; nil: the time-stamp's imprint algorithm.
    public var digestAlgorithm: AlgorithmIdentifier?
    /// attributes [1], kept encoded (unsigned, informational).
    public var attributes: [UInt8]?
    /// The reduced hash tree's lists, leaf first; nil when absent (the time-stamp is then over
    /// the one hash it protects).
    public var reducedHashtree: [[[UInt8]]]?
    /// The ContentInfo, exactly as in the record.
    public var timeStamp: TimeStampToken

    public init(digestAlgorithm: AlgorithmIdentifier?, reducedHashtree: [[[UInt8]]]?, timeStamp: TimeStampToken) {
        self.digestAlgorithm = digestAlgorithm
        self.reducedHashtree = reducedHashtree
        self.timeStamp = timeStamp
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "ArchiveTimeStamp")
        if let a = r.optional(.context(0)) {
            // [0] IMPLICIT AlgorithmIdentifier: a constructed [0] holding its fields.
            var f = try a.sequenceReader(tag: .context(0), "digestAlgorithm")
            let oid = try f.next("algorithm").objectIdentifier()
            let params = f.isAtEnd ? nil : Array(try f.next("parameters").encoded)
            try f.finish()
            digestAlgorithm = AlgorithmIdentifier(algorithm: oid, parameters: params)
        }
        attributes = r.optional(.context(1)).map { Array($0.encoded) }
        if let t = r.optional(.context(2)) {
            let lists = try t.sequence(tag: .context(2))
            guard !lists.isEmpty else { throw DERError(.missingContent, at: t.offset, "the reducedHashtree is empty") }
            try TSPLimits.check(lists.count, ArchiveLimits.maxTreeDepth, "PartialHashtrees", at: t.offset)
            reducedHashtree = try lists.map { list in
                let values = try list.sequence()
                guard !values.isEmpty else {
                    throw DERError(.missingContent, at: list.offset, "a PartialHashtree is empty")
                }
                try TSPLimits.check(values.count, ArchiveLimits.maxHashesPerList, "hash values", at: list.offset)
                return try values.map { Array(try $0.octetString()) }
            }
        }
        timeStamp = try TimeStampToken(derElement: r.next("timeStamp"))
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            if let digestAlgorithm {
                w.writeConstructed(.context(0)) { w in
                    w.writeOID(digestAlgorithm.algorithm)
                    if let p = digestAlgorithm.parameters { w.appendEncoded(p) }
                }
            }
            if let attributes { w.appendEncoded(attributes) }
            if let reducedHashtree {
                w.writeConstructed(.context(2)) { w in
                    for list in reducedHashtree { w.writeSequence { w in for h in list { w.writeOctetString(h) } } }
                }
            }
            try timeStamp.serialize(into: &w)
        }
    }

    /// The hash algorithm of the tree: `digestAlgorithm`, else the time-stamp imprint's.
    public var hashAlgorithm: DigestAlgorithm {
        get throws {
            let id = digestAlgorithm ?? timeStamp.tstInfo.messageImprint.hashAlgorithm
            guard let d = id.digest else {
                throw DERError(.invalidValue, at: 0, "archive time-stamp hash algorithm \(id) is not supported")
            }
            return d
        }
    }
}

/// Bounds on untrusted evidence records (each time-stamp inside is bounded by ``TSPLimits``).
public enum ArchiveLimits {
    /// Largest evidence record accepted: 16 MiB (a renewal adds ~5–15 KiB with its chain and CRLs).
    public static let maxRecordSize = 16 * 1024 * 1024
    public static let maxChains = 64
    /// Archive time-stamps in all chains together.
    public static let maxTimeStamps = 1024
    /// Lists in one reduced hash tree: a tree over 2^64 leaves needs 65.
    public static let maxTreeDepth = 66
    public static let maxHashesPerList = 1024
    public static let maxDigestAlgorithms = 16
    static var derLimits: DERLimits { DERLimits(maxInputSize: maxRecordSize) }
}
