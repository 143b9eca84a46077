import EvidentCore
import EvidentDER

/// The receipt writer on bytes (issue #19): the RFC 8785 canonical form of a draft's fields
/// (plus `key_id`), written member by member in canonical order without building a JSON tree,
/// and the place where `sig` goes, so the signed receipt is a splice of the unsigned bytes.
///
/// The bytes are those `JCS.serialize` gives for the same object (the tests compare them on many
/// drafts): names in UTF-16 order, strings escaped by ``JSONString``, `seq` in ECMAScript form,
/// the members of a newer minor version (``ReceiptDraft/extensions``) merged in their place.
/// Writing checks nothing of the schema; ``ReceiptDraft/sign(with:)`` reads the bytes back.
enum ReceiptWriter {
    struct Written {
        var bytes: [UInt8]
        /// Where `,"sig":"…"` goes in `bytes`: before the first member whose name follows "sig".
        var sigOffset: Int
        /// An extension value with no JSON form (NaN, ±infinity), written as `null` in `bytes`:
        /// the error to throw once the schema checks have had their say (as the tree path did).
        var deferred: JCSError?
    }

    /// The unsigned object: the draft's members, and `key_id` when given.
    static func unsigned(_ d: ReceiptDraft, keyID: String?) throws -> Written {
        let extensions = try sortedExtensions(d)
        var out: [UInt8] = []
        out.reserveCapacity(640 + d.scope.count * 48 + d.evidence.count * 96 + d.approvals.count * 96)
        var deferred: JCSError?
        var next = 0  // the next extension to write
        var first = true
        var sigOffset = -1
        // Writes the extensions whose names come before `name`, then the member's name.
        func member(_ name: StaticString) {
            while next < extensions.count
                && extensions[next].key.utf16.lexicographicallyPrecedes(name.description.utf16)
            {
                writeExtension(extensions[next])
                next += 1
            }
            if sigOffset < 0 && name.description > "sig" { sigOffset = out.count }
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(UInt8(ascii: "\""))
            out.append(UInt8(ascii: ":"))
        }
        func writeExtension(_ m: JCSObject.Member) {
            if sigOffset < 0 && !m.key.utf16.lexicographicallyPrecedes("sig".utf16) { sigOffset = out.count }
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            do {
                // `{"name":value}` without its braces: the path of an error is the tree path's.
                let one = try JCS.serialize(.object(JCSObject(uniqueMembers: [m])))
                out.append(contentsOf: one[1..<(one.count - 1)])
            } catch let e as JCSError {
                deferred = deferred ?? e
                JSONString.write(m.key, into: &out)
                out.append(contentsOf: Array(":null".utf8))
            } catch {
                preconditionFailure("JCS.serialize throws only JCSError")
            }
        }
        func string(_ s: String) { JSONString.write(s, into: &out) }

        member("action")
        string(d.action)
        member("actor")
        string(d.actor)
        if let a = d.anchor {
            member("anchor")
            string(a)
        }
        member("approvals")
        out.append(UInt8(ascii: "["))
        for (i, a) in d.approvals.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array(#"{"at":"#.utf8))
            string(a.at.description)
            out.append(contentsOf: Array(#","what":"#.utf8))
            string(a.what)
            out.append(contentsOf: Array(#","who":"#.utf8))
            string(a.who)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        member("decision")
        string(d.decision.rawValue)
        member("evidence")
        out.append(UInt8(ascii: "["))
        for (i, e) in d.evidence.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array(#"{"name":"#.utf8))
            string(e.name)
            out.append(contentsOf: Array(#","sha256":"#.utf8))
            string(e.sha256)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        if let e = d.expiresAt {
            member("expires_at")
            string(e.description)
        }
        member("issued_at")
        string(d.issuedAt.description)
        if let keyID {
            member("key_id")
            string(keyID)
        }
        member("parents")
        out.append(UInt8(ascii: "["))
        for (i, p) in d.parents.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(p)
        }
        out.append(UInt8(ascii: "]"))
        member("policy")
        out.append(contentsOf: Array(#"{"hash":"#.utf8))
        string(d.policy.hash)
        out.append(contentsOf: Array(#","id":"#.utf8))
        string(d.policy.id)
        out.append(contentsOf: Array(#","version":"#.utf8))
        string(d.policy.version)
        out.append(UInt8(ascii: "}"))
        member("prev")
        if let p = d.previous { string(p) } else { out.append(contentsOf: Array("null".utf8)) }
        member("resource")
        string(d.resource)
        member("scope")
        out.append(UInt8(ascii: "{"))
        let scope =
            d.scope.count < 2 ? Array(d.scope) : d.scope.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
        for (i, entry) in scope.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(entry.key)
            out.append(UInt8(ascii: ":"))
            string(entry.value)
        }
        out.append(UInt8(ascii: "}"))
        member("seq")
        writeSequence(d.sequence, into: &out)
        member("stream")
        string(d.stream)
        member("v")
        string(d.version)
        while next < extensions.count {
            writeExtension(extensions[next])
            next += 1
        }
        out.append(UInt8(ascii: "}"))
        return Written(bytes: out, sigOffset: sigOffset, deferred: deferred)
    }

    /// `bytes` with `,"sig":"<base64>"` inserted at `offset`, and the range it takes.
    static func insertingSignature(
        _ signature: [UInt8], into bytes: [UInt8], at offset: Int
    ) -> (
        bytes: [UInt8], sigRange: Range<Int>
    ) {
        var member: [UInt8] = Array(#","sig":"#.utf8)
        JSONString.write(Base64.encode(signature), into: &member)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + member.count)
        out.append(contentsOf: bytes[..<offset])
        out.append(contentsOf: member)
        out.append(contentsOf: bytes[offset...])
        return (out, offset..<(offset + member.count))
    }

    /// The extensions in canonical order; refused as the schema refuses them (one replacing a
    /// schema 1.0 field, or two with one name).
    private static func sortedExtensions(_ d: ReceiptDraft) throws -> [JCSObject.Member] {
        guard !d.extensions.isEmpty else { return [] }
        for m in d.extensions where ReceiptSchema.fields.contains(m.key) {
            throw ReceiptError(.invalidValue, field: m.key, "an extension cannot replace a schema 1.0 field")
        }
        do { return try JCSObject(d.extensions).members } catch let e as JCSError {
            throw ReceiptError(.invalidValue, e.description)
        }
    }

    /// `seq` as RFC 8785 writes the double it is: the decimal digits of any integer a double
    /// holds exactly (|n| ≤ 2^53), else the ECMAScript form of the nearest double.
    private static func writeSequence(_ n: Int64, into out: inout [UInt8]) {
        let text = n.magnitude <= 1 << 53 ? String(n) : ECMAScriptNumber.format(Double(n))!
        out.append(contentsOf: text.utf8)
    }
}
