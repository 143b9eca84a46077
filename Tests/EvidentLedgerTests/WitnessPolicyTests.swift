import EvidentCore
import EvidentCrypto
import EvidentLedger
import Testing

/// c2sp.org/tlog-policy: the spec's example structure, every syntax rule, and quorum counting
/// over real cosignatures.
@Suite struct WitnessPolicyTests {
    static let origin = "evident.example/ledger"

    struct World {
        let log: NoteSigner
        let witnesses: [String: NoteSigner]
        let text: String

        init() throws {
            log = try NoteSigner(name: WitnessPolicyTests.origin, key: Ed25519.SecretKey())
            var w: [String: NoteSigner] = [:]
            for name in ["X1", "X2", "X3", "Y1", "Y2", "Y3"] {
                w[name] = try NoteSigner(
                    name: "witness.example/\(name.lowercased())", key: Ed25519.SecretKey(), type: .cosignatureV1)
            }
            witnesses = w
            var tree = InMemoryMerkleTree()
            for i in 0..<5 { try tree.append(leafData: Array("leaf \(i)".utf8)) }
            text = try Checkpoint(origin: WitnessPolicyTests.origin, treeSize: tree.size, rootHash: tree.rootHash())
                .text
        }

        /// The spec's example: X-witnesses 2 of 3, Y-witnesses any, both groups required.
        var example: String {
            """
            # the example of c2sp.org/tlog-policy
            log \(log.verifierKey.vkey)

            witness X1 \(witnesses["X1"]!.verifierKey.vkey)
            witness X2 \(witnesses["X2"]!.verifierKey.vkey) https://x2.example/
            \twitness X3 \(witnesses["X3"]!.verifierKey.vkey)\t
            group X-witnesses 2 X1 X2 X3

            witness Y1 \(witnesses["Y1"]!.verifierKey.vkey)
            witness Y2 \(witnesses["Y2"]!.verifierKey.vkey)
            witness Y3 \(witnesses["Y3"]!.verifierKey.vkey)
            group Y-witnesses any Y1 Y2 Y3

            group X-and-Y all X-witnesses Y-witnesses
            quorum X-and-Y

            """
        }

        func note(cosignedBy names: [String]) throws -> SignedNote {
            let base = try SignedNote(signing: text, with: [log])
            return try base.adding(names.map { try witnesses[$0]!.cosignature(for: text, timestamp: 1_700_000_000) })
        }
    }

    @Test func exampleQuorum() throws {
        let w = try World()
        let policy = try WitnessPolicy.parse(Array(w.example.utf8))
        #expect(policy.logs.count == 1 && policy.witnesses.count == 6 && policy.groups.count == 3)
        #expect(policy.witnesses[1].url == "https://x2.example/")
        #expect(policy.groups[0].threshold == 2 && policy.groups[1].threshold == 1 && policy.groups[2].threshold == 2)
        let cases: [([String], Bool)] = [
            ([], false), (["X1", "X2"], false), (["X1", "Y3"], false), (["X1", "X3", "Y2"], true),
            (["X1", "X2", "X3", "Y1", "Y2", "Y3"], true), (["Y1", "Y2", "Y3"], false),
        ]
        for (names, met) in cases {
            let e = try policy.evaluate(try w.note(cosignedBy: names), origin: Self.origin)
            #expect(e.quorumMet == met, "\(names): \(e.explanation)")
            #expect(Set(e.cosigners.map(\.name.text)) == Set(names))
            #expect(e.cosigners.allSatisfy { $0.timestamp == 1_700_000_000 })
            #expect(e.logKeys == [w.log.verifierKey])
        }
        let below = try policy.evaluate(try w.note(cosignedBy: ["X1", "Y3"]), origin: Self.origin)
        #expect(below.explanation.contains("group X-witnesses needs 2 of 3 and has 1"))
    }

