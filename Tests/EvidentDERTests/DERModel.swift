@testable import EvidentDER

/// A value tree the property tests generate, write with DERWriter, and expect back from
/// DERParser. Each case knows how it is written and how it is read, so a parsed tree can be
/// turned back into a model and written again.
indirect enum DERModel: Equatable {
    case boolean(Bool)
    case integer(DERInteger)
    case bitString(DERBitString)
    case octetString([UInt8])
    case null
    case oid(OID)
    case time(DERTime)
    case string(DERStringKind, [Unicode.Scalar])
    case sequence([DERModel])
    case setOf([DERModel])
    case explicit(DERTag, DERModel)
    /// The inner value's own encoding with its tag replaced (primitive or constructed alike).
    case implicit(DERTag, DERModel)

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
    }

    func write(into w: inout DERWriter, tag override: DERTag? = nil) throws {
        switch self {
        case .boolean(let v): w.writeBoolean(v, tag: override ?? .boolean)
        case .integer(let v): w.writeInteger(v, tag: override ?? .integer)
        case .bitString(let v): w.writeBitString(v, tag: override ?? .bitString)
        case .octetString(let v): w.writeOctetString(v, tag: override ?? .octetString)
        case .null: w.writeNull(tag: override ?? .null)
        case .oid(let v): w.writeOID(v, tag: override ?? .objectIdentifier)
        case .time(let v): w.writeTime(v, tag: override)
        case .string(let kind, let scalars):
            var s = String.UnicodeScalarView()
            s.append(contentsOf: scalars)
            try w.writeString(String(s), kind: kind, tag: override)
        case .sequence(let children):
            try w.writeConstructed(override ?? .sequence) { inner in
                for c in children { try c.write(into: &inner) }
            }
        case .setOf(let children):
            try w.writeSetOf(tag: override ?? .set, children.map { c in { try c.write(into: &$0) } })
        case .explicit(let tag, let inner):
            try w.writeExplicit(override ?? tag) { try inner.write(into: &$0) }
        case .implicit(let tag, let inner):
            try inner.write(into: &w, tag: override ?? tag)
        }
    }

    func encoded() throws -> [UInt8] {
        var w = DERWriter()
        try write(into: &w)
        return w.bytes
    }

    /// Reads `e` the way this model was written and returns what was read, so the caller can
    /// compare it with `self` and write it again.
    func read(_ e: DERElement, tag override: DERTag? = nil) throws -> DERModel {
        switch self {
        case .boolean: return .boolean(try e.boolean(tag: override ?? .boolean))
        case .integer: return .integer(try e.integer(tag: override ?? .integer))
        case .bitString:
            let b = try e.bitString(tag: override ?? .bitString)
            return .bitString(DERBitString(bytes: Array(b.bytes), unusedBits: b.unusedBits))
        case .octetString: return .octetString(Array(try e.octetString(tag: override ?? .octetString)))
        case .null:
            try e.null(tag: override ?? .null)
            return .null
        case .oid: return .oid(try e.objectIdentifier(tag: override ?? .objectIdentifier))
        case .time(let t): return .time(try e.time(tag: override, kind: override == nil ? nil : t.kind))
        case .string(let kind, _):
            return .string(kind, Array(try e.string(tag: override, kind: kind).unicodeScalars))
        case .sequence(let children):
            let parsed = try e.sequence(tag: override ?? .sequence)
            guard parsed.count == children.count else {
                throw Mismatch(
                    description: "SEQUENCE at \(e.offset): \(parsed.count) children, expected \(children.count)")
            }
            return .sequence(try zip(children, parsed).map { try $0.read($1) })
        case .setOf(let children):
            // The writer sorted the members by encoding; compare with the model in that order.
            let parsed = try e.setOf(tag: override ?? .set)
            let sorted = try DERModel.sortedByEncoding(children)
            guard parsed.count == sorted.count else {
                throw Mismatch(description: "SET OF at \(e.offset): \(parsed.count) members, expected \(sorted.count)")
            }
            return .setOf(try zip(sorted, parsed).map { try $0.read($1) })
        case .explicit(let tag, let inner):
            return .explicit(tag, try inner.read(try e.explicit(tag: override ?? tag)))
        case .implicit(let tag, let inner):
            return .implicit(tag, try inner.read(e, tag: override ?? tag))
        }
    }

    /// The same model with every SET OF in DER order, to compare with what `read` returns.
    func normalized() throws -> DERModel {
        switch self {
        case .sequence(let c): return .sequence(try c.map { try $0.normalized() })
        case .setOf(let c): return .setOf(try DERModel.sortedByEncoding(c).map { try $0.normalized() })
        case .explicit(let t, let inner): return .explicit(t, try inner.normalized())
        case .implicit(let t, let inner): return .implicit(t, try inner.normalized())
        default: return self
        }
    }

    static func sortedByEncoding(_ models: [DERModel]) throws -> [DERModel] {
        let keyed = try models.map { (try $0.encoded(), $0) }
        return keyed.sorted { DERElement.encodingOrder($0.0[...], $1.0[...]) }.map(\.1)
    }
}
