/// The shape of a well-formed UTF-8 sequence by its lead byte (Unicode 15 Table 3-7), shared by
/// the JCS parser and the receipt byte reader so that both accept exactly the same sequences.
enum UTF8Sequence {
    /// For a lead byte ≥ 0x80: the allowed second byte and the sequence length; nil when the
    /// byte cannot start a sequence. Continuation bytes after the second are 80–BF. Surrogates
    /// (ED A0–BF) are outside the second-byte range of ED.
    static func shape(lead: UInt8) -> (second: ClosedRange<UInt8>, length: Int)? {
        switch lead {
        case 0xC2...0xDF: return (0x80...0xBF, 2)
        case 0xE0: return (0xA0...0xBF, 3)
        case 0xE1...0xEC, 0xEE...0xEF: return (0x80...0xBF, 3)
        case 0xED: return (0x80...0x9F, 3)
        case 0xF0: return (0x90...0xBF, 4)
        case 0xF1...0xF3: return (0x80...0xBF, 4)
        case 0xF4: return (0x80...0x8F, 4)
        default: return nil
        }
    }
}
