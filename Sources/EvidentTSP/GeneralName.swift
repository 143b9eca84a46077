import EvidentDER

/// RFC 5280 §4.2.1.6 GeneralName. Choices without a dedicated case are kept encoded.
public enum GeneralName: Hashable, Sendable, DERParseable, DERSerializable, CustomStringConvertible {
    case otherName(typeID: OID, value: [UInt8])
    case rfc822Name(String)
    case dnsName(String)
    case directoryName(DistinguishedName)
    case uri(String)
    case ipAddress([UInt8])
    case registeredID(OID)
    /// x400Address [3], ediPartyName [5], or anything else: the encoded element.
    case other(tag: UInt32, encoded: [UInt8])

    public init(derElement e: DERElement) throws {
        guard e.tag.tagClass == .contextSpecific else {
            throw DERError(.unexpectedTag, at: e.offset, "GeneralName must be context-tagged, found \(e.tag)")
        }
        switch e.tag.number {
        case 0:
            var r = try e.sequenceReader(tag: .context(0), "OtherName")
            let id = try r.next("type-id").objectIdentifier()
            let value = try r.next("value").explicit(tag: .context(0))
            try r.finish()
            self = .otherName(typeID: id, value: Array(value.encoded))
        case 1: self = .rfc822Name(try e.string(tag: .context(1), kind: .ia5))
        case 2: self = .dnsName(try e.string(tag: .context(2), kind: .ia5))
        case 4: self = .directoryName(try DistinguishedName(derElement: e.explicit(tag: .context(4))))
        case 6: self = .uri(try e.string(tag: .context(6), kind: .ia5))
        case 7:
            let ip = try e.octetString(tag: .context(7))
            guard ip.count == 4 || ip.count == 16 else {
                throw DERError(.invalidValue, at: e.offset, "iPAddress must be 4 or 16 octets, found \(ip.count)")
            }
            self = .ipAddress(Array(ip))
        case 8: self = .registeredID(try e.objectIdentifier(tag: .context(8)))
        default: self = .other(tag: e.tag.number, encoded: Array(e.encoded))
        }
    }

    public func serialize(into w: inout DERWriter) throws {
        switch self {
        case .otherName(let id, let value):
            w.writeConstructed(.context(0)) { w in
                w.writeOID(id)
                w.writeExplicit(.context(0)) { $0.appendEncoded(value) }
            }
        case .rfc822Name(let s): try w.writeString(s, kind: .ia5, tag: .context(1))
        case .dnsName(let s): try w.writeString(s, kind: .ia5, tag: .context(2))
        case .directoryName(let n): try w.writeExplicit(.context(4)) { try n.serialize(into: &$0) }
        case .uri(let s): try w.writeString(s, kind: .ia5, tag: .context(6))
        case .ipAddress(let b): w.writeOctetString(b, tag: .context(7))
        case .registeredID(let o): w.writeOID(o, tag: .context(8))
        case .other(_, let encoded): w.appendEncoded(encoded)
        }
    }

    /// As OpenSSL's `GENERAL_NAME_print` shows it.
    public var description: String {
        switch self {
        case .otherName(let id, _): return "othername:\(id)"
        case .rfc822Name(let s): return "email:\(s)"
        case .dnsName(let s): return "DNS:\(s)"
        case .directoryName(let n): return "DirName:\(n.oneLine)"
        case .uri(let s): return "URI:\(s)"
        case .ipAddress(let b):
            if b.count == 4 { return "IP Address:" + b.map(String.init).joined(separator: ".") }
            return "IP Address:"
                + stride(from: 0, to: 16, by: 2).map {
                    String(UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]), radix: 16, uppercase: true)
                }.joined(separator: ":")
        case .registeredID(let o): return "Registered ID:\(o.displayName)"
        case .other(let tag, _): return "[\(tag)]"
        }
    }
}
