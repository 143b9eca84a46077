import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// `evident key …` and `evident receipt …` round trips through the built executable.
@Suite struct KeyReceiptCLITests {
    static let draft = TestSupport.testdata("receipts/basic.draft.json").path

    func ok(_ args: [String], input: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try TestSupport.evident(args, input: input)
        #expect(r.status == 0, "\(args): \(r.stderrText)", sourceLocation: sourceLocation)
        return r.stdoutText
    }

    @Test func keyNewShowSignVerify() throws {
        let dir = try TestSupport.temporaryDirectory()
        func p(_ n: String) -> String { dir.appendingPathComponent(n).path }
        try Data("pass phrase\n".utf8).write(to: dir.appendingPathComponent("pw"))
        let made = try ok([
            "key", "new", "--output", p("k.json"), "--public-out", p("k.pub"), "--passphrase-file", p("pw"),
        ])
        let perms = try FileManager.default.attributesOfItem(atPath: p("k.json"))[.posixPermissions] as? NSNumber
        #expect(perms?.intValue == 0o600)
        let shown = try ok(["key", "show", p("k.json")])
        #expect(shown.contains(made.trimmingCharacters(in: .whitespacesAndNewlines)) && shown.contains("sealed"))
        #expect(
            !String(decoding: try Data(contentsOf: URL(fileURLWithPath: p("k.json"))), as: UTF8.self).contains(
                "\"seed\""))
        #expect(try ok(["key", "show", p("k.pub")]).contains("public key file"))

