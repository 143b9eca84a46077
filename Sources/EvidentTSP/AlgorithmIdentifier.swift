import EvidentCrypto
import EvidentDER

/// RFC 5280 §4.1.1.2 AlgorithmIdentifier. Parameters are kept as their exact encoding.
public struct AlgorithmIdentifier: Hashable, Sendable, DERParseable, DERSerializable, CustomStringConvertible {
    public var algorithm: OID
    /// The encoded parameters element, or nil when absent.
    public var parameters: [UInt8]?

    public init(algorithm: OID, parameters: [UInt8]? = nil) {
        self.algorithm = algorithm
        self.parameters = parameters
    }

    /// The identifier of a digest, with parameters absent (RFC 5754 §2: SHOULD omit; both
    /// absent and NULL are accepted on input).
    public init(digest: DigestAlgorithm) {
        self.init(algorithm: digest.oid)
    }

    /// A digest identifier with explicit NULL parameters, the form `openssl ts -query` writes.
    public init(digestWithNullParameters digest: DigestAlgorithm) {
        self.init(algorithm: digest.oid, parameters: [0x05, 0x00])
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "AlgorithmIdentifier")
        algorithm = try r.next("algorithm").objectIdentifier()
        parameters = r.isAtEnd ? nil : Array(try r.next("parameters").encoded)
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        w.writeSequence { w in
            w.writeOID(algorithm)
            if let parameters { w.appendEncoded(parameters) }
        }
    }

    /// The digest this identifier names, when it names one.
    public var digest: DigestAlgorithm? { DigestAlgorithm(oid: algorithm) }

    /// True when parameters are absent or an ASN.1 NULL (05 00), the two forms digest
    /// identifiers use in practice.
    public var hasAbsentOrNullParameters: Bool { parameters == nil || parameters! == [0x05, 0x00] }

    public var description: String { algorithm.displayName }
}
