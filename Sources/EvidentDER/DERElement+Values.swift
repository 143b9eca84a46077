import EvidentCore

/// Typed readers for the universal types. Each takes the tag to expect, so the same reader
/// serves IMPLICIT context tags: `try e.integer(tag: .context(1))`.
extension DERElement {
    public func boolean(tag: DERTag = .boolean) throws -> Bool {
        try expect(tag, constructed: false)
        guard content.count == 1 else {
            throw DERError(.invalidBoolean, at: offset, "BOOLEAN must be one octet, found \(content.count)")
        }
        switch content.first! {
        case 0x00: return false
        case 0xFF: return true
        default:
            guard rules.level == .lenientBER else {
                throw DERError(
                    .invalidBoolean, at: offset,
                    "BOOLEAN must be 00 or FF in DER, found \(Hex.encode([content.first!]))")
            }
            return true
        }
    }

    /// An INTEGER (or ENUMERATED with `tag: .enumerated`) of any size; rejects empty and
    /// non-minimal encodings (X.690 §8.3.2).
    public func integer(tag: DERTag = .integer) throws -> DERInteger {
        try expect(tag, constructed: false)
        guard let first = content.first else {
            throw DERError(.emptyInteger, at: offset, "INTEGER with no contents octets")
        }
        if content.count > 1 {
            let second = content[content.startIndex + 1]
            if (first == 0x00 && second & 0x80 == 0) || (first == 0xFF && second & 0x80 != 0) {
                throw DERError(
                    .nonMinimalInteger, at: offset, "INTEGER has a redundant leading \(first == 0 ? "00" : "FF") octet")
            }
        }
        return DERInteger(validatedBytes: Array(content))
    }

    /// A small INTEGER that must fit `T`.
    public func integer<T: FixedWidthInteger>(as type: T.Type, tag: DERTag = .integer) throws -> T {
        let value = try integer(tag: tag)
        guard let v = value.value(as: T.self) else {
            throw DERError(.integerOutOfRange, at: offset, "INTEGER \(value.hexString) does not fit \(T.self)")
        }
        return v
    }

    public func bitString(tag: DERTag = .bitString) throws -> DERBitString {
        try expect(tag)
        if isConstructed { return try constructedBitString(tag) }
        guard let unused = content.first else {
            throw DERError(.invalidBitString, at: offset, "BIT STRING with no contents octets")
        }
        guard unused <= 7 else {
            throw DERError(.invalidBitString, at: offset, "BIT STRING declares \(unused) unused bits")
        }
        let bits = content.dropFirst()
        if bits.isEmpty && unused != 0 {
            throw DERError(.invalidBitString, at: offset, "empty BIT STRING declares \(unused) unused bits")
        }
        if let last = bits.last, unused > 0, last & UInt8((1 << unused) - 1) != 0 {
            throw DERError(.nonZeroUnusedBits, at: offset, "BIT STRING unused bits are not zero (X.690 §11.2.1)")
        }
        return DERBitString(bytes: bits, unusedBits: unused)
    }

    /// A BER constructed BIT STRING (lenient mode only). Each segment is a BIT STRING with its
    /// own unused-bits octet, and only the last may leave bits unused (X.690 §8.6.4).
    private func constructedBitString(_ tag: DERTag) throws -> DERBitString {
        guard rules.level == .lenientBER else {
            throw DERError(.constructedPrimitive, at: offset, "constructed \(tag) is not DER")
        }
        var bytes: [UInt8] = []
        var unused: UInt8 = 0
        for (i, c) in children.enumerated() {
            let part = try c.bitString()
            if part.unusedBits != 0 && i != children.count - 1 {
                throw DERError(
                    .invalidBitString, at: c.offset,
                    "only the last segment of a constructed BIT STRING may have unused bits")
            }
            bytes += part.bytes
            unused = part.unusedBits
        }
        return DERBitString(bytes: bytes, unusedBits: unused)
    }

    /// The octets of an OCTET STRING. Zero-copy for DER; a BER constructed string (lenient mode
    /// only) is concatenated into a new buffer.
    public func octetString(tag: DERTag = .octetString) throws -> ArraySlice<UInt8> {
        try expect(tag)
        return try primitiveContent(segmentTag: .octetString)
    }

    public func null(tag: DERTag = .null) throws {
        try expect(tag, constructed: false)
        guard content.isEmpty else {
            throw DERError(.invalidNull, at: offset, "NULL with \(content.count) contents octets")
        }
    }

    public func objectIdentifier(tag: DERTag = .objectIdentifier) throws -> OID {
        try expect(tag, constructed: false)
        return try OID(contentBytes: content, offset: offset)
    }

    /// A UTCTime or GeneralizedTime (whichever the tag says; pass `kind` for an IMPLICIT tag).
    public func time(tag: DERTag? = nil, kind: DERTime.Kind? = nil) throws -> DERTime {
        let resolvedKind: DERTime.Kind
        if let kind {
            resolvedKind = kind
            try expect(tag ?? (kind == .utcTime ? .utcTime : .generalizedTime), constructed: false)
        } else if self.tag == .utcTime {
            resolvedKind = .utcTime
        } else if self.tag == .generalizedTime {
            resolvedKind = .generalizedTime
        } else {
            throw DERError(.unexpectedTag, at: offset, "expected UTCTime or GeneralizedTime, found \(self.tag)")
        }
        if isConstructed { throw DERError(.constructedPrimitive, at: offset, "time must be primitive") }
        return try DERTime.parse(content, kind: resolvedKind, offset: offset, lenient: rules.level == .lenientBER)
    }

