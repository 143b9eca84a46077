import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentLedger

/// Receipts on bytes (issue #19): the byte reader against the tree parser (the oracle) on every
/// corpus file and on seeded mutations of real receipts, and the byte writer against the tree
/// serialisation of the same fields.
@Suite struct ReceiptBytesTests {
    // MARK: - The differential check

    /// What the two readers and `Receipt(json:)` make of `input`; records an issue on any
    /// disagreement. Returns whether the byte reader accepted it.
    @discardableResult
    static func differential(_ input: [UInt8], _ label: @autoclosure () -> String) -> Bool {
        let tree = Result { try Receipt.readingTree(input) }
        let bytes = Receipt.readingBytes(input)
        let combined = Result { try Receipt(json: input) }
        // Receipt(json:) is exactly today's tree verdict: the same receipt or the same error.
        switch (combined, tree) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "\(label()): Receipt(json:) and the tree read different receipts")
        case (.failure(let a), .failure(let b)):
            #expect(
                (a as? ReceiptError) == (b as? ReceiptError) && a is ReceiptError,
                "\(label()): errors differ: \(a) / \(b)")
        default:
            Issue.record("\(label()): Receipt(json:) \(combined) but the tree \(tree)")
        }
        if let bytes {
            // What the byte reader accepts, the tree accepts as canonical with the same fields.
            guard case .success(let t) = tree else {
                Issue.record("\(label()): the byte reader accepted what the tree refuses: \(tree)")
                return true
            }
            #expect(t.isCanonical && bytes == t, "\(label()): the readers decoded different receipts")
            #expect(bytes.signedBytes == t.signedBytes, "\(label()): different signed bytes")
            #expect(
                bytes.signedBytes
                    == (try? JCS.serialize(.object(JCSObject(t.object.members.filter { $0.key != "sig" })))),
                "\(label()): the signed bytes are not the canonical object without sig")
        } else if case .success(let t) = tree, t.isCanonical, t.draft.version == ReceiptSchema.currentVersion {
            // Schema 1.0 has no unknown members anywhere: every canonical valid one is on bytes.
            Issue.record("\(label()): a canonical 1.0 receipt fell back to the tree")
        }
        return bytes != nil
    }

    // MARK: - Corpus

    /// Every file of testdata/ (and ../shared/corpus when present), whole, without its final
    /// newline, and line by line (bundles are uncompressed tar: their receipts.jsonl lines are
    /// lines of the file too).
    @Test func readersAgreeOnEveryCorpusFile() throws {
        var roots = [TestSupport.repoRoot.appendingPathComponent("testdata")]
        let shared = TestSupport.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        if FileManager.default.fileExists(atPath: shared.path) { roots.append(shared) }
        var inputs = 0
        var onBytes = 0
        for root in roots {
            guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey]) else {
                continue
            }
            for case let url as URL in e {
                guard let size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize, size <= 4 << 20,
                    !url.hasDirectoryPath
                else { continue }
                let data = try TestSupport.read(url)
                var candidates = [data]
                if data.last == 0x0A { candidates.append(Array(data.dropLast())) }
                candidates += data.split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
                for (i, c) in candidates.enumerated() where c.first == UInt8(ascii: "{") || i == 0 {
                    inputs += 1
                    if Self.differential(c, "\(url.path) #\(i)") { onBytes += 1 }
                }
            }
        }
        // The receipt vectors and the conformance bundles' receipt lines are read on bytes.
        #expect(onBytes >= 500, "only \(onBytes) of \(inputs) inputs were receipts read on bytes")
    }

    // MARK: - Seeded mutations

    /// Real receipts (the vectors, and signed drafts with unicode, escapes, optional fields and a
    /// newer minor version's extensions), each mutated many ways; the readers agree on every one.
    @Test func readersAgreeOnSeededMutations() throws {
        var rng = SplitMix64(seed: 19)
        var bases: [[UInt8]] = try ["basic", "chained", "sensitive"].map {
            Array(try testdata("receipts/\($0).receipt.json").dropLast())
        }
        for i in 0..<24 { bases.append(try Self.randomDraft(&rng, i).sign(with: ReceiptFixtures.key).canonicalBytes) }
        var accepted = 0
        var total = 0
        for (b, base) in bases.enumerated() {
            #expect(Self.differential(base, "base \(b)") || b >= 3, "vector \(b) not read on bytes")
            for m in 0..<400 {
                let (mutant, how) = Self.mutate(base, &rng)
                total += 1
                if Self.differential(
                    mutant, "base \(b) mutation \(m) (\(how)): \(String(decoding: mutant, as: UTF8.self))")
                {
                    accepted += 1
                }
            }
        }
        // Most mutations break a receipt; some (a flipped signature bit, another hash) do not.
        #expect(accepted > 0 && accepted < total, "\(accepted) of \(total) mutants read on bytes")
    }

    /// One mutation of `bytes`, named.
    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> ([UInt8], String) {
        var b = bytes
        let at = Int(rng.next() % UInt64(b.count))
        func replaceFirst(_ target: String, _ with: String) -> Bool {
            let t = Array(target.utf8)
            guard let r = b.firstRange(of: t) else { return false }
            b.replaceSubrange(r, with: Array(with.utf8))
            return true
        }
        switch rng.next() % 22 {
        case 0:
            b[at] ^= UInt8(1 << (rng.next() % 8))
            return (b, "bit flip at \(at)")
        case 1:
            b[at] = UInt8(truncatingIfNeeded: rng.next())
            return (b, "byte at \(at)")
        case 2:
            b.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            return (b, "insert at \(at)")
        case 3:
            b.remove(at: at)
            return (b, "delete at \(at)")
        case 4:
            b.insert([0x20, 0x0A, 0x09, 0x0D][Int(rng.next() % 4)], at: at)
            return (b, "whitespace at \(at)")
        case 5:
            // Swap two adjacent top-level members.
            guard case .object(let o)? = try? JCS.parse(bytes), o.members.count > 2 else { return (b, "none") }
            var parts = o.members.map { m in
                JCSSerializer.serialize(string: m.key) + [UInt8(ascii: ":")] + ((try? JCS.serialize(m.value)) ?? [])
            }
            let i = Int(rng.next() % UInt64(parts.count - 1))
            parts.swapAt(i, i + 1)
            return (
                [UInt8(ascii: "{")] + Array(parts.joined(separator: [UInt8(ascii: ",")])) + [UInt8(ascii: "}")],
                "swap \(i)"
            )
        case 6:
            // Duplicate a member (first, last or the sig).
            let choice = ["\"action\":\"", "\"v\":\"1.0\"", "\"sig\":\"", "\"stream\":\""][Int(rng.next() % 4)]
            guard let r = b.firstRange(of: Array(choice.utf8)) else { return (b, "none") }
            var end = r.upperBound
            if choice.hasSuffix("\"") && !choice.hasSuffix("1.0\"") {
                while end < b.count && b[end] != UInt8(ascii: "\"") { end += 1 }
                end += 1
            }
            let member = Array(b[r.lowerBound..<min(end, b.count)])
            b.insert(contentsOf: member + [UInt8(ascii: ",")], at: r.lowerBound)
            return (b, "duplicate \(choice)")
        case 7:
            // An escape variant of a character inside a string.
            let variants = [
                ("a", "\\u0061"), ("/", "\\/"), ("\\\"", "\\u0022"), ("\\\\", "\\u005c"), ("é", "\\u00e9"),
                ("é", "\\u00E9"), (":", "\\u003a"), ("-", "\\u002d"), ("😀", "\\ud83d\\ude00"),
            ]
            let (from, to) = variants[Int(rng.next() % UInt64(variants.count))]
            return (b, replaceFirst(from, to) ? "escape \(to)" : "none")
        case 8:
            // A number variant of seq.
            let variants = [
                "2.0", "2e0", "02", "-0", "1.0", "1E0", "0", "9007199254740991", "9007199254740992", "1e21",
            ]
            let v = variants[Int(rng.next() % UInt64(variants.count))]
            guard let r = b.firstRange(of: Array("\"seq\":".utf8)) else { return (b, "none") }
            var end = r.upperBound
            while end < b.count && b[end] != UInt8(ascii: ",") { end += 1 }
            b.replaceSubrange(r.upperBound..<end, with: Array(v.utf8))
            return (b, "seq \(v)")
        case 9:
            // Overlong UTF-8 for an ASCII letter, or for é.
            if rng.next() % 2 == 0 { return (b, replaceFirst("a", "\u{C1}\u{A1}") ? "overlong 2" : "none") }
            guard let r = b.firstRange(of: [0xC3, 0xA9]) ?? b.firstRange(of: Array("t".utf8)) else {
                return (b, "none")
            }
            b.replaceSubrange(r, with: [0xE0, 0x83, 0xA9])
            return (b, "overlong 3")
        case 10:
            // A lone surrogate, escaped or UTF-8-encoded, inside the first string value.
            guard let q = b.firstRange(of: Array(":\"".utf8)) else { return (b, "none") }
            let lone: [UInt8] = rng.next() % 2 == 0 ? Array("\\ud800".utf8) : [0xED, 0xA0, 0x80]
            b.insert(contentsOf: lone, at: q.upperBound)
            return (b, "lone surrogate")
        case 11:
            // A control character (raw, escaped canonically, or C1 / DEL) inside a string.
            guard let q = b.firstRange(of: Array(":\"".utf8)) else { return (b, "none") }
            let c: [[UInt8]] = [
                [0x01], Array("\\n".utf8), Array("\\u001f".utf8), [0x7F], [0xC2, 0x85], Array("\\t".utf8),
            ]
            b.insert(contentsOf: c[Int(rng.next() % UInt64(c.count))], at: q.upperBound)
            return (b, "control")
        case 12:
            b.removeLast(Int(rng.next() % UInt64(b.count)))
            return (b, "truncate")
        case 13:
            return (
                b,
                replaceFirst("\"prev\":null", "\"prev\":\"" + String(repeating: "a", count: 64) + "\"")
                    ? "prev" : "none"
            )
        case 14:
            // An upper-case hex digit in a hash.
            return (b, replaceFirst("\"hash\":\"", "\"hash\":\"A") ? "hash case" : "none")
        case 15:
            // Another signature (still base64 of 64 bytes, or not).
            guard let r = b.firstRange(of: Array("\"sig\":\"".utf8)) else { return (b, "none") }
            b[r.upperBound + Int(rng.next() % 86)] = Array("A/+=-_ ".utf8)[Int(rng.next() % 7)]
            return (b, "sig char")
        case 16:
            // An unknown member, under 1.0 or a newer minor version.
            let v = rng.next() % 2 == 0 ? "1.0" : "1.7"
            _ = replaceFirst("\"v\":\"1.0\"", "\"v\":\"\(v)\"")
            let ext = ["\"zz\":1.5", "\"risk\":{\"b\":[1e30,-0],\"a\":null}", "\"sigma\":\"x\"", "\"aa\":true"][
                Int(rng.next() % 4)]
            if ext.hasPrefix("\"aa\"") || ext.hasPrefix("\"risk\"") {
                b.insert(contentsOf: Array((ext + ",").utf8), at: 1)
            } else {
                b.insert(contentsOf: Array(("," + ext).utf8), at: b.count - 1)
            }
            return (b, "extension \(ext) under \(v)")
        case 17:
            let versions = ["1.1", "1.01", "2.0", "1.", "1.0.0", "01.0", "1.10000"]
            let v = versions[Int(rng.next() % UInt64(versions.count))]
            return (b, replaceFirst("\"v\":\"1.0\"", "\"v\":\"\(v)\"") ? "version \(v)" : "none")
        case 18:
            // A time with another spelling.
            let times = ["+00:00", "0Z", "Z ", ""]
            guard let r = b.firstRange(of: Array("Z\"".utf8)) else { return (b, "none") }
            let t = times[Int(rng.next() % UInt64(times.count))]
            b.replaceSubrange(r.lowerBound..<(r.lowerBound + 1), with: Array(t.utf8))
            return (b, "time \(t)")
        case 19:
            // A required member dropped.
            let names = ["\"decision\":\"allow\",", "\"parents\":[],", "\"approvals\":[],", "\"scope\":{},"]
            return (b, replaceFirst(names[Int(rng.next() % 4)], "") ? "drop" : "none")
        case 20:
            // A byte-order mark, or the receipt inside an array.
            return rng.next() % 2 == 0
                ? ([0xEF, 0xBB, 0xBF] + b, "bom") : ([UInt8(ascii: "[")] + b + [UInt8(ascii: "]")], "array")
        default:
            // Two mutations.
            let (once, a) = mutate(b, &rng)
            guard !once.isEmpty else { return (once, a) }
            let (twice, c) = mutate(once, &rng)
            return (twice, a + " + " + c)
        }
    }

    // MARK: - The writer

    /// The writer's bytes are the tree serialisation of the same fields (the oracle: the
    /// members as a JCSObject, serialised by JCS), for many drafts, signed or not, valid or not.
    @Test func writerIsTheTreeSerialisation() throws {
        var rng = SplitMix64(seed: 8785)
        for i in 0..<600 {
            var d = Self.randomDraft(&rng, i)
            if i % 7 == 0 { d.sequence = [0, -1, 1 << 53, (1 << 53) + 1, .max, .min][Int(rng.next() % 6)] }
            let keyID: String? = i % 3 == 0 ? nil : ReceiptFixtures.key.keyID
            let written = try ReceiptWriter.unsigned(d, keyID: keyID)
            let tree = try Self.treeObject(d, keyID: keyID, signature: nil)
            #expect(written.bytes == (try JCS.serialize(.object(tree))), "draft \(i)")
            #expect(written.deferred == nil)
            let signature = (0..<64).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let signed = ReceiptWriter.insertingSignature(signature, into: written.bytes, at: written.sigOffset)
            let signedTree = try Self.treeObject(d, keyID: keyID, signature: signature)
            #expect(signed.bytes == (try JCS.serialize(.object(signedTree))), "draft \(i) signed")
            #expect(
                Array(signed.bytes[signed.sigRange]) == Array(#","sig":"#.utf8)
                    + JCSSerializer.serialize(string: Base64.encode(signature)))
        }
    }

    /// Signing: a valid draft's receipt is what the tree reads from its bytes; an invalid draft
    /// fails with the error the schema gives on the tree of its fields.
    @Test func signingAgreesWithTheTree() throws {
        var rng = SplitMix64(seed: 32)
        var valid = 0
        for i in 0..<600 {
            var d = Self.randomDraft(&rng, i)
            if i % 5 == 0 { Self.breakDraft(&d, &rng) }
            let expected = Result {
                try ReceiptSchema.decode(
                    try Self.treeObject(d, keyID: ReceiptFixtures.key.keyID, signature: nil), signed: false,
                    allowKeyID: true)
            }
            switch (Result { try d.sign(with: ReceiptFixtures.key) }, expected) {
            case (.success(let r), .success(let e)):
                valid += 1
                #expect(r.draft == e.draft, "draft \(i)")
                #expect(r.verify(with: ReceiptFixtures.key.publicKey) == .valid)
                let read = try Receipt.readingTree(r.canonicalBytes)
                #expect(read == r, "draft \(i): the tree reads another receipt from the signed bytes")
                if r.canonicalBytes.count <= ReceiptLimits.maxReceiptSize && d.extensions.isEmpty {
                    #expect(Receipt.readingBytes(r.canonicalBytes) == r, "draft \(i)")
                }
            case (.failure(let a), .failure(let b)):
                #expect((a as? ReceiptError) == (b as? ReceiptError), "draft \(i): \(a) / \(b)")
            case (let a, let b):
                Issue.record("draft \(i): sign \(a), the tree \(b)")
            }
        }
        #expect(valid > 300)
    }

    /// A newer minor version's member holding a number with no JSON form fails as the tree path
    /// failed: the schema first (1.0 has no such member), then the serialiser's error.
    @Test func unserialisableExtensionFailsAfterTheSchema() throws {
        var d = try ReceiptFixtures.draft("basic")
        d.extensions = [.init("risk", .array([.number(.nan)]))]
        #expect(throws: ReceiptError(.unknownField, field: "risk", "not a field of schema 1.0")) {
            try d.sign(with: ReceiptFixtures.key)
        }
        d.version = "1.1"
        do {
            _ = try d.sign(with: ReceiptFixtures.key)
            Issue.record("signed a NaN")
        } catch let e as JCSError {
            #expect(e.code == .nonFiniteNumber && e.detail.contains("/risk/0"), "\(e)")
        }
        #expect(throws: JCSError.self) { try d.contentDigest() }
    }

    // MARK: - Drafts

    static let strings = [
        "agent-1", "tool.call", "db:table-9", "é", "e\u{301}", "Ω≈ç√", "😀", "\u{E000}", "\u{FFFF}", "a\"b",
        "back\\slash",
        "/path/x", "\u{2028}", "sp ace", "日本語", "\u{10FFFF}", "x\u{7E}", String(repeating: "z", count: 128),
    ]

    static func pick(_ rng: inout SplitMix64, _ from: [String] = strings) -> String {
        from[Int(rng.next() % UInt64(from.count))]
    }

    static func hash(_ rng: inout SplitMix64) -> String {
        String((0..<64).map { _ in "0123456789abcdef".randomElement(using: &rng)! })
    }

    /// A valid draft exercising the optional fields, unicode, escapes and extensions.
    static func randomDraft(_ rng: inout SplitMix64, _ i: Int) -> ReceiptDraft {
        let seq = Int64(rng.next() % 3 == 0 ? 1 : 1 + rng.next() % (1 << 53 - 1))
        var d = ReceiptDraft(
            stream: pick(&rng), sequence: seq, previous: seq == 1 ? nil : hash(&rng),
            issuedAt: try! ReceiptTime(millisecondsSinceEpoch: Int64(rng.next() % 253_402_300_000_000)),
            decision: rng.next() % 2 == 0 ? .allow : .deny, actor: pick(&rng), action: pick(&rng),
            resource: pick(&rng), policy: .init(id: pick(&rng), version: pick(&rng), hash: hash(&rng)))
        for _ in 0..<(rng.next() % 5) { d.scope[pick(&rng)] = pick(&rng) }
        for k in 0..<(rng.next() % 4) { d.evidence.append(.init(name: "\(pick(&rng))-\(k)", sha256: hash(&rng))) }
        for _ in 0..<(rng.next() % 3) {
            d.approvals.append(
                .init(
                    who: pick(&rng), at: try! ReceiptTime(millisecondsSinceEpoch: Int64(rng.next() % 10_000_000_000)),
                    what: pick(&rng)))
        }
        for _ in 0..<(rng.next() % 3) { d.parents.append(hash(&rng)) }
        if rng.next() % 3 == 0 {
            d.expiresAt = try! ReceiptTime(millisecondsSinceEpoch: d.issuedAt.millisecondsSinceEpoch + 1)
        }
        if rng.next() % 3 == 0 { d.anchor = hash(&rng) }
        if i % 4 == 3 {
            d.version = "1.\(1 + rng.next() % 9)"
            let values: [JCSValue] = [
                .number(1.5), .number(1e30), .number(-0.0), .number(1e-7), .string("ü\u{1}"), .null, .bool(true),
                .object(try! JCSObject(["b": .array([.number(4.5e-300)]), "a": .string("😀")])),
            ]
            for name in ["aa", "risk", "sigma", "zz", "\u{E000}", "😀", "s", "sig0"] where rng.next() % 3 == 0 {
                d.extensions.append(.init(name, values[Int(rng.next() % UInt64(values.count))]))
            }
        }
        return d
    }

    /// One schema violation.
    static func breakDraft(_ d: inout ReceiptDraft, _ rng: inout SplitMix64) {
        switch rng.next() % 10 {
        case 0: d.actor = ""
        case 1: d.action = "tab\there"
        case 2: d.resource = String(repeating: "r", count: 513)
        case 3: d.policy.hash = "ABC"
        case 4: d.previous = d.previous == nil ? String(repeating: "a", count: 64) : nil
        case 5: d.version = "2.0"
        case 6: d.evidence = [.init(name: "x", sha256: hash(&rng)), .init(name: "x", sha256: hash(&rng))]
        case 7: d.expiresAt = d.issuedAt
        case 8: d.extensions = [.init("stream", .null)]
        default: d.scope["k\u{85}"] = "v"
        }
    }

    /// The oracle: the draft's members as a JSON tree (JCSObject sorts them).
    static func treeObject(_ d: ReceiptDraft, keyID: String?, signature: [UInt8]?) throws -> JCSObject {
        func s(_ v: String) -> JCSValue { .string(v) }
        var members: [JCSObject.Member] = [
            .init("action", s(d.action)), .init("actor", s(d.actor)),
            .init(
                "approvals",
                .array(
                    try d.approvals.map {
                        .object(try JCSObject(["at": s($0.at.description), "what": s($0.what), "who": s($0.who)]))
                    })),
            .init("decision", s(d.decision.rawValue)),
            .init(
                "evidence",
                .array(try d.evidence.map { .object(try JCSObject(["name": s($0.name), "sha256": s($0.sha256)])) })),
            .init("issued_at", s(d.issuedAt.description)), .init("parents", .array(d.parents.map(s))),
            .init(
                "policy",
                .object(
                    try JCSObject(["hash": s(d.policy.hash), "id": s(d.policy.id), "version": s(d.policy.version)]))),
            .init("prev", d.previous.map(s) ?? .null), .init("resource", s(d.resource)),
            .init("scope", .object(try JCSObject(d.scope.map { JCSObject.Member($0.key, s($0.value)) }))),
            .init("seq", .number(Double(d.sequence))), .init("stream", s(d.stream)), .init("v", s(d.version)),
        ]
        if let a = d.anchor { members.append(.init("anchor", s(a))) }
        if let e = d.expiresAt { members.append(.init("expires_at", s(e.description))) }
        if let keyID { members.append(.init("key_id", s(keyID))) }
        if let signature { members.append(.init("sig", s(Base64.encode(signature)))) }
        for m in d.extensions {
            guard !ReceiptSchema.fields.contains(m.key) else {
                throw ReceiptError(.invalidValue, field: m.key, "an extension cannot replace a schema 1.0 field")
            }
            members.append(m)
        }
        do { return try JCSObject(members) } catch let e as JCSError {
            throw ReceiptError(.invalidValue, e.description)
        }
    }
}
