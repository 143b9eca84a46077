import EvidentCrypto
import EvidentTestSupport
import Foundation
import Testing

/// The sealed-secret format (docs/tsa.md, "Sealed keys") against a committed vector written by an independent
/// implementation (scripts/make-vectors.py, PyNaCl): a blob sealed with a known passphrase and
/// low Argon2id costs opens to the known plaintext, its header
/// reads as documented, and damage or excessive costs are refused.
@Suite struct SealedSecretVectorTests {
    static let vector = TestSupport.testdata("vectors/sealed-secret.bin")
    static let passphrase = Array("correct horse battery staple".utf8)
    static let plaintext = Array("evident sealed-secret test vector\n".utf8)

    /// What Evident seals the other side can open: PyNaCl (libsodium's own binding) opens a blob
    /// sealed here, in the suite's oracle environment (the committed vector comes from PyNaCl too).
    @Test func sealedHereOpensWithPyNaCl() throws {
        let python = try #require(
            TestSupport.python, "no Python oracle environment: scripts/test creates .build/test-venv")
        let dir = try TestSupport.temporaryDirectory()
        let blob = dir.appendingPathComponent("sealed.bin")
        try Data(try SealedSecret.seal(Self.plaintext, passphrase: Self.passphrase, opsLimit: 1, memLimitKiB: 64))
            .write(to: blob)
        let r = try TestSupport.run(
            python,
            [
                TestSupport.repoRoot.appendingPathComponent("scripts/make-vectors.py").path, "open-sealed-secret",
                blob.path,
            ])
        #expect(r.status == 0, "\(r.stderrText)")
        #expect([UInt8](r.stdout) == Self.plaintext)
    }

    @Test func vectorOpensAndHeaderIsAsDocumented() throws {
        let blob = try TestSupport.read(Self.vector)
        #expect(Array(blob.prefix(8)) == Array("EVSEAL1".utf8) + [0])
        #expect(blob[8..<12].reduce(0) { $0 << 8 | UInt32($1) } == 1)  // opslimit
        #expect(blob[12..<16].reduce(0) { $0 << 8 | UInt32($1) } == 64)  // memlimit, KiB
        #expect(blob.count == 16 + 16 + 24 + Self.plaintext.count + 16)  // header, salt, nonce, ciphertext, tag
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
        let e = #expect(throws: SealedSecret.Failure.self) {
            try SealedSecret.open(costly, passphrase: Self.passphrase)
        }
        #expect(e?.description.contains("outside the accepted range") == true)
        #expect(throws: SealedSecret.Failure.self) {
            try SealedSecret.open(Array(blob.prefix(20)), passphrase: Self.passphrase)
        }
    }
}