    @Test func logsAndWitnessesMustVerify() throws {
        let w = try World()
        let policy = try WitnessPolicy.parse(Array(w.example.utf8))
        // Another origin is not a policy log.
        expectCode(NoteError.Code.noTrustedSignature) {
            _ = try policy.evaluate(try w.note(cosignedBy: []), origin: "other.example/log")
        }
        // A policy log the verifier may not use (its validity ended: red team round 16) does not
        // count, whatever the policy says.
        expectCode(NoteError.Code.noTrustedSignature) {
            _ = try policy.evaluate(try w.note(cosignedBy: ["X1"]), origin: Self.origin, usable: { _ in false })
        }
        #expect(
            try policy.evaluate(try w.note(cosignedBy: ["X1"]), origin: Self.origin, usable: { _ in true }).logKeys
                .count == 1)
        // A cosignature of a policy witness that fails makes the note malformed.
        let good = try w.note(cosignedBy: ["X1"])
        var sig = good.signatures[1]
        var bytes = sig.signature
        bytes[20] ^= 1
        sig = SignedNote.Signature(name: sig.name, keyHash: sig.keyHash, signature: bytes)
        let bad = try SignedNote(signing: w.text, with: [w.log]).adding([sig])
        expectCode(NoteError.Code.invalidSignature) { _ = try policy.evaluate(bad, origin: Self.origin) }
        // Unknown cosigners are ignored; a policy without logs uses the keys it is given.
        let stranger = try NoteSigner(name: "witness.example/x1", key: Ed25519.SecretKey(), type: .cosignatureV1)
        let strangers = try SignedNote(signing: w.text, with: [w.log]).adding([
            try stranger.cosignature(for: w.text, timestamp: 5)
        ])
        #expect(try policy.evaluate(strangers, origin: Self.origin).cosigners.isEmpty)
        let noLogs = try WitnessPolicy.parse(
            Array("witness A \(w.witnesses["X1"]!.verifierKey.vkey)\nquorum A\n".utf8))
        expectCode(NoteError.Code.noTrustedSignature) {
            _ = try noLogs.evaluate(try w.note(cosignedBy: ["X1"]), origin: Self.origin)
        }
        #expect(
            try noLogs.evaluate(try w.note(cosignedBy: ["X1"]), origin: Self.origin, logKeys: [w.log.verifierKey])
                .quorumMet)
        let none = try WitnessPolicy.parse(Array("log \(w.log.verifierKey.vkey)\nquorum none\n".utf8))
        #expect(try none.evaluate(try w.note(cosignedBy: []), origin: Self.origin).quorumMet)
    }

    @Test func syntaxRules() throws {
        let w = try World()
        let logKey = w.log.verifierKey.vkey
        let x1 = w.witnesses["X1"]!.verifierKey.vkey
        let x2 = w.witnesses["X2"]!.verifierKey.vkey
        let sameKeyOtherName = try NoteVerifierKey(
            name: "other.example/w", publicKey: w.witnesses["X1"]!.key.publicKey, type: .cosignatureV1
        ).vkey
        let refused: [(String, PolicyError.Code)] = [
            ("", .syntax),  // no quorum
            ("quorum none\nquorum none\n", .duplicate),
            ("quorum A\n", .undefinedName),
            ("witness A \(x1)\ngroup G 1 B\nquorum G\n", .undefinedName),
            ("group G any A\nwitness A \(x1)\nquorum G\n", .undefinedName),  // defined later
            ("witness A \(x1)\nwitness B \(sameKeyOtherName)\nquorum A\n", .duplicate),
            ("witness A \(x1)\nwitness A \(x2)\nquorum A\n", .duplicate),
            ("witness none \(x1)\nquorum none\n", .syntax),
            ("log \(logKey)\nlog \(logKey)\nquorum none\n", .duplicate),
            ("log \(x1)\nquorum none\n", .invalidKey),  // a cosigner key as a log key
            ("witness A \(logKey)\nquorum A\n", .invalidKey),  // a log key as a witness key
            ("witness A \(x1)\ngroup G 0 A\nquorum G\n", .syntax),
            ("witness A \(x1)\ngroup G 2 A\nquorum G\n", .syntax),
            ("witness A \(x1)\ngroup G 01 A\nquorum G\n", .syntax),
            ("witness A \(x1)\ngroup G any\nquorum G\n", .syntax),
            ("witness A \(x1)\ngroup G any A A\nquorum G\n", .duplicate),
            ("witness A \(x1)\ngroup G any A\ngroup H any A\nquorum H\n", .duplicate),
            ("witness A \(x1)\ngroup A any A\nquorum A\n", .duplicate),
            ("witness A \(x1)\r\nquorum A\n", .syntax),  // CR is a control character
            ("witness A \(x1)\nquorum A B\n", .syntax),
            ("logs \(logKey)\nquorum none\n", .syntax),
            ("log \(logKey) url extra\nquorum none\n", .syntax),
        ]
        for (text, code) in refused {
            expectCode(code) { _ = try WitnessPolicy.parse(Array(text.utf8)) }
        }
        expectCode(PolicyError.Code.syntax) { _ = try WitnessPolicy.parse([0xFF, 0x0A]) }
        expectCode(PolicyError.Code.tooLarge) {
            _ = try WitnessPolicy.parse(Array(repeating: 0x23, count: WitnessPolicy.maxSize + 1))
        }
        // Accepted: comments, blank lines, tabs, no final newline, names compared by bytes.
        let ok = try WitnessPolicy.parse(
            Array(
                "  # c\n\n\twitness caf\u{E9} \(x1)\nwitness cafe\u{301} \(x2)\ngroup g all caf\u{E9} cafe\u{301}\nquorum g"
                    .utf8))
        #expect(ok.witnesses.count == 2 && ok.groups[0].threshold == 2)
        // A line number names the fault.
        do {
            _ = try WitnessPolicy.parse(Array("quorum none\n\nwitness A nonsense\n".utf8))
            Issue.record("accepted")
        } catch let e as PolicyError { #expect(e.line == 3) }
    }
}
