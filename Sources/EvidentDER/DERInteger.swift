import EvidentCore

/// An ASN.1 INTEGER of any size, held as its minimal big-endian two's-complement contents
/// octets (X.690 §8.3). Serial numbers and nonces routinely exceed 64 bits.
public struct DERInteger: Hashable, Sendable, CustomStringConvertible {
    /// Minimal two's-complement big-endian bytes, never empty.
    public let bytes: [UInt8]

    /// Wraps contents octets that were already checked to be minimal.
    init(validatedBytes: [UInt8]) { self.bytes = validatedBytes }

    /// Builds the minimal encoding of a non-negative integer given as big-endian magnitude bytes.
    public init(unsignedBigEndian magnitude: some Collection<UInt8>) {
        var m = Array(magnitude.drop(while: { $0 == 0 }))
        if m.isEmpty { m = [0] } else if m[0] & 0x80 != 0 { m.insert(0, at: 0) }
        self.bytes = m
    }

    public init(_ value: some BinaryInteger) {
        if value >= 0 {
            var mag: [UInt8] = []
            var v = value
            while v > 0 {
                mag.append(UInt8(truncatingIfNeeded: v & 0xFF))
                v >>= 8
            }
            self.init(unsignedBigEndian: mag.reversed())
        } else {
            // Two's complement of a negative value, minimal: stop once the remaining high bits
            // are all ones and the last octet already carries the sign. The shift is arithmetic
            // on the value's own type, so values wider than 64 bits work too.
            var out: [UInt8] = []
            var v = value
            repeat {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            } while !(v == -1 && out.last! & 0x80 != 0)
            self.init(validatedBytes: out.reversed())
        }
    }

    public var isNegative: Bool { bytes[0] & 0x80 != 0 }

    /// The big-endian magnitude of a non-negative value, without the sign octet.
    public var magnitude: ArraySlice<UInt8> {
        bytes.count > 1 && bytes[0] == 0 ? bytes[1...] : bytes[...]
    }

    /// The value as a fixed-width integer, or nil when it does not fit.
    public func value<T: FixedWidthInteger>(as: T.Type = T.self) -> T? {
        if isNegative && !T.isSigned { return nil }
        guard bytes.count <= MemoryLayout<T>.size + 1 else { return nil }
        var acc: T = isNegative ? ~0 : 0
        for b in bytes { acc = acc << 8 | T(truncatingIfNeeded: b) }
        // Bits shifted out make the round trip differ: exact for every width and sign.
        return DERInteger(acc).bytes == bytes ? acc : nil
    }

    /// `0x`-prefixed upper-case hex of the absolute value (`-0x` when negative), as
    /// `openssl ts -text` prints serials and nonces: 128 is `0x80`, -1 is `-0x01`.
    public var hexString: String {
        (isNegative ? "-0x" : "0x") + Hex.encode(absoluteValue, uppercase: true)
    }

    /// Decimal digits of any size.
    public var decimalString: String {
        (isNegative ? "-" : "") + BigDecimal.digits(ofBigEndian: absoluteValue, base: 256)
    }

    /// Big-endian bytes of |value|, without leading zero octets (one zero octet for 0).
    var absoluteValue: ArraySlice<UInt8> {
        guard isNegative else { return magnitude }
        // Negate: invert and add one over the two's-complement bytes.
        var mag = bytes.map { ~$0 }
        var i = mag.count - 1
        while i >= 0 {
            mag[i] &+= 1
            if mag[i] != 0 { break }
            i -= 1
        }
        // -2^(8k-1) negates to 0x80 00…; inverting never yields more than one leading zero.
        return mag.first == 0 && mag.count > 1 ? mag[1...] : mag[...]
    }

    public var description: String { decimalString }
}

/// Decimal rendering of arbitrarily large unsigned numbers given as digits in a base ≤ 256.
enum BigDecimal {
    static func digits(ofBigEndian input: some Collection<UInt8>, base: UInt32) -> String {
        // Limbs in base 10^9, least significant first.
        var limbs: [UInt32] = [0]
        for d in input {
            var carry = UInt64(d)
            for k in limbs.indices {
                let v = UInt64(limbs[k]) * UInt64(base) + carry
                limbs[k] = UInt32(v % 1_000_000_000)
                carry = v / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(UInt32(carry % 1_000_000_000))
                carry /= 1_000_000_000
            }
        }
        var s = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            s += String(repeating: "0", count: 9 - part.count) + part
        }
        return s
    }
}
