import EvidentCrypto
import EvidentDER
import EvidentLedger
import Testing

/// c2sp.org/tlog-cosignature, Ed25519 cosignature/v1: a fixed vector computed independently
/// (Python's `cryptography`, the spec's message and key hash written out by hand), sign/verify
/// round trips, and the ways a cosignature line must not be accepted.
@Suite struct CosignatureTests {
    /// Seed 00 01 … 1f, name witness.example/w1, the spec's example checkpoint text, time
    /// 1679315147. Computed with Python 3 `cryptography`:
    /// key hash = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4];
    /// message = "cosignature/v1\ntime 1679315147\n" ‖ text; line = base64(key hash ‖ u64 time ‖ sig).
    static let seed = (0..<32).map { UInt8($0) }
    static let vkey = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4"
    static let text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    static let logLine =
        "\u{2014} example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8="
    static let line =
        "\u{2014} witness.example/w1 519lMgAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nFZsVE8YiWV6Ngr7lV8H6bdoBQGP/l73euDMQ9k+bBQ=="

    static func note(_ lines: String...) throws -> SignedNote {
        try SignedNote.parse(Array((text + "\n" + lines.map { $0 + "\n" }.joined()).utf8))
    }

    @Test func independentVector() throws {
        let signer = try NoteSigner(
            name: "witness.example/w1", key: Ed25519.SecretKey(seed: Self.seed), type: .cosignatureV1)
        #expect(signer.verifierKey.vkey == Self.vkey)
        #expect(try NoteVerifierKey(vkey: Self.vkey) == signer.verifierKey)
        // Ed25519 is deterministic: our signer writes the same line.
        #expect(try signer.cosignature(for: Self.text, timestamp: 1_679_315_147).line == Self.line)
        let note = try Self.note(Self.logLine, Self.line)
        #expect(try note.verifiedSignatures(by: [signer.verifierKey]) == [signer.verifierKey])
        #expect(Cosignature.timestamp(of: note.signatures[1].signature) == 1_679_315_147)
    }

    @Test func typesDoNotMix() throws {
        let key = try Ed25519.SecretKey(seed: Self.seed)
        let asLog = try NoteVerifierKey(name: "witness.example/w1", publicKey: key.publicKey)
        #expect(asLog.keyHash != (try NoteVerifierKey(vkey: Self.vkey)).keyHash)
        // The same key as a type-0x01 log key does not match the cosignature line: ignored.
        #expect(try Self.note(Self.line).verifiedSignatures(by: [asLog]).isEmpty)
        // A log signer cannot cosign; a cosigner cannot sign a plain note signature.
        let log = try NoteSigner(name: "example.com/log", key: key)
        expectCode(NoteError.Code.unsupportedKeyType) { _ = try log.cosignature(for: Self.text, timestamp: 1) }
        let cosigner = try NoteSigner(name: "w", key: key, type: .cosignatureV1)
        expectCode(NoteError.Code.invalidText) { _ = try cosigner.cosignature(for: Self.text, timestamp: 0) }
        expectCode(NoteError.Code.invalidText) {
            _ = try cosigner.cosignature(for: Self.text, timestamp: UInt64(Int64.max) + 1)
        }
    }

    @Test func tamperedCosignaturesFail() throws {
        let key = try NoteVerifierKey(vkey: Self.vkey)
        let bytes = Array(Base64.decode(String(Self.line.split(separator: " ")[2]))!)
        func line(_ b: [UInt8]) -> String { "\u{2014} witness.example/w1 " + Base64.encode(b) }
        // Another timestamp (the signature covers it), another checkpoint, a truncated signature.
        var later = bytes
        later[11] ^= 1
        expectCode(NoteError.Code.invalidSignature) { _ = try Self.note(line(later)).verifiedSignatures(by: [key]) }
        expectCode(NoteError.Code.invalidSignature) {
            _ = try Self.note(line(Array(bytes.dropLast()))).verifiedSignatures(by: [key])
        }
        // A timestamp above 2^63-1 is refused even if signed.
        var huge = bytes
        huge[4] = 0x80
        expectCode(NoteError.Code.invalidSignature) { _ = try Self.note(line(huge)).verifiedSignatures(by: [key]) }
        // The same line twice is a duplicate.
        expectCode(NoteError.Code.duplicateSignature) {
            _ = try Self.note(Self.line, Self.line).verifiedSignatures(by: [key])
        }
        // Over another text it fails.
        let other = try SignedNote.parse(
            Array(
                ("example.com/behind-the-sofa\n20852164\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" + Self.line
                    + "\n").utf8))
        expectCode(NoteError.Code.invalidSignature) { _ = try other.verifiedSignatures(by: [key]) }
    }

    @Test func witnessResponsesAndAdding() throws {
        let lines = try SignedNote.parseSignatureLines(Array((Self.line + "\n").utf8))
        #expect(lines.count == 1)
        let note = try Self.note(Self.logLine).adding(lines)
        #expect(note.text == Self.text)
        #expect(
            String(decoding: note.bytes, as: UTF8.self) == Self.text + "\n" + Self.logLine + "\n" + Self.line + "\n")
        for bad in ["", Self.line, Self.line + "\n\n", "- x AAAA\n", Self.line + "\r\n"] {
            #expect(throws: NoteError.self) { _ = try SignedNote.parseSignatureLines(Array(bad.utf8)) }
        }
    }

    /// A cosignature's time in words: UTC to year 9999, then the seconds exactly as signed (a
    /// clamped millisecond count had been shown: red team round 17, L3).
    @Test func cosignatureTimesInWords() {
        #expect(Cosignature.describe(timestamp: 0) == "1970-01-01T00:00:00.000Z")
        #expect(Cosignature.describe(timestamp: 253_402_300_799) == "9999-12-31T23:59:59.000Z")
        #expect(Cosignature.describe(timestamp: 253_402_300_800) == "253402300800 s since 1970")
        #expect(Cosignature.describe(timestamp: 1 << 62) == "4611686018427387904 s since 1970")
        #expect(Cosignature.describe(timestamp: UInt64(Int64.max)) == "9223372036854775807 s since 1970")
    }
}
