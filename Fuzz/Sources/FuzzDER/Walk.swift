import EvidentDER

/// Calls every accessor on every element, with the universal tag and with the element's own
/// tag (as an IMPLICIT reading would), and exercises the value types' derived forms. Errors
/// are ignored: the point is that nothing traps, whatever the bytes.
func walk(_ e: DERElement) {
    let tags = e.tag.tagClass == .universal ? [e.tag] : [e.tag, .octetString]
    for tag in tags {
        if let v = try? e.boolean(tag: tag) { _ = v.description }
        if let v = try? e.integer(tag: tag) { touch(v) }
        _ = try? e.integer(as: Int64.self, tag: tag)
        _ = try? e.integer(as: UInt8.self, tag: tag)
        if let v = try? e.bitString(tag: tag) { _ = v.setBits; _ = v.isSet(Int(v.unusedBits)) }
        _ = try? e.octetString(tag: tag)
        _ = try? e.null(tag: tag)
        if let v = try? e.objectIdentifier(tag: tag) { touch(v) }
        for kind in [DERTime.Kind.utcTime, .generalizedTime] {
            if let v = try? e.time(tag: tag, kind: kind) { touch(v) }
        }
        for kind in DERStringKind.allCases { _ = try? e.string(tag: tag, kind: kind) }
        _ = try? e.sequence(tag: tag)
        _ = try? e.setOf(tag: tag)
        _ = try? e.explicit(tag: tag)
        if var reader = try? e.sequenceReader(tag: tag, "fuzz") {
            _ = reader.optional(.integer)
            _ = try? reader.next("first")
            _ = reader.rest()
            _ = try? reader.finish()
        }
    }
    if let v = try? e.time() { touch(v) }
    _ = try? e.string()
    for child in e.children { walk(child) }
}

private func touch(_ v: DERInteger) {
    _ = v.hexString
    _ = v.decimalString
    _ = v.isNegative
    if let small = v.value(as: Int64.self) {
        precondition(DERInteger(small) == v, "Int64 \(small) does not re-encode to \(v.hexString)")
    }
}

private func touch(_ oid: OID) {
    let dotted = oid.description
    let again = try? OID(dotted: dotted)
    precondition(again == oid, "OID \(dotted) does not round-trip through dotted form")
}

private func touch(_ t: DERTime) {
    _ = t.description
    _ = t.nanoseconds
    let again = try? DERTime(secondsSinceEpoch: t.secondsSinceEpoch, fraction: t.fraction, kind: t.kind)
    precondition(again?.derContent == t.derContent, "\(t) does not round-trip through seconds since 1970")
}
