import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// Bundles with witnesses' cosignatures (format v3, issue #17) and `verify --policy`: the
/// cosigned note is the log-signed note plus signature lines; a policy's quorum met, not met
/// (indeterminate, naming who cosigned), a failing cosignature (invalid), a log the policy does
/// not accept (indeterminate); without a policy the report states that none was applied.
@Suite struct WitnessBundleTests {
    /// The bundle fixture (covering checkpoint of size 10), cosigned by witnesses A and B of
    /// three, exported again as v3.
    final class Cosigned: @unchecked Sendable {
        let f: BundleTests.Fixture
        let witnesses: [NoteSigner]
        let bundle: String
        let covering: StoredCheckpoint
        let timestamps: [UInt64]

        init() throws {
            let f = try BundleTests.Fixture()
            let witnesses = try ["a.witness.test", "b.witness.test", "c.witness.test"].map {
                try NoteSigner(name: $0, key: Ed25519.SecretKey(), type: .cosignatureV1)
            }
            let covering = try #require(try f.ledger.store.latestCheckpoint())
            let text = try SignedNote.parse(covering.note).text
            let timestamps = [UInt64(f.now - 50), UInt64(f.now - 40)]
            try f.ledger.store.saveCosignatures(
                try zip(witnesses.prefix(2), timestamps).map { w, t in
                    try StoredCosignature(
                        treeSize: covering.treeSize, signature: w.cosignature(for: text, timestamp: t),
                        collectedAtMillis: f.now * 1000)
                })
            let bundle = f.dir.appendingPathComponent("cosigned.evb").path
            try BundleExporter.perReceipt(ledger: f.ledger, scope: .init()).export(to: bundle, nowMillis: f.now * 1000)
            (self.f, self.witnesses, self.covering, self.timestamps, self.bundle) = (
                f, witnesses, covering, timestamps, bundle
            )
        }

        /// A policy: the log line (the ledger's key unless `logKey` is given; none with
        /// `listLog: false`), the three witnesses as A, B, C, and `quorum`.
        func policy(
            _ quorum: String, listLog: Bool = true, logKey: Ed25519.PublicKey? = nil
        ) throws
            -> AppliedWitnessPolicy
        {
            var text = ""
            if listLog {
                text +=
                    "log \(try NoteVerifierKey(name: BundleTests.origin, publicKey: logKey ?? f.key.publicKey).vkey)\n"
            }
            for (n, w) in zip(["A", "B", "C"], witnesses) { text += "witness \(n) \(w.verifierKey.vkey)\n" }
            // `2` or `all`: a group Q of the three, the quorum; otherwise the quorum line names it.
            text += ["2", "all"].contains(quorum) ? "group Q \(quorum) A B C\nquorum Q\n" : "quorum \(quorum)\n"
            let bytes = Array(text.utf8)
            return AppliedWitnessPolicy(
                policy: try WitnessPolicy.parse(bytes), file: "policy.txt",
                sha256: Hex.encode(try Digest.hash(.sha256, bytes)))
        }

        func verify(_ path: String? = nil, policy: AppliedWitnessPolicy?) -> BundleReport {
            var v = f.verifier()
            v.witnessPolicy = policy
            return v.verify(path: path ?? bundle)
        }

        func time(_ k: Int) -> String { Cosignature.describe(timestamp: timestamps[k]) }
    }

    static let shared: Cosigned = { do { return try Cosigned() } catch { fatalError("fixture: \(error)") } }()

    @Test func exportsV3WithTheCosignedNoteAfterTheLogSignedNote() throws {
        let c = Self.shared
        let entries = try TarReader.read(path: c.bundle, limits: .default)
        let manifest = try #require(entries.first { $0.name == BundleFormat.manifest })
        guard case .object(let o) = try JCS.parse(manifest.bytes) else { Issue.record("manifest"); return }
        #expect(o.uint("version") == 3)
        let note = try #require(entries.first { $0.name == "checkpoints/10.note" }).bytes
        let cosigned = try #require(entries.first { $0.name == "checkpoints/10.cosigned.note" }).bytes
        #expect(note == c.covering.note)
        #expect(cosigned.starts(with: note))
        let lines = try SignedNote.parseSignatureLines(Array(cosigned[note.count...]))
        #expect(lines.map(\.name) == ["a.witness.test", "b.witness.test"])
        // Only checkpoints with cosignatures get a cosigned note.
        #expect(!entries.contains { $0.name == "checkpoints/6.cosigned.note" })
        // The v2 bundle of the same ledger, exported before any cosignature, still verifies.
        #expect(c.f.verify().verdict == .valid, "\(c.f.verify().findings)")
        let v2 = try TarReader.read(path: c.f.bundle, limits: .default)
        guard case .object(let o2) = try JCS.parse(v2.first { $0.name == BundleFormat.manifest }!.bytes) else {
            return
        }
        #expect(o2.uint("version") == 2)
    }

    @Test func withoutAPolicyTheReportSaysNoneWasApplied() throws {
        let r = Self.shared.verify(policy: nil)
        #expect(r.verdict == .valid && r.findings.isEmpty, "\(r.findings)")
        #expect(r.summary.witnesses.statement == "no witness policy was applied")
        #expect(r.text(all: false).contains("witnesses: no witness policy was applied"))
        let json = String(decoding: try r.json(), as: UTF8.self)
        #expect(json.contains("\"witnesses\":{\"cosigners\":[],\"explanation\":null,\"policy\":null"), "\(json)")
        #expect(json.contains("\"statement\":\"no witness policy was applied\""))
    }

