/// An ASN.1 OBJECT IDENTIFIER (X.690 §8.19), held as its canonical contents octets so that
/// arcs of any size (for example UUID arcs under 2.25) round-trip exactly.
public struct OID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The contents octets: minimal base-128 subidentifiers.
    public let contentBytes: [UInt8]

    /// Wraps contents octets, validating them.
    public init(contentBytes: some Collection<UInt8>, offset: Int = 0) throws {
        let bytes = Array(contentBytes)
        guard !bytes.isEmpty else { throw DERError(.invalidOID, at: offset, "empty OBJECT IDENTIFIER") }
        var startOfArc = true
        for b in bytes {
            if startOfArc && b == 0x80 {
                throw DERError(.invalidOID, at: offset, "subidentifier with a leading 0x80 octet")
            }
            startOfArc = b & 0x80 == 0
        }
        guard startOfArc else { throw DERError(.invalidOID, at: offset, "last subidentifier is incomplete") }
        self.contentBytes = bytes
    }

    /// Parses dotted decimal (`1.2.840.113549`). Arcs must be unsigned decimals without
    /// leading zeros; the first arc 0–2, the second < 40 unless the first is 2.
    public init(dotted: String) throws {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw DERError(.invalidOID, at: 0, "'\(dotted)' needs at least two arcs") }
        var arcs: [[UInt8]] = []  // big-endian base-256 magnitudes
        for p in parts {
            guard !p.isEmpty, p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), p == "0" || !p.hasPrefix("0") else {
                throw DERError(.invalidOID, at: 0, "'\(dotted)' has an invalid arc '\(p)'")
            }
            arcs.append(OID.decimalToBytes(p))
        }
        let first = arcs[0].last ?? 0
        guard arcs[0].count <= 1, first <= 2 else {
            throw DERError(.invalidOID, at: 0, "first arc of '\(dotted)' must be 0, 1 or 2")
        }
        if first < 2 {
            guard arcs[1].count <= 1, (arcs[1].last ?? 0) < 40 else {
                throw DERError(.invalidOID, at: 0, "second arc of '\(dotted)' must be below 40")
            }
        }
        // First subidentifier = first * 40 + second (big arithmetic on base-256 bytes).
        var firstSub = arcs[1]
        OID.addSmall(&firstSub, UInt32(first) * 40)
        var out: [UInt8] = []
        for arc in [firstSub] + arcs.dropFirst(2) { out += OID.base128(arc) }
        self.contentBytes = out
    }

    public init(stringLiteral value: String) {
        do { try self.init(dotted: value) } catch { preconditionFailure("invalid OID literal \(value)") }
    }

    /// Dotted decimal form.
    public var description: String {
        var subs: [[UInt8]] = []  // base-128 digit groups
        var current: [UInt8] = []
        for b in contentBytes {
            current.append(b & 0x7F)
            if b & 0x80 == 0 {
                subs.append(current)
                current = []
            }
        }
        var out: [String] = []
        let firstDigits = subs[0]
        if firstDigits.count <= 9 {
            var v: UInt64 = 0
            for d in firstDigits { v = v << 7 | UInt64(d) }
            if v < 40 {
                out += ["0", String(v)]
            } else if v < 80 {
                out += ["1", String(v - 40)]
            } else {
                out += ["2", String(v - 80)]
            }
        } else {
            // Huge first subidentifier: the first arc is 2, the second is (value - 80).
            out += ["2", OID.subtract80(BigDecimal.digits(ofBigEndian: firstDigits, base: 128))]
        }
        for s in subs.dropFirst() { out.append(BigDecimal.digits(ofBigEndian: s, base: 128)) }
        return out.joined(separator: ".")
    }

    public static func < (lhs: OID, rhs: OID) -> Bool { lhs.contentBytes.lexicographicallyPrecedes(rhs.contentBytes) }

    // MARK: arithmetic on small big numbers (only used for rare huge arcs)

    static func decimalToBytes(_ decimal: String) -> [UInt8] {
        var bytes: [UInt8] = []  // big-endian
        for c in decimal.utf8 {
            var carry = UInt32(c - 48)
            for i in bytes.indices.reversed() {
                let v = UInt32(bytes[i]) * 10 + carry
                bytes[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        return bytes
    }

    static func addSmall(_ bytes: inout [UInt8], _ value: UInt32) {
        var carry = value
        for i in bytes.indices.reversed() where carry > 0 {
            let v = UInt32(bytes[i]) + carry
            bytes[i] = UInt8(v & 0xFF)
            carry = v >> 8
        }
        while carry > 0 {
            bytes.insert(UInt8(carry & 0xFF), at: 0)
            carry >>= 8
        }
    }

    static func base128(_ magnitude: [UInt8]) -> [UInt8] {
        var groups: [UInt8] = []
        var bits: UInt32 = 0
        var nbits = 0
        for b in magnitude.reversed() {
            bits |= UInt32(b) << nbits
            nbits += 8
            while nbits >= 7 {
                groups.append(UInt8(bits & 0x7F))
                bits >>= 7
                nbits -= 7
            }
        }
        if nbits > 0 { groups.append(UInt8(bits & 0x7F)) }
        while groups.count > 1 && groups.last == 0 { groups.removeLast() }
        if groups.isEmpty { groups = [0] }
        var out: [UInt8] = []
        for (i, g) in groups.enumerated().reversed() { out.append(i == 0 ? g : g | 0x80) }
        return out
    }

    static func subtract80(_ decimal: String) -> String {
        var digits = Array(decimal.utf8).map { Int($0) - 48 }
        var borrow = 80
        var i = digits.count - 1
        while borrow > 0 && i >= 0 {
            let v = digits[i] - borrow % 10
            borrow /= 10
            if v < 0 { digits[i] = v + 10; borrow += 1 } else { digits[i] = v }
            i -= 1
        }
        let s = String(decoding: digits.map { UInt8($0 + 48) }, as: UTF8.self)
        let trimmed = s.drop(while: { $0 == "0" })
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
