/// Builds DER. Lengths are always minimal, SET OF contents are sorted, and values go through
/// the same canonical forms the reader enforces, so `parse(write(x))` round-trips.
public struct DERWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends an element that is already encoded (for ANY fields and preserved originals).
    public mutating func appendEncoded(_ encoded: some Sequence<UInt8>) {
        bytes.append(contentsOf: encoded)
    }

    public mutating func writePrimitive(_ tag: DERTag, content: some Collection<UInt8>) {
        DERWriter.appendHeader(&bytes, tag: tag, constructed: false, length: content.count)
        bytes.append(contentsOf: content)
    }

    /// Writes the body in place after a one-octet length placeholder, then fixes the length
    /// (inserting the extra octets of a long form): no intermediate buffer per nesting level.
    public mutating func writeConstructed(_ tag: DERTag, _ body: (inout DERWriter) throws -> Void) rethrows {
        DERWriter.appendIdentifier(&bytes, tag: tag, constructed: true)
        let lengthIndex = bytes.count
        bytes.append(0)
        let start = bytes.count
        do {
            try body(&self)
        } catch {
            bytes.removeSubrange(lengthIndex - 1 - DERWriter.identifierExtraOctets(tag)..<bytes.count)
            throw error
        }
        let length = bytes.count - start
        guard length >= 0x80 else { return bytes[lengthIndex] = UInt8(length) }
        let n = DERWriter.headerCount(length: length) - 2
        bytes[lengthIndex] = 0x80 | UInt8(n)
        bytes.insert(contentsOf: repeatElement(0, count: n), at: lengthIndex + 1)
        for i in 0..<n { bytes[lengthIndex + 1 + i] = UInt8(truncatingIfNeeded: length >> (8 * (n - 1 - i))) }
    }

    public mutating func writeSequence(_ body: (inout DERWriter) throws -> Void) rethrows {
        try writeConstructed(.sequence, body)
    }

    /// A SET OF: each element is encoded alone, then they are emitted in ascending DER order.
    public mutating func writeSetOf(tag: DERTag = .set, _ elements: [(inout DERWriter) throws -> Void]) throws {
        var encodings: [[UInt8]] = []
        for e in elements {
            var w = DERWriter()
            try e(&w)
            encodings.append(w.bytes)
        }
        encodings.sort { DERElement.encodingOrder($0[...], $1[...]) }
        writeConstructed(tag) { w in for e in encodings { w.appendEncoded(e) } }
    }

    /// A SET OF whose elements are already encoded.
    public mutating func writeSetOf(tag: DERTag = .set, encoded: [ArraySlice<UInt8>]) {
        let sorted = encoded.sorted { DERElement.encodingOrder($0, $1) }
        writeConstructed(tag) { w in for e in sorted { w.appendEncoded(e) } }
    }

    /// EXPLICIT tagging: a constructed tag around one element.
    public mutating func writeExplicit(_ tag: DERTag, _ body: (inout DERWriter) throws -> Void) rethrows {
        try writeConstructed(tag, body)
    }

    public mutating func writeBoolean(_ value: Bool, tag: DERTag = .boolean) {
        writePrimitive(tag, content: [value ? 0xFF : 0x00])
    }

    public mutating func writeInteger(_ value: DERInteger, tag: DERTag = .integer) {
        writePrimitive(tag, content: value.bytes)
    }

    public mutating func writeInteger(_ value: some BinaryInteger, tag: DERTag = .integer) {
        writeInteger(DERInteger(value), tag: tag)
    }

    public mutating func writeBitString(_ value: DERBitString, tag: DERTag = .bitString) {
        writePrimitive(tag, content: [value.unusedBits] + value.bytes)
    }

    public mutating func writeOctetString(_ value: some Collection<UInt8>, tag: DERTag = .octetString) {
        writePrimitive(tag, content: value)
    }

    public mutating func writeNull(tag: DERTag = .null) {
        writePrimitive(tag, content: [])
    }

    public mutating func writeOID(_ oid: OID, tag: DERTag = .objectIdentifier) {
        writePrimitive(tag, content: oid.contentBytes)
    }

    public mutating func writeTime(_ time: DERTime, tag: DERTag? = nil) {
        writePrimitive(tag ?? (time.kind == .utcTime ? .utcTime : .generalizedTime), content: time.derContent)
    }

    /// Writes a character string; throws ``DERError/Code/invalidString`` when a character is
    /// outside the kind's set.
    public mutating func writeString(_ value: String, kind: DERStringKind, tag: DERTag? = nil) throws {
        guard let content = kind.encode(value) else {
            throw DERError(.invalidString, at: bytes.count, "'\(value)' cannot be encoded as \(kind.tag)")
        }
        writePrimitive(tag ?? kind.tag, content: content)
    }

    static func appendIdentifier(_ out: inout [UInt8], tag: DERTag, constructed: Bool) {
        let lead = tag.tagClass.rawValue << 6 | (constructed ? 0x20 : 0)
        if tag.number < 31 {
            out.append(lead | UInt8(tag.number))
        } else {
            out.append(lead | 0x1F)
            var groups: [UInt8] = []
            var n = tag.number
            repeat {
                groups.append(UInt8(n & 0x7F))
                n >>= 7
            } while n > 0
            for (i, g) in groups.enumerated().reversed() { out.append(i == 0 ? g : g | 0x80) }
        }
    }

    /// Identifier octets beyond the first (high tag numbers).
    static func identifierExtraOctets(_ tag: DERTag) -> Int {
        guard tag.number >= 31 else { return 0 }
        var n = tag.number, count = 0
        repeat {
            count += 1
            n >>= 7
        } while n > 0
        return count
    }

    static func appendHeader(_ out: inout [UInt8], tag: DERTag, constructed: Bool, length: Int) {
        appendIdentifier(&out, tag: tag, constructed: constructed)
        appendLength(&out, length)
    }

    /// Appends a one-octet identifier and the minimal length octets, for encoders that lay out
    /// pre-encoded parts into one buffer (the TSA's token template).
    public static func appendHeader(_ out: inout [UInt8], identifier: UInt8, length: Int) {
        out.append(identifier)
        appendLength(&out, length)
    }

    /// The size of a one-octet identifier and the minimal length octets for `length`.
    public static func headerCount(length: Int) -> Int {
        var n = 2
        var l = length
        if l >= 0x80 {
            while l > 0 {
                n += 1
                l >>= 8
            }
        }
        return n
    }

    /// The minimal length octets (X.690 §10.1): short form below 128, else 0x80|n and n octets.
    static func appendLength(_ out: inout [UInt8], _ length: Int) {
        guard length >= 0x80 else { return out.append(UInt8(length)) }
        let n = headerCount(length: length) - 2
        out.append(0x80 | UInt8(n))
        for i in stride(from: n - 1, through: 0, by: -1) { out.append(UInt8(truncatingIfNeeded: length >> (8 * i))) }
    }

}

/// A type with a DER encoding.
public protocol DERSerializable {
    func serialize(into writer: inout DERWriter) throws
}

/// A type decoded from one DER element.
public protocol DERParseable {
    init(derElement: DERElement) throws
}

extension DERSerializable {
    /// The complete DER encoding.
    public func derBytes() throws -> [UInt8] {
        var w = DERWriter()
        try serialize(into: &w)
        return w.bytes
    }
}

extension DERParseable {
    /// Parses `bytes` strictly (one element, nothing after it) and decodes it.
    public init(derEncoded bytes: [UInt8], rules: DEREncodingRules = .der, limits: DERLimits = .default) throws {
        try self.init(derElement: DERParser.parse(bytes, rules: rules, limits: limits))
    }
}
