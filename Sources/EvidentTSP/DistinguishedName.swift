import EvidentCore
import EvidentDER

/// An X.501 Name (RFC 5280 §4.1.2.4): SEQUENCE OF RelativeDistinguishedName. The exact
/// encoding is kept, because RFC 5280 name matching and ESS IssuerSerial checks compare names
/// as received.
public struct DistinguishedName: Hashable, Sendable, DERParseable, DERSerializable, CustomStringConvertible {
    public struct Attribute: Hashable, Sendable {
        public var type: OID
        /// The encoded value element (usually a string type).
        public var value: [UInt8]

        /// The value as text when it is a string type; nil otherwise. The one-byte types
        /// (PrintableString, TeletexString, IA5String, VisibleString) are read as Latin-1 whatever
        /// their bytes, as OpenSSL reads them: "AT&T" in a PrintableString, outside its alphabet
        /// but common in real CA names, is shown as text, not dumped (red team round 19; the browser
        /// verifier's formatName the same).
        public var stringValue: String? {
            guard let e = try? DERParser.parse(value, rules: .lenientBER) else { return nil }
            if e.tag.tagClass == .universal, [19, 20, 22, 26].contains(e.tag.number), !e.isConstructed {
                return String(String.UnicodeScalarView(e.content.map { Unicode.Scalar($0) }))
            }
            return try? e.string()
        }
    }

    /// RDNs in encoded order (most significant first); each RDN holds one or more attributes.
    public let rdns: [[Attribute]]
    /// The whole Name exactly as encoded.
    public let derBytes: [UInt8]

    public init(derElement e: DERElement) throws {
        let seq = try e.sequence(tag: .sequence)
        var rdns: [[Attribute]] = []
        for rdn in seq {
            // SET OF: order is not checked here. Names come from certificates the verifier does
            // not control, and are matched by their bytes, never re-encoded.
            let atvs = try rdn.sequence(tag: .set)
            guard !atvs.isEmpty else {
                throw DERError(.missingElement, at: rdn.offset, "empty RelativeDistinguishedName")
            }
            rdns.append(
                try atvs.map { atv in
                    var r = try atv.sequenceReader(tag: .sequence, "AttributeTypeAndValue")
                    let type = try r.next("type").objectIdentifier()
                    let value = Array(try r.next("value").encoded)
                    try r.finish()
                    return Attribute(type: type, value: value)
                })
        }
        self.rdns = rdns
        self.derBytes = Array(e.encoded)
    }

    /// Builds a Name from (type, value) pairs, one attribute per RDN. Country and serial
    /// number use PrintableString, everything else UTF8String (RFC 5280 §4.1.2.4).
    public init(_ attributes: [(OID, String)]) throws {
        var w = DERWriter()
        try w.writeSequence { w in
            for (type, value) in attributes {
                try w.writeConstructed(.set) { w in
                    try w.writeSequence { w in
                        w.writeOID(type)
                        let printable: Set<OID> = ["2.5.4.6", "2.5.4.5"]
                        try w.writeString(value, kind: printable.contains(type) ? .printable : .utf8)
                    }
                }
            }
        }
        try self.init(derEncoded: w.bytes)
    }

    public func serialize(into w: inout DERWriter) throws { w.appendEncoded(derBytes) }

    /// OpenSSL's one-line form (`X509_NAME_oneline`): `/O=Example/CN=TSA`.
    public var oneLine: String {
        rdns.map { rdn in
            "/"
                + rdn.map { "\($0.type.shortName ?? $0.type.description)=\(DistinguishedName.escapeOneLine($0))" }
                .joined(separator: "+")
        }.joined()
    }

    /// RFC 4514 form, least significant RDN first: `CN=TSA,O=Example`.
    public var description: String {
        rdns.reversed().map { rdn in
            rdn.map { atv in
                let key = atv.type.shortName ?? atv.type.description
                guard let s = atv.stringValue else { return "\(key)=#\(Hex.encode(atv.value))" }
                return "\(key)=\(DistinguishedName.escape4514(s))"
            }.joined(separator: "+")
        }.joined(separator: ",")
    }

    static func escapeOneLine(_ atv: Attribute) -> String {
        guard let s = atv.stringValue else { return "#" + Hex.encode(atv.value) }
        var out = ""
        for b in s.utf8 {
            if b >= 0x20 && b <= 0x7E {
                out.append(Character(Unicode.Scalar(b)))
            } else {
                out += "\\x" + Hex.encode([b], uppercase: true)
            }
        }
        return out
    }

    /// RFC 4514 §2.4 escaping of one value, by code point (as the browser's `escape4514`): a
    /// backslash before each of `,+"\<>;`, before a leading `#` or space and before a trailing
    /// space. Every character escaped is ASCII, and no byte of a multi-byte UTF-8 sequence is, so
    /// the value is read as bytes (a `,` followed by a combining mark is still escaped: as one
    /// grapheme it had been left bare, reading as an RDN separator).
    static func escape4514(_ s: String) -> String {
        let bytes = s.utf8
        let last = bytes.count - 1
        func escaped(_ i: Int, _ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: ","), UInt8(ascii: "+"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "<"),
                UInt8(ascii: ">"), UInt8(ascii: ";"):
                return true
            case UInt8(ascii: "#"): return i == 0
            case UInt8(ascii: " "): return i == 0 || i == last
            default: return false
            }
        }
        guard bytes.enumerated().contains(where: { escaped($0.offset, $0.element) }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for (i, b) in bytes.enumerated() {
            if escaped(i, b) { out.append(UInt8(ascii: "\\")) }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