    /// Reads one of the ASN.1 character string types, checking its character set.
    public func string(tag: DERTag? = nil, kind: DERStringKind? = nil) throws -> String {
        let k: DERStringKind
        if let kind {
            k = kind
            try expect(tag ?? kind.tag)
        } else if let inferred = DERStringKind(tag: self.tag) {
            k = inferred
        } else {
            throw DERError(.unexpectedTag, at: offset, "expected a character string, found \(self.tag)")
        }
        return try k.decode(primitiveContent(segmentTag: k.tag), offset: offset)
    }

    /// The children of a SEQUENCE (or of any constructed element with `tag`).
    public func sequence(tag: DERTag = .sequence) throws -> [DERElement] {
        try expect(tag, constructed: true)
        return children
    }

    /// A reader over the children of a SEQUENCE, for schema decoding with OPTIONAL fields.
    public func sequenceReader(tag: DERTag = .sequence, _ what: String = "") throws -> DERSequenceReader {
        try expect(tag, constructed: true, what)
        return DERSequenceReader(parent: self, what: what)
    }

    /// The children of a SET OF, checking DER order (ascending by encoding, X.690 §11.6).
    /// Tolerant rules accept any order, recording it (``DEREncodingRules/tolerate(_:at:_:)``).
    public func setOf(tag: DERTag = .set) throws -> [DERElement] {
        try expect(tag, constructed: true)
        for (a, b) in zip(children, children.dropFirst()) where DERElement.encodingOrder(b.encoded, a.encoded) {
            try rules.tolerate(.setNotSorted, at: b.offset, "SET OF elements are not in ascending DER order")
            break
        }
        return children
    }

    /// The one child of an EXPLICIT tag.
    public func explicit(tag: DERTag) throws -> DERElement {
        try expect(tag, constructed: true)
        guard children.count == 1 else {
            throw DERError(
                children.isEmpty ? .missingElement : .unexpectedElement, at: offset,
                "EXPLICIT \(tag) must hold exactly one element, found \(children.count)")
        }
        return children[0]
    }

    /// X.690 §11.6 order: shorter encodings are padded with trailing zero octets.
    public static func encodingOrder(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return a.count < b.count && b.dropFirst(a.count).contains(where: { $0 != 0 })
    }

    /// Contents of a string type: direct for primitive; for a BER constructed string (the
    /// parser only lets those through in lenient mode) the segments concatenated. Segments carry
    /// the universal tag of the string type even under an IMPLICIT tag (X.690 §8.7.3.2, §8.23.6).
    func primitiveContent(segmentTag: DERTag) throws -> ArraySlice<UInt8> {
        guard isConstructed else { return content }
        guard rules.level == .lenientBER else {
            throw DERError(.constructedPrimitive, at: offset, "constructed \(tag) is not DER")
        }
        var out: [UInt8] = []
        for c in children {
            guard c.tag == segmentTag else {
                throw DERError(.unexpectedTag, at: c.offset, "segment of a constructed \(segmentTag) has tag \(c.tag)")
            }
            out += try c.primitiveContent(segmentTag: segmentTag)
        }
        return out[...]
    }
}

/// Walks the children of a SEQUENCE in order, with OPTIONAL and DEFAULT fields.
public struct DERSequenceReader {
    public let parent: DERElement
    let what: String
    var index = 0

    init(parent: DERElement, what: String) {
        self.parent = parent
        self.what = what
    }

    public var isAtEnd: Bool { index >= parent.children.count }

    /// The next element; ``DERError/Code/missingElement`` when there is none.
    public mutating func next(_ name: String) throws -> DERElement {
        guard index < parent.children.count else {
            throw DERError(
                .missingElement, at: parent.offset, "\(what.isEmpty ? "SEQUENCE" : what) ends before \(name)")
        }
        defer { index += 1 }
        return parent.children[index]
    }

    /// The next element when it has `tag`, else nil (nothing consumed).
    public mutating func optional(_ tag: DERTag) -> DERElement? {
        guard index < parent.children.count, parent.children[index].tag == tag else { return nil }
        defer { index += 1 }
        return parent.children[index]
    }

    /// The next element when `matches` says so.
    public mutating func optional(where matches: (DERElement) -> Bool) -> DERElement? {
        guard index < parent.children.count, matches(parent.children[index]) else { return nil }
        defer { index += 1 }
        return parent.children[index]
    }

    /// Everything left.
    public mutating func rest() -> ArraySlice<DERElement> {
        defer { index = parent.children.count }
        return parent.children[index...]
    }

    /// Throws ``DERError/Code/unexpectedElement`` if anything is left.
    public func finish() throws {
        if index < parent.children.count {
            let e = parent.children[index]
            throw DERError(
                .unexpectedElement, at: e.offset,
                "unexpected \(e.tag) after the last field of \(what.isEmpty ? "SEQUENCE" : what)")
        }
    }
}
