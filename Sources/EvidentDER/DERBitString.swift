/// An ASN.1 BIT STRING (X.690 §8.6): bytes plus the number of unused bits in the last byte.
/// In DER the unused bits are zero (§11.2.1).
public struct DERBitString: Hashable, Sendable {
    public let bytes: ArraySlice<UInt8>
    public let unusedBits: UInt8

    public init(bytes: some Collection<UInt8>, unusedBits: UInt8 = 0) {
        self.bytes = ArraySlice(bytes)
        self.unusedBits = unusedBits
    }

    /// Bit `n` in ASN.1 numbering: bit 0 is the most significant bit of the first byte.
    public func isSet(_ n: Int) -> Bool {
        let byte = n / 8
        guard n >= 0, byte < bytes.count, n < bytes.count * 8 - Int(unusedBits) else { return false }
        return bytes[bytes.startIndex + byte] & (0x80 >> UInt8(n % 8)) != 0
    }

    /// The DER form of a NamedBitList value (§11.2.2): trailing zero bits removed.
    public init(namedBits: [Int]) {
        guard let maxBit = namedBits.max() else {
            self.init(bytes: [])
            return
        }
        var out = [UInt8](repeating: 0, count: maxBit / 8 + 1)
        for n in namedBits { out[n / 8] |= 0x80 >> UInt8(n % 8) }
        self.init(bytes: out, unusedBits: UInt8(7 - maxBit % 8))
    }

    /// Indices of the set bits, in ascending order.
    public var setBits: [Int] { (0..<(bytes.count * 8)).filter { isSet($0) } }
}
