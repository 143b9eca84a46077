import EvidentCore

/// The ASN.1 character string types TSP, CMS and X.509 use, with their DER character sets.
public enum DERStringKind: Hashable, Sendable, CaseIterable {
    case utf8, printable, ia5, visible, numeric, teletex, bmp, universal

    public var tag: DERTag {
        switch self {
        case .utf8: return .utf8String
        case .printable: return .printableString
        case .ia5: return .ia5String
        case .visible: return .visibleString
        case .numeric: return .numericString
        case .teletex: return .teletexString
        case .bmp: return .bmpString
        case .universal: return .universalString
        }
    }

    public init?(tag: DERTag) {
        guard let k = DERStringKind.allCases.first(where: { $0.tag == tag }) else { return nil }
        self = k
    }

    /// PrintableString's character set (X.680 §41.4, Table 10), indexed by octet; built once
    /// because certificate names are full of PrintableStrings.
    static let printableOctets: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?".utf8 {
            table[Int(c)] = true
        }
        return table
    }()

    func decode(_ bytes: ArraySlice<UInt8>, offset: Int) throws -> String {
        func bad(_ what: String) -> DERError { DERError(.invalidString, at: offset, "\(tag): \(what)") }
        switch self {
        case .utf8:
            var it = bytes.makeIterator()
            var decoder = UTF8()
            var out = String.UnicodeScalarView()
            loop: while true {
                switch decoder.decode(&it) {
                case .scalarValue(let s): out.append(s)
                case .emptyInput: break loop
                case .error: throw bad("invalid UTF-8")
                }
            }
            return String(out)
        case .printable:
            if let c = bytes.first(where: { !DERStringKind.printableOctets[Int($0)] }) {
                throw bad("character 0x\(Hex.encode([c])) is not printable")
            }
            return String(decoding: bytes, as: UTF8.self)
        case .ia5:
            if let c = bytes.first(where: { $0 > 0x7F }) { throw bad("octet 0x\(Hex.encode([c])) is not IA5") }
            return String(decoding: bytes, as: UTF8.self)
        case .visible:
            if let c = bytes.first(where: { $0 < 0x20 || $0 > 0x7E }) {
                throw bad("octet 0x\(Hex.encode([c])) is not visible")
            }
            return String(decoding: bytes, as: UTF8.self)
        case .numeric:
            if let c = bytes.first(where: { !($0 == 0x20 || (0x30...0x39).contains($0)) }) {
                throw bad("octet 0x\(Hex.encode([c])) is not numeric")
            }
            return String(decoding: bytes, as: UTF8.self)
        case .teletex:
            // T.61 in practice carries Latin-1; map octets to the same code points.
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .bmp:
            guard bytes.count % 2 == 0 else { throw bad("odd length \(bytes.count)") }
            var out = String.UnicodeScalarView()
            var i = bytes.startIndex
            while i < bytes.endIndex {
                let v = UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1])
                guard let s = Unicode.Scalar(v) else { throw bad("surrogate code unit 0x\(String(v, radix: 16))") }
                out.append(s)
                i += 2
            }
            return String(out)
        case .universal:
            guard bytes.count % 4 == 0 else { throw bad("length \(bytes.count) is not a multiple of 4") }
            var out = String.UnicodeScalarView()
            var i = bytes.startIndex
            while i < bytes.endIndex {
                let v = bytes[i..<(i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                guard let s = Unicode.Scalar(v) else { throw bad("invalid code point 0x\(String(v, radix: 16))") }
                out.append(s)
                i += 4
            }
            return String(out)
        }
    }

    /// Encodes a string for this kind, or nil when a character is outside its set.
    func encode(_ s: String) -> [UInt8]? {
        switch self {
        case .utf8: return Array(s.utf8)
        case .bmp:
            var out: [UInt8] = []
            for u in s.unicodeScalars {
                guard u.value <= 0xFFFF else { return nil }
                out += [UInt8(u.value >> 8), UInt8(u.value & 0xFF)]
            }
            return out
        case .universal:
            return s.unicodeScalars.flatMap { u in [24, 16, 8, 0].map { UInt8((u.value >> $0) & 0xFF) } }
        case .teletex:
            guard s.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) else { return nil }
            return s.unicodeScalars.map { UInt8($0.value) }
        default:
            let bytes = Array(s.utf8)
            guard (try? decode(bytes[...], offset: 0)) != nil else { return nil }
            return bytes
        }
    }
}
