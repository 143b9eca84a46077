import EvidentCrypto
import EvidentLedger
import Foundation
import Testing

/// Interoperability with transparency-dev/tessera's signed test log (testdata/merkle/
/// tessera-testlog): its 17 checkpoints open with its vkey, and their roots are the roots of our
/// own tree over its 15 entries.
@Suite struct TesseraCheckpointTests {
    static let origin = "example.com/log/testdata"

    static func vkey() throws -> NoteVerifierKey {
        let text = String(decoding: try testdata("merkle/tessera-testlog/vkey"), as: UTF8.self)
        return try NoteVerifierKey(vkey: String(text.dropLast()))
    }

    /// The leaves, from the largest entry bundle: big-endian uint16 length, then the bytes.
    static func entries() throws -> [[UInt8]] {
        let bundle = try testdata("merkle/tessera-testlog/log/tile/entries/000.p/15")
        var out: [[UInt8]] = []
        var i = 0
        while i < bundle.count {
            let length = Int(bundle[i]) << 8 | Int(bundle[i + 1])
            out.append(Array(bundle[(i + 2)..<(i + 2 + length)]))
            i += 2 + length
        }
        return out
    }

    @Test func verifierKeyParsesAndFormats() throws {
        let key = try Self.vkey()
        #expect(key.name == Self.origin)
        #expect(key.keyHash == 0x33d7_b496)
        #expect(key.vkey == "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx")
    }

    @Test func everyCheckpointOpensAndMatchesOurRoot() throws {
        let key = try Self.vkey()
        let leaves = try Self.entries()
        #expect(leaves.count == 15)
        #expect(leaves.first == utf8("one") && leaves.last == utf8("fivten"))
        let tree = try InMemoryMerkleTree(leafHashes: leaves.map { try MerkleHash.leaf($0) })
        var opened = 0
        for name in ["checkpoint"] + (0...15).map({ "checkpoint.\($0)" }) {
            let bytes = try testdata("merkle/tessera-testlog/log/\(name)")
            let signed = try SignedCheckpoint.open(bytes, trusting: [key], origin: Self.origin)
            let size = name == "checkpoint" ? 15 : UInt64(name.dropFirst("checkpoint.".count))!
            #expect(signed.checkpoint.treeSize == size, "\(name)")
            #expect(try signed.checkpoint.rootHash == tree.rootHash(treeSize: size), "\(name)")
            #expect(signed.checkpoint.extensionLines.isEmpty)
            #expect(signed.note.signatures.count == 1)
            // Our formatting of what we parsed is the file, byte for byte.
            #expect(signed.bytes == bytes, "\(name)")
            #expect(Array(signed.checkpoint.text.utf8) == Array(signed.note.text.utf8))
            opened += 1
        }
        #expect(opened == 17)
        print("tessera test log: \(opened)/17 checkpoints verified, roots equal ours")
    }

    /// The level-0 hash tiles hold our leaf hashes (tlog-tiles: 32-byte hashes, concatenated).
    @Test func levelZeroTileIsOurLeafHashes() throws {
        let tile = try testdata("merkle/tessera-testlog/log/tile/0/000.p/15")
        let ours = try Self.entries().flatMap { try MerkleHash.leaf($0).bytes }
        #expect(tile == ours)
    }

    /// An intact tessera checkpoint, then the same bytes with one thing changed.
    @Test func tamperedTesseraCheckpointIsRefused() throws {
        let key = try Self.vkey()
        let bytes = try testdata("merkle/tessera-testlog/log/checkpoint")
        let text = String(decoding: bytes, as: UTF8.self)
        expectCode(NoteError.Code.invalidSignature) {
            _ = try SignedCheckpoint.open(
                utf8(text.replacingOccurrences(of: "\n15\n", with: "\n16\n")), trusting: [key])
        }
        expectCode(NoteError.Code.originMismatch) {
            _ = try SignedCheckpoint.open(bytes, trusting: [key], origin: "example.com/log/other")
        }
        let other = try NoteVerifierKey(name: Self.origin, publicKey: Ed25519.SecretKey().publicKey)
        expectCode(NoteError.Code.noTrustedSignature) { _ = try SignedCheckpoint.open(bytes, trusting: [other]) }
    }
}
