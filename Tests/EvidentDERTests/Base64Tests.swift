import EvidentTestSupport
import Testing

@testable import EvidentDER

/// Strict standard base64 (RFC 4648 §4), used by PEM, signed notes and checkpoints.
@Suite struct Base64Tests {
    /// RFC 4648 §10 test vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyByteAndLengthRoundTrips() {
        var rng = SplitMix64(seed: 4648)
        for length in 0..<100 {
            let bytes = rng.bytes(length)
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    /// Only the canonical encoding is accepted.
    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Zh==", "Zm9=", "Zm9v=", "Z===", "=Zg=", "Zg==Zg==", "Zm 9v", "Zm9v\n", "Zm-v", "Zm_v",
        "Zm9vYg=A",
    ])
    func nonCanonicalIsRefused(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
