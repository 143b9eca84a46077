import EvidentCrypto
import EvidentDER

/// RFC 3161 §2.4.1 MessageImprint: the hash algorithm and the hash of the data stamped.
public struct MessageImprint: Hashable, Sendable, DERParseable, DERSerializable {
    public var hashAlgorithm: AlgorithmIdentifier
    public var hashedMessage: [UInt8]

    public init(hashAlgorithm: AlgorithmIdentifier, hashedMessage: [UInt8]) {
        self.hashAlgorithm = hashAlgorithm
        self.hashedMessage = hashedMessage
    }

    /// An imprint of `digest` computed with `algorithm`; the length must match the algorithm.
    public init(algorithm: DigestAlgorithm, digest: [UInt8]) throws {
        guard digest.count == algorithm.outputSize else {
            throw DERError(
                .invalidValue, at: 0, "a \(algorithm) digest is \(algorithm.outputSize) bytes, got \(digest.count)")
        }
        self.init(hashAlgorithm: AlgorithmIdentifier(digest: algorithm), hashedMessage: digest)
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "MessageImprint")
        hashAlgorithm = try AlgorithmIdentifier(derElement: r.next("hashAlgorithm"))
        hashedMessage = Array(try r.next("hashedMessage").octetString())
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            try hashAlgorithm.serialize(into: &w)
            w.writeOctetString(hashedMessage)
        }
    }
}
