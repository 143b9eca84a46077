import EvidentDER

/// Invariants of a strict (DER) parse: the framing and every typed value have exactly one
/// encoding, so writing the tree back with DERWriter must give the input byte for byte.
func checkStrictRoundTrip(_ root: DERElement, input: [UInt8]) {
    precondition(Array(root.encoded) == input, "root.encoded differs from the input")
    var copy = DERWriter()
    copy.appendEncoded(root.encoded)
    precondition(copy.bytes == input, "appendEncoded(root.encoded) differs from the input")
    var rebuilt = DERWriter()
    rewrite(root, into: &rebuilt)
    precondition(rebuilt.bytes == input, "rewriting the tree from tags and contents changed the bytes")
    checkValues(root)
}

/// Rebuilds the TLV framing from tags, constructed flags and contents alone.
private func rewrite(_ e: DERElement, into w: inout DERWriter) {
    if e.isConstructed {
        w.writeConstructed(e.tag) { inner in for c in e.children { rewrite(c, into: &inner) } }
    } else {
        w.writePrimitive(e.tag, content: e.content)
    }
}

/// Re-encodes each value that decodes (under its own tag, as an IMPLICIT field would) and
/// compares with the element's bytes.
private func checkValues(_ e: DERElement) {
    func same(_ what: String, _ write: (inout DERWriter) throws -> Void) {
        var w = DERWriter()
        guard (try? write(&w)) != nil else { preconditionFailure("\(what) decoded but does not re-encode") }
        precondition(w.bytes[...] == e.encoded, "\(what) at offset \(e.offset) re-encodes differently")
    }
    let tag = e.tag
    if !e.isConstructed {
        if let v = try? e.boolean(tag: tag) { same("BOOLEAN") { $0.writeBoolean(v, tag: tag) } }
        if let v = try? e.integer(tag: tag) { same("INTEGER") { $0.writeInteger(v, tag: tag) } }
        if let v = try? e.bitString(tag: tag) { same("BIT STRING") { $0.writeBitString(v, tag: tag) } }
        if let v = try? e.octetString(tag: tag) { same("OCTET STRING") { $0.writeOctetString(v, tag: tag) } }
        if (try? e.null(tag: tag)) != nil { same("NULL") { $0.writeNull(tag: tag) } }
        if let v = try? e.objectIdentifier(tag: tag) { same("OBJECT IDENTIFIER") { $0.writeOID(v, tag: tag) } }
        for kind in [DERTime.Kind.utcTime, .generalizedTime] {
            if let v = try? e.time(tag: tag, kind: kind) { same("\(kind)") { $0.writeTime(v, tag: tag) } }
        }
        for kind in DERStringKind.allCases {
            if let v = try? e.string(tag: tag, kind: kind) {
                same("\(kind) string") { try $0.writeString(v, kind: kind, tag: tag) }
            }
        }
    } else if let members = try? e.setOf(tag: tag) {
        same("SET OF") { $0.writeSetOf(tag: tag, encoded: members.map(\.encoded)) }
    }
    for c in e.children { checkValues(c) }
}