        // Sign from stdin, verify with the public key file.
        let signed = try ok(
            ["receipt", "sign", "--signing-key", p("k.json"), "--draft", "-", "--passphrase-file", p("pw")],
            input: try Data(contentsOf: URL(fileURLWithPath: Self.draft)))
        let lines = signed.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        try Data((lines[0] + "\n").utf8).write(to: dir.appendingPathComponent("r.json"))
        let receipt = try Receipt(json: Array(lines[0].utf8))
        #expect(receipt.receiptHashHex == lines[1] && receipt.isCanonical)
        let v = try TestSupport.evident([
            "receipt", "verify", "--receipt", p("r.json"), "--ledger-key", p("k.pub"), "--at", "2025-03-14T10:00:00Z",
        ])
        #expect(v.status == 0 && v.stdoutText.hasPrefix("valid"), "\(v.stdoutText)\(v.stderrText)")
        // Expired at a later time; unknown key is indeterminate.
        #expect(
            try TestSupport.evident(["receipt", "verify", "--receipt", p("r.json"), "--ledger-key", p("k.pub")]).status
                == 1)
        _ = try ok(["key", "new", "--output", p("other.json"), "--plaintext"])
        #expect(
            try TestSupport.evident(["receipt", "verify", "--receipt", p("r.json"), "--ledger-key", p("other.json")])
                .status == 3)
        // Tampered: invalid, exit 1.
        try Data((lines[0].replacingOccurrences(of: "\"allow\"", with: "\"deny\"") + "\n").utf8).write(
            to: dir.appendingPathComponent("t.json"))
        let t = try TestSupport.evident([
            "receipt", "verify", "--receipt", p("t.json"), "--ledger-key", p("k.pub"), "--at", "2025-03-14T10:00:00Z",
        ])
        #expect(t.status == 1 && t.stdoutText.contains("bad-signature"))
    }

    @Test func wrongPassphraseAndClobber() throws {
        let dir = try TestSupport.temporaryDirectory()
        func p(_ n: String) -> String { dir.appendingPathComponent(n).path }
        try Data("right".utf8).write(to: dir.appendingPathComponent("pw"))
        try Data("wrong".utf8).write(to: dir.appendingPathComponent("bad"))
        _ = try ok(["key", "new", "--output", p("k.json"), "--passphrase-file", p("pw")])
        let r = try TestSupport.evident([
            "receipt", "sign", "--signing-key", p("k.json"), "--draft", Self.draft, "--passphrase-file", p("bad"),
        ])
        #expect(
            r.status == 2 && r.stderrText.contains("wrong-passphrase")
                && r.stderrText.split(separator: "\n").count == 1, "\(r.stderrText)")
        let again = try TestSupport.evident(["key", "new", "--output", p("k.json"), "--plaintext"])
        #expect(again.status == 2 && again.stderrText.contains("file-exists"))
        let none = try TestSupport.evident(["key", "new", "--output", p("x.json")])
        #expect(none.status == 64)
        let bad = try TestSupport.evident(
            ["receipt", "sign", "--signing-key", p("k.json"), "--draft", "-", "--passphrase-file", p("pw")],
            input: Data("{\"v\":\"2.0\"}".utf8))
        #expect(bad.status == 2 && bad.stderrText.contains("unsupported-version"))
    }

    /// Rotation and revocation records through the CLI: the chain continues across the rotation,
    /// a revoked key's later receipts are invalid, and its earlier ones, alone, undecided.
    @Test func rotateAndRevoke() throws {
        let dir = try TestSupport.temporaryDirectory()
        func p(_ n: String) -> String { dir.appendingPathComponent(n).path }
        _ = try ok(["key", "new", "--output", p("old.json"), "--public-out", p("old.pub"), "--plaintext"])
        _ = try ok(["key", "new", "--output", p("new.json"), "--plaintext"])
        _ = try ok([
            "key", "rotate", "--old", p("old.json"), "--new", p("new.json"), "--output", p("rot.json"), "--at",
            "2025-03-14T09:28:00Z",
        ])
        // seq 1 by the old key before the rotation, seq 2 by the new key after it.
        let first = try ok(["receipt", "sign", "--signing-key", p("old.json"), "--draft", Self.draft]).split(
            separator: "\n"
        ).map(String.init)
        try Data((first[0] + "\n").utf8).write(to: dir.appendingPathComponent("r1.json"))
        var second = String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.draft)), as: UTF8.self)
        second = second.replacingOccurrences(of: "\"seq\": 1", with: "\"seq\": 2").replacingOccurrences(
            of: "\"prev\": null", with: "\"prev\": \"\(first[1])\""
        )
        .replacingOccurrences(of: "09:26:53.589Z", with: "09:29:00.000Z")
        let r2 = try ok(["receipt", "sign", "--signing-key", p("new.json"), "--draft", "-"], input: Data(second.utf8))
            .split(separator: "\n").map(String.init)
        try Data((r2[0] + "\n").utf8).write(to: dir.appendingPathComponent("r2.json"))
        // r1 is signed by the old key before its rotation, but a receipt alone proves no time:
        // the retired key could have signed it afterwards and dated it earlier, so on its own it
        // is indeterminate (its anchored bundle proves it); r2, by the key now valid, is valid.
        for (r, status) in [("r1.json", Int32(3)), ("r2.json", 0)] {
            let v = try TestSupport.evident([
                "receipt", "verify", "--receipt", p(r), "--ledger-key", p("old.pub"), p("rot.json"), "--at",
                "2025-03-14T09:30:00Z",
            ])
            #expect(v.status == status, "\(r): \(v.stdoutText)\(v.stderrText)")
            if status == 3 { #expect(v.stdoutText.contains("nothing given proves this receipt existed before then")) }
        }
        // Revoke the old key from before r1 (signed by its successor): r1 becomes invalid.
        _ = try ok([
            "key", "revoke", "--key", p("old.pub"), "--signer", p("new.json"), "--from", "2025-03-14T09:26:00Z",
            "--reason", "leaked", "--output", p("rev.json"),
        ])
        let v = try TestSupport.evident([
            "receipt", "verify", "--receipt", p("r1.json"), "--ledger-key", p("old.pub"), p("rot.json"), p("rev.json"),
            "--at", "2025-03-14T09:30:00Z",
        ])
        #expect(v.status == 1 && v.stdoutText.contains("revoked") && v.stdoutText.contains("leaked"), "\(v.stdoutText)")
        let v2 = try TestSupport.evident([
            "receipt", "verify", "--receipt", p("r2.json"), "--ledger-key", p("old.pub"), p("rot.json"), p("rev.json"),
            "--at", "2025-03-14T09:30:00Z",
        ])
        #expect(v2.status == 0)
    }
}
