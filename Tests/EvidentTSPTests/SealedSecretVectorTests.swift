import EvidentCrypto
import EvidentTestSupport
import Foundation
import Testing

/// The sealed-secret format (docs/tsa.md, docs/keys.md) against a committed vector: a blob sealed
/// once with a known passphrase and low Argon2id costs opens to the known plaintext, its header
/// reads as documented, and damage or excessive costs are refused.
@Suite struct SealedSecretVectorTests {
    static let vector = TestSupport.testdata("vectors/sealed-secret.bin")
    static let passphrase = Array("correct horse battery staple".utf8)
    static let plaintext = Array("evident sealed-secret test vector\n".utf8)

    /// Set EVIDENT_WRITE_VECTORS=1 to (re)write the vector (then review and commit it).
    @Test func writeVectorOnRequest() throws {
        guard ProcessInfo.processInfo.environment["EVIDENT_WRITE_VECTORS"] == "1" else { return }
        try Data(try SealedSecret.seal(Self.plaintext, passphrase: Self.passphrase, opsLimit: 1, memLimitKiB: 64)).write(to: Self.vector)
    }

    @Test func vectorOpensAndHeaderIsAsDocumented() throws {
        let blob = try TestSupport.read(Self.vector)
        #expect(Array(blob.prefix(8)) == Array("EVSEAL1".utf8) + [0])
        #expect(blob[8..<12].reduce(0) { $0 << 8 | UInt32($1) } == 1)      // opslimit
        #expect(blob[12..<16].reduce(0) { $0 << 8 | UInt32($1) } == 64)    // memlimit, KiB
        #expect(blob.count == 16 + 16 + 24 + Self.plaintext.count + 16)      // header, salt, nonce, ciphertext, tag
        #expect(try SealedSecret.open(blob, passphrase: Self.passphrase) == Self.plaintext)
    }

    @Test func damageAndCostsAreRefused() throws {
        let blob = try TestSupport.read(Self.vector)
        var flipped = blob
        flipped[blob.count - 1] ^= 1
        #expect(throws: SealedSecret.Failure.self) { try SealedSecret.open(flipped, passphrase: Self.passphrase) }
        #expect(throws: SealedSecret.Failure.self) { try SealedSecret.open(blob, passphrase: Array("wrong".utf8)) }
        var costly = blob
        costly[12] = 0xFF  // memlimit far above SealedSecret.maxMemLimitKiB
        let e = #expect(throws: SealedSecret.Failure.self) { try SealedSecret.open(costly, passphrase: Self.passphrase) }
        #expect(e?.description.contains("outside the accepted range") == true)
        #expect(throws: SealedSecret.Failure.self) { try SealedSecret.open(Array(blob.prefix(20)), passphrase: Self.passphrase) }
    }
}