    @Test func aQuorumMetPassesAndListsTheCosigners() throws {
        let c = Self.shared
        let r = c.verify(policy: try c.policy("2"))
        #expect(r.verdict == .valid && r.findings.isEmpty, "\(r.findings)")
        let w = r.summary.witnesses
        #expect(w.quorumMet == true && w.treeSize == 10 && w.policyFile == "policy.txt")
        #expect(
            w.cosigners
                == [
                    .init(name: "A", key: "a.witness.test", timestamp: c.time(0)),
                    .init(name: "B", key: "b.witness.test", timestamp: c.time(1)),
                ])
        #expect(r.summary.trustInputs.contains { if case .witnessPolicy = $0 { return true } else { return false } })
        #expect(r.text(all: false).contains("meets the witness policy policy.txt"), "\(r.text(all: false))")
        // A policy listing no logs relies on the ledger keys given.
        #expect(c.verify(policy: try c.policy("2", listLog: false)).verdict == .valid)
    }

    @Test func belowQuorumIsIndeterminateAndNamesWhoCosigned() throws {
        let c = Self.shared
        let r = c.verify(policy: try c.policy("all"))
        #expect(r.verdict == .indeterminate, "\(r.findings)")
        let f = try #require(r.findings.first)
        #expect(f.check == .witnessPolicy && f.object == "checkpoints/10.cosigned.note")
        #expect(f.reason.contains("A at \(c.time(0))") && f.reason.contains("B at \(c.time(1))"), "\(f.reason)")
        #expect(f.reason.contains("group Q needs 3 of 3 and has 2"), "\(f.reason)")
        #expect(r.summary.witnesses.quorumMet == false)
        // The v2 bundle carries no cosignature at all: below any quorum but none.
        var v = c.f.verifier()
        v.witnessPolicy = try c.policy("A")
        let plain = v.verify(path: c.f.bundle)
        #expect(plain.verdict == .indeterminate && plain.findings.first?.check == .witnessPolicy)
        #expect(plain.findings.first?.reason.contains("no policy witness cosigned it") == true)
        #expect(c.f.verify().verdict == .valid)
        var none = c.f.verifier()
        none.witnessPolicy = try c.policy("none")
        #expect(none.verify(path: c.f.bundle).verdict == .valid)
    }

    @Test func aPolicyThatDoesNotListTheLogIsIndeterminate() throws {
        let c = Self.shared
        let r = c.verify(policy: try c.policy("2", logKey: try Ed25519.SecretKey().publicKey))
        #expect(r.verdict == .indeterminate, "\(r.findings)")
        #expect(r.findings.first?.check == .witnessPolicy)
        #expect(r.findings.first?.reason.contains("the policy does not accept this log") == true, "\(r.findings)")
        #expect(r.summary.witnesses.quorumMet == nil)
    }

    @Test func aFailingCosignatureByAPolicyWitnessIsInvalid() throws {
        let c = Self.shared
        let bad = try c.f.tampered(from: c.bundle) { e in
            let i = e.firstIndex { $0.name == "checkpoints/10.cosigned.note" }!
            var text = String(decoding: e[i].bytes, as: UTF8.self).split(
                separator: "\n", omittingEmptySubsequences: false)
            // B's line (the last one): one base64 character changed, still canonical.
            let k = text.count - 2
            var line = Array(text[k])
            line[line.count - 6] = line[line.count - 6] == "A" ? "B" : "A"
            text[k] = Substring(String(line))
            e[i].bytes = Array(text.joined(separator: "\n").utf8)
        }
        let r = c.verify(bad, policy: try c.policy("2"))
        #expect(r.verdict == .invalid, "\(r.findings)")
        #expect(r.findings.first?.check == .witnessPolicy)
        #expect(r.findings.first?.reason.contains("policy witness B") == true, "\(r.findings)")
        // Without a policy the line is by an unknown key: ignored, as the spec says.
        #expect(c.verify(bad, policy: nil).verdict == .valid)
    }

    @Test func aCosignedNoteMustBeTheNotePlusSignatureLines() throws {
        let c = Self.shared
        func edited(_ change: @escaping ([UInt8]) -> [UInt8]) throws -> String {
            try c.f.tampered(from: c.bundle) { e in
                let i = e.firstIndex { $0.name == "checkpoints/10.cosigned.note" }!
                e[i].bytes = change(e[i].bytes)
            }
        }
        // Another first line, an added non-signature line, nothing added.
        for path in [
            try edited { Array("x".utf8) + $0.dropFirst() },
            try edited { $0 + Array("not a signature\n".utf8) },
            try edited { _ in c.covering.note },
        ] {
            let r = c.verify(path, policy: nil)
            #expect(r.verdict == .invalid && r.findings.first?.check == .cosignedNote, "\(r.findings)")
        }
        // A cosigned note of a checkpoint the manifest does not list.
        let stray = try c.f.tampered(from: c.bundle) { e in
            let i = e.firstIndex { $0.name == "checkpoints/10.cosigned.note" }!
            e.append((name: "checkpoints/11.cosigned.note", bytes: e[i].bytes))
        }
        #expect(c.verify(stray, policy: nil).findings.first?.check == .cosignedNote)
        // In a v2 bundle the name is not an entry of the format.
        let inV2 = try c.f.tampered(from: c.f.bundle) { e in
            e.append((name: "checkpoints/10.cosigned.note", bytes: c.covering.note + Array("— x AAAA\n".utf8)))
        }
        #expect(c.f.verify(inV2).findings.first?.check == .unlistedFile, "\(c.f.verify(inV2).findings)")
    }
}
