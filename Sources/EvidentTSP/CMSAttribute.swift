import EvidentDER

/// RFC 5652 §5.3 Attribute: `SEQUENCE { attrType OID, attrValues SET OF AttributeValue }`.
/// Values are kept as their exact encodings.
public struct CMSAttribute: Hashable, Sendable, DERParseable, DERSerializable {
    public var type: OID
    public var values: [[UInt8]]
    /// Where each value starts in the decoded input (empty for an attribute made here), so a
    /// deviation inside a value is reported at its place in the whole token.
    var valueOffsets: [Int] = []

    public static func == (a: CMSAttribute, b: CMSAttribute) -> Bool { a.type == b.type && a.values == b.values }
    public func hash(into h: inout Hasher) {
        h.combine(type)
        h.combine(values)
    }

    public init(type: OID, values: [[UInt8]]) {
        self.type = type
        self.values = values
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "Attribute")
        type = try r.next("attrType").objectIdentifier()
        let set = try r.next("attrValues").setOf()
        guard !set.isEmpty else {
            throw DERError(.missingElement, at: e.offset, "attribute \(type.displayName) has no value")
        }
        values = set.map { Array($0.encoded) }
        valueOffsets = set.map(\.offset)
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        w.writeSequence { w in
            w.writeOID(type)
            w.writeSetOf(encoded: values.map { $0[...] })
        }
    }

    /// The single value of an attribute that RFC 5652 §11 requires to be single-valued.
    public func singleValue(rules: DEREncodingRules) throws -> DERElement {
        guard values.count == 1 else {
            throw DERError(
                .invalidValue, at: 0, "attribute \(type.displayName) must have exactly one value, has \(values.count)")
        }
        return try DERParser.parse(
            values[0], rules: rules.nested(at: valueOffsets.first ?? 0, "in attribute \(type.displayName): "),
            limits: TSPLimits.derLimits)
    }

    /// Decodes a `[n] IMPLICIT SET OF Attribute`, enforcing DER order and unique types
    /// (RFC 5652 §5.3: signed attributes are DER-encoded as a SET OF).
    static func decodeSet(_ e: DERElement, tag: DERTag) throws -> [CMSAttribute] {
        let items = try e.setOf(tag: tag)
        try TSPLimits.check(items.count, TSPLimits.maxAttributes, "attributes", at: e.offset)
        guard !items.isEmpty else { throw DERError(.missingElement, at: e.offset, "attribute set is empty") }
        return try items.map(CMSAttribute.init(derElement:))
    }
}

extension Array where Element == CMSAttribute {
    /// The attributes of `type`.
    public func all(_ type: OID) -> [CMSAttribute] { filter { $0.type == type } }
}
