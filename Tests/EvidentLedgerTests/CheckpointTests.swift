import EvidentCrypto
import EvidentDER
import EvidentLedger
import Foundation
import Testing

/// Our own signed checkpoints: round trip, every kind of tampering refused with its own code,
/// and the envelope, body and vkey rules.
@Suite struct CheckpointTests {
    static let origin = "evident.example/ledger"

    static func fixture() throws -> (signer: NoteSigner, checkpoint: Checkpoint, bytes: [UInt8]) {
        let signer = try NoteSigner(name: origin, key: Ed25519.SecretKey())
        var tree = InMemoryMerkleTree()
        for i in 0..<10 { try tree.append(leafData: Array("receipt \(i)".utf8)) }
        let checkpoint = try Checkpoint(origin: origin, treeSize: tree.size, rootHash: tree.rootHash())
        return (signer, checkpoint, try checkpoint.signed(by: [signer]).bytes)
    }

    static func expectRefused(
        _ text: String, _ code: NoteError.Code, keys: [NoteVerifierKey],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectCode(code, sourceLocation: sourceLocation) {
            _ = try SignedCheckpoint.open(utf8(text), trusting: keys, origin: origin)
        }
    }

    @Test func roundTrip() throws {
        let (signer, checkpoint, bytes) = try Self.fixture()
        let opened = try SignedCheckpoint.open(bytes, trusting: [signer.verifierKey], origin: Self.origin)
        #expect(opened.checkpoint == checkpoint)
        #expect(opened.bytes == bytes)
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("\(Self.origin)\n10\n\(checkpoint.rootHash.base64)\n\n\u{2014} \(Self.origin) "))
        // A vkey written out and read back verifies the same note.
        #expect(
            try SignedCheckpoint.open(bytes, trusting: [NoteVerifierKey(vkey: signer.verifierKey.vkey)]).checkpoint
                == checkpoint)
    }

    @Test func tamperingIsRefused() throws {
        let (signer, checkpoint, bytes) = try Self.fixture()
        let keys = [signer.verifierKey]
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func with(_ index: Int, _ replacement: String) -> String {
            var copy = lines
            copy[index] = replacement
            return copy.joined(separator: "\n")
        }
        // Size, root, origin: the signature no longer matches the text.
        Self.expectRefused(with(1, "11"), .invalidSignature, keys: keys)
        let otherRoot = try MerkleHash.leaf([1]).base64
        Self.expectRefused(with(2, otherRoot), .invalidSignature, keys: keys)
        Self.expectRefused(with(0, "evident.example/other"), .invalidSignature, keys: keys)
        // One bit of the signature.
        let original = try SignedNote.parse(bytes).signatures[0]
        for index in [0, 31, 32, 63] {
            var signature = original.signature
            signature[index] ^= 0x01
            let line = SignedNote.Signature(name: original.name, keyHash: original.keyHash, signature: signature).line
            Self.expectRefused(with(4, line), .invalidSignature, keys: keys)
        }
        // Signed by a key we do not trust (another key under the same name, or another name).
        let stranger = try NoteSigner(name: Self.origin, key: Ed25519.SecretKey())
        Self.expectRefused(text, .noTrustedSignature, keys: [stranger.verifierKey])
        let foreign = String(
            decoding: try checkpoint.signed(by: [NoteSigner(name: "other.example/log", key: Ed25519.SecretKey())])
                .bytes, as: UTF8.self)
        Self.expectRefused(foreign, .noTrustedSignature, keys: keys)
        // The same signature line twice; a text line twice.
        Self.expectRefused(text + lines[4] + "\n", .duplicateSignature, keys: keys)
        Self.expectRefused(with(0, Self.origin + "\n" + Self.origin), .invalidSignature, keys: keys)
        expectCode(NoteError.Code.invalidTreeSize) {
            _ = try Checkpoint(text: "\(Self.origin)\n\(Self.origin)\n10\n\(checkpoint.rootHash.base64)\n")
        }
        // A checkpoint for another log, correctly signed by that log's key.
        let otherLog = try NoteSigner(name: "evident.example/other", key: Ed25519.SecretKey())
        let otherBytes = try Checkpoint(origin: "evident.example/other", treeSize: 1, rootHash: checkpoint.rootHash)
            .signed(by: [otherLog]).bytes
        expectCode(NoteError.Code.originMismatch) {
            _ = try SignedCheckpoint.open(otherBytes, trusting: [otherLog.verifierKey], origin: Self.origin)
        }
    }

    /// Unknown signatures are ignored (c2sp.org/signed-note), so a cosigned note still opens.
    @Test func cosignaturesAndUnknownSignatures() throws {
        let (signer, checkpoint, _) = try Self.fixture()
        let witness = try NoteSigner(name: "witness.example/w1", key: Ed25519.SecretKey())
        let both = try checkpoint.signed(by: [signer, witness])
        #expect(both.note.signatures.count == 2)
        #expect(
            try both.note.verify(trusting: [signer.verifierKey, witness.verifierKey]) == [
                signer.verifierKey, witness.verifierKey,
            ])
        #expect(try SignedCheckpoint.open(both.bytes, trusting: [signer.verifierKey]).checkpoint == checkpoint)
        #expect(try SignedCheckpoint.open(both.bytes, trusting: [witness.verifierKey]).checkpoint == checkpoint)
    }

    @Test func envelopeRules() throws {
        let (signer, _, bytes) = try Self.fixture()
        let keys = [signer.verifierKey]
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "\n\n")
        let (body, signatureLine) = (parts[0] + "\n", String(parts[1].dropLast()))
        let open = { (b: [UInt8]) in _ = try SignedCheckpoint.open(b, trusting: keys) }
        expectCode(NoteError.Code.invalidUTF8) { try open(bytes + [0xFF, 0x0A]) }
        expectCode(NoteError.Code.controlCharacter) {
            try open(utf8(text.replacingOccurrences(of: "\n", with: "\r\n")))
        }
        expectCode(NoteError.Code.controlCharacter) {
            try open(utf8(body.replacingOccurrences(of: "/", with: "\t") + "\n" + signatureLine + "\n"))
        }
        expectCode(NoteError.Code.missingSignatures) { try open(utf8(body)) }
        expectCode(NoteError.Code.missingSignatures) { try open(utf8(body + "\n")) }
        // no final newline
        expectCode(NoteError.Code.missingSignatures) { try open(utf8(body + "\n" + signatureLine)) }
        expectCode(NoteError.Code.malformedSignatureLine) {
            try open(utf8(body + "\n" + signatureLine.replacingOccurrences(of: "\u{2014} ", with: "-- ") + "\n"))
        }
        expectCode(NoteError.Code.malformedSignatureLine) { try open(utf8(body + "\n\u{2014} " + Self.origin + "\n")) }
        expectCode(NoteError.Code.malformedSignatureLine) { try open(utf8(body + "\n" + signatureLine + "=\n")) }
        // 3 bytes: no signature
        expectCode(NoteError.Code.malformedSignatureLine) { try open(utf8(body + "\n\u{2014} \(Self.origin) AAAA\n")) }
        expectCode(NoteError.Code.invalidKeyName) {
            try open(
                utf8(
                    body + "\n" + signatureLine.replacingOccurrences(of: Self.origin, with: "evident.example/a+b")
                        + "\n"))
        }
        expectCode(NoteError.Code.invalidKeyName) {
            try open(
                utf8(
                    body + "\n" + signatureLine.replacingOccurrences(of: "\u{2014} ", with: "\u{2014} \u{2003}") + "\n")
            )
        }
        // The split is at the last blank line, so a stray blank line above the signatures is text.
        expectCode(NoteError.Code.invalidSignature) { try open(utf8("extra\n\n" + text)) }
    }

    @Test func limits() throws {
        #expect(SignedNote.maxNoteSize == 64 * 1024)
        #expect(SignedNote.maxSignatures == 100)
        let (signer, checkpoint, bytes) = try Self.fixture()
        let text = String(decoding: bytes, as: UTF8.self)
        let line = String(text.split(separator: "\n").last!)
        // 100 signature lines parse (99 unknown, ignored); 101 are refused.
        let unknown = try (0..<99).map { _ in
            try SignedNote(signing: checkpoint.text, with: [NoteSigner(name: "w", key: Ed25519.SecretKey())])
                .signatures[0].line
        }
        let hundred = text + unknown.map { $0 + "\n" }.joined()
        #expect(try SignedCheckpoint.open(utf8(hundred), trusting: [signer.verifierKey]).checkpoint == checkpoint)
        expectCode(NoteError.Code.tooManySignatures) { _ = try SignedNote.parse(utf8(hundred + line + "\n")) }
        // Size: at the limit the note parses; one byte over, it is refused before anything else.
        let padding = SignedNote.maxNoteSize - bytes.count - 1
        let extended = try Checkpoint(
            origin: Self.origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash,
            extensionLines: [String(repeating: "x", count: padding - 200)])
        let big = try extended.signed(by: [signer]).bytes
        #expect(big.count <= SignedNote.maxNoteSize)
        _ = try SignedCheckpoint.open(big, trusting: [signer.verifierKey])
        let atLimit = [UInt8](repeating: 0x61, count: SignedNote.maxNoteSize - big.count) + big
        #expect(atLimit.count == SignedNote.maxNoteSize)
        expectCode(NoteError.Code.invalidSignature) {
            _ = try SignedCheckpoint.open(atLimit, trusting: [signer.verifierKey])
        }
        expectCode(NoteError.Code.noteTooLarge) { _ = try SignedNote.parse([0x61] + atLimit) }
        expectCode(NoteError.Code.noteTooLarge) {
            _ = try Checkpoint(
                origin: Self.origin, treeSize: 1, rootHash: checkpoint.rootHash,
                extensionLines: [String(repeating: "x", count: SignedNote.maxNoteSize)]
            )
            .signed(by: [signer])
        }
    }

    @Test func checkpointBodyRules() throws {
        let root = try MerkleHash.leaf([0]).base64
        let o = Self.origin
        for (text, code) in [
            ("\(o)\n15\n\(root)", NoteError.Code.invalidText),  // no final newline
            ("\(o)\n15\n", .missingCheckpointLine),
            ("\(o)\n015\n\(root)\n", .invalidTreeSize),
            ("\(o)\n+15\n\(root)\n", .invalidTreeSize),
            ("\(o)\n-1\n\(root)\n", .invalidTreeSize),
            ("\(o)\n 15\n\(root)\n", .invalidTreeSize),
            ("\(o)\n\n\(root)\n", .invalidTreeSize),
            ("\(o)\n18446744073709551616\n\(root)\n", .invalidTreeSize),
            ("\(o)\n15\n\(root.dropLast())\n", .invalidRootHash),
            ("\(o)\n15\n\(Base64.encode([UInt8](repeating: 0, count: 31)))\n", .invalidRootHash),
            ("\(o)\n15\n\(root)x\n", .invalidRootHash),
            ("\n15\n\(root)\n", .invalidOrigin),
            ("\(o)\n15\n\(root)\n\n", .invalidExtensionLine),
            ("\(o)\n15\n\(root)\next\n\nmore\n", .invalidExtensionLine),
        ] {
            expectCode(code) { _ = try Checkpoint(text: text) }
        }
        let max = try Checkpoint(text: "\(o)\n18446744073709551615\n\(root)\nextension one\n")
        #expect(max.treeSize == .max && max.extensionLines == ["extension one"])
        #expect(try Checkpoint(text: "\(o)\n0\n\(root)\n").treeSize == 0)
        expectCode(NoteError.Code.invalidOrigin) {
            _ = try Checkpoint(origin: "a\nb", treeSize: 1, rootHash: MerkleHash.leaf([0]))
        }
        expectCode(NoteError.Code.invalidExtensionLine) {
            _ = try Checkpoint(origin: o, treeSize: 1, rootHash: MerkleHash.leaf([0]), extensionLines: [""])
        }
    }

    @Test func verifierKeyRules() throws {
        let key = try Ed25519.SecretKey().publicKey
        let good = try NoteVerifierKey(name: "example.com/k", publicKey: key)
        #expect(try NoteVerifierKey(vkey: good.vkey) == good)
        let parts = good.vkey.split(separator: "+", maxSplits: 2).map(String.init)
        let b64 = parts[2]
        expectCode(NoteError.Code.keyHashMismatch) { _ = try NoteVerifierKey(vkey: "\(parts[0])+00000000+\(b64)") }
        expectCode(NoteError.Code.keyHashMismatch) {
            _ = try NoteVerifierKey(vkey: "example.com/other+\(parts[1])+\(b64)")
        }
        expectCode(NoteError.Code.invalidVerifierKey) { _ = try NoteVerifierKey(vkey: "\(parts[0])+\(parts[1])") }
        expectCode(NoteError.Code.invalidVerifierKey) {
            _ = try NoteVerifierKey(vkey: "\(parts[0])+\(parts[1].dropLast())+\(b64)")
        }
        expectCode(NoteError.Code.invalidVerifierKey) {
            _ = try NoteVerifierKey(vkey: "\(parts[0])+\(parts[1])+\(b64.dropLast())")
        }
        expectCode(NoteError.Code.invalidVerifierKey) {
            _ = try NoteVerifierKey(
                vkey: "\(parts[0])+\(parts[1])+\(Base64.encode([0x01] + key.rawRepresentation.dropLast()))")
        }
        expectCode(NoteError.Code.unsupportedKeyType) {
            _ = try NoteVerifierKey(vkey: "\(parts[0])+\(parts[1])+\(Base64.encode([0x02] + key.rawRepresentation))")
        }
        expectCode(NoteError.Code.invalidKeyName) { _ = try NoteVerifierKey(vkey: "+\(parts[1])+\(b64)") }
        for bad in ["", "a b", "a+b", "a\u{00A0}b", "a\tb"] {
            expectCode(NoteError.Code.invalidKeyName) { _ = try NoteVerifierKey(name: bad, publicKey: key) }
        }
    }
}
