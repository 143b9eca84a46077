import EvidentDER

/// RFC 5280 §4.1 Extension, as used by TimeStampReq and TSTInfo.
public struct Extension: Hashable, Sendable, DERParseable, DERSerializable {
    public var id: OID
    public var critical: Bool
    public var value: [UInt8]

    public init(id: OID, critical: Bool = false, value: [UInt8]) {
        self.id = id
        self.critical = critical
        self.value = value
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "Extension")
        id = try r.next("extnID").objectIdentifier()
        critical = try r.optional(.boolean)?.booleanDefaultFalse("critical") ?? false
        value = Array(try r.next("extnValue").octetString())
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        w.writeSequence { w in
            w.writeOID(id)
            if critical { w.writeBoolean(true) }
            w.writeOctetString(value)
        }
    }

    /// Decodes `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` under `tag`.
    static func decodeList(_ e: DERElement, tag: DERTag) throws -> [Extension] {
        let items = try e.sequence(tag: tag)
        try TSPLimits.check(items.count, TSPLimits.maxExtensions, "extensions", at: e.offset)
        guard !items.isEmpty else {
            throw DERError(.missingElement, at: e.offset, "Extensions must hold at least one extension")
        }
        let exts = try items.map(Extension.init(derElement:))
        for (i, x) in exts.enumerated() where exts[..<i].contains(where: { $0.id == x.id }) {
            throw DERError(.invalidValue, at: items[i].offset, "extension \(x.id) appears twice")
        }
        return exts
    }

    static func encodeList(_ list: [Extension], tag: DERTag, into w: inout DERWriter) throws {
        try w.writeConstructed(tag) { w in for x in list { try x.serialize(into: &w) } }
    }
}
