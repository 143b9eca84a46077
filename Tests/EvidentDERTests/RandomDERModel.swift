import EvidentTestSupport

@testable import EvidentDER

/// Builds random ``DERModel`` trees: nested SEQUENCE / SET OF / EXPLICIT and IMPLICIT tags of
/// every class, big and small INTEGERs, OIDs with huge arcs, both time types, every string
/// kind with characters from its own set.
struct RandomDERModel {
    var rng: SplitMix64
    let maxDepth: Int
    let maxChildren: Int

    init(seed: UInt64, maxDepth: Int = 6, maxChildren: Int = 6) {
        rng = SplitMix64(seed: seed)
        self.maxDepth = maxDepth
        self.maxChildren = maxChildren
    }

    /// A tree whose root is a SEQUENCE or SET OF, as every structure the project reads is.
    mutating func root() throws -> DERModel {
        rng.chance(80) ? .sequence(try children(1)) : .setOf(try children(1))
    }

    mutating func model(depth: Int = 1) throws -> DERModel {
        // Constructed values are likelier near the root, so trees are neither trivially flat
        // nor always at the depth cap.
        if depth < maxDepth && Int.random(in: 0..<maxDepth, using: &rng) >= depth {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1: return .sequence(try children(depth))
            case 2: return .setOf(try children(depth))
            case 3: return .explicit(tag(), try model(depth: depth + 1))
            default: return .implicit(tag(), try model(depth: depth))
            }
        }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .boolean(Bool.random(using: &rng))
        case 1: return .integer(integer())
        case 2: return .bitString(bitString())
        case 3: return .octetString(rng.bytes(Int.random(in: 0...(rng.chance(5) ? 300 : 20), using: &rng)))
        case 4: return .null
        case 5: return .oid(try oid())
        case 6: return .time(try time())
        case 7: return .implicit(tag(), try model(depth: maxDepth))  // IMPLICIT primitive
        default: return string()
        }
    }

    private mutating func children(_ depth: Int) throws -> [DERModel] {
        try (0..<Int.random(in: 0...maxChildren, using: &rng)).map { _ in try model(depth: depth + 1) }
    }

    /// Context, application or private tags, mostly small, sometimes high-number (§8.1.2.4).
    mutating func tag() -> DERTag {
        let cls: DERTagClass = rng.chance(70) ? .contextSpecific : (Bool.random(using: &rng) ? .application : .private)
        let number: UInt32
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: number = UInt32.random(in: 31...1000, using: &rng)
        case 1: number = UInt32.random(in: 1001...UInt32.max, using: &rng)
        default: number = UInt32.random(in: 0...30, using: &rng)
        }
        return DERTag(cls, number)
    }

    mutating func integer() -> DERInteger {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return DERInteger(Int64.random(in: -300...300, using: &rng))
        case 1: return DERInteger(Int64.random(in: .min ... .max, using: &rng))
        default:
            // Up to 40 random two's-complement octets (serials, nonces), made minimal.
            var raw = rng.bytes(Int.random(in: 1...40, using: &rng))
            while raw.count > 1 && ((raw[0] == 0 && raw[1] & 0x80 == 0) || (raw[0] == 0xFF && raw[1] & 0x80 != 0)) {
                raw.removeFirst()
            }
            return DERInteger(validatedBytes: raw)
        }
    }

    mutating func bitString() -> DERBitString {
        var raw = rng.bytes(Int.random(in: 0...12, using: &rng))
        guard !raw.isEmpty else { return DERBitString(bytes: []) }
        let unused = UInt8.random(in: 0...7, using: &rng)
        raw[raw.count - 1] &= ~UInt8((1 << unused) - 1)
        return DERBitString(bytes: raw, unusedBits: unused)
    }

    mutating func oid() throws -> OID {
        let first = Int.random(in: 0...2, using: &rng)
        let second =
            first == 2
            ? (rng.chance(20)
                ? UInt64.random(in: 40...UInt64.max, using: &rng) : UInt64.random(in: 0...999, using: &rng))
            : UInt64.random(in: 0...39, using: &rng)
        var arcs = ["\(first)", "\(second)"]
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: arcs.append(String(UInt64.random(in: 0 ... .max, using: &rng)))
            case 1: arcs.append(bigDecimal())  // UUID-sized arcs, as under 2.25
            default: arcs.append(String(UInt64.random(in: 0...200_000, using: &rng)))
            }
        }
        let dotted = arcs.joined(separator: ".")
        let oid = try OID(dotted: dotted)
        guard oid.description == dotted else { throw DERModel.Mismatch(description: "OID \(dotted) prints as \(oid)") }
        return oid
    }

    /// A decimal of up to 39 digits without leading zeros (128-bit range).
    private mutating func bigDecimal() -> String {
        let hi = UInt64.random(in: 0 ... .max, using: &rng)
        let lo = UInt64.random(in: 0 ... .max, using: &rng)
        return (UInt128(hi) << 64 | UInt128(lo)).description
    }

    mutating func time() throws -> DERTime {
        if Bool.random(using: &rng) {
            // UTCTime: 1950-01-01 ... 2049-12-31T23:59:59Z.
            let s = Int64.random(in: -631_152_000...2_524_607_999, using: &rng)
            return try DERTime(secondsSinceEpoch: s, kind: .utcTime)
        }
        let s = Int64.random(in: -62_167_219_200...253_402_300_799, using: &rng)
        var fraction = ""
        if rng.chance(50) {
            fraction = String(
                (0..<Int.random(in: 1...9, using: &rng)).map { _ in
                    Character(String(Int.random(in: 0...9, using: &rng)))
                })
        }
        return try DERTime(secondsSinceEpoch: s, fraction: fraction, kind: .generalizedTime)
    }

    mutating func string() -> DERModel {
        let kind = DERStringKind.allCases.randomElement(using: &rng)!
        let count = Int.random(in: 0...16, using: &rng)
        let scalars = (0..<count).map { _ in scalar(for: kind) }
        return .string(kind, scalars)
    }

    private mutating func scalar(for kind: DERStringKind) -> Unicode.Scalar {
        func pick(_ set: String) -> Unicode.Scalar { set.unicodeScalars.randomElement(using: &rng)! }
        switch kind {
        case .printable: return pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")
        case .numeric: return pick("0123456789 ")
        case .ia5: return Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &rng))
        case .visible: return Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng))
        case .teletex: return Unicode.Scalar(UInt8.random(in: 0...0xFF, using: &rng))
        case .bmp: return anyScalar(upTo: 0xFFFF)
        case .utf8, .universal: return anyScalar(upTo: 0x10FFFF)
        }
    }

    private mutating func anyScalar(upTo limit: UInt32) -> Unicode.Scalar {
        while true {
            let v =
                rng.chance(50) ? UInt32.random(in: 0...0x7FF, using: &rng) : UInt32.random(in: 0...limit, using: &rng)
            if let s = Unicode.Scalar(v) { return s }
        }
    }
}
