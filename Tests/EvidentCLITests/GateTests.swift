import EvidentCrypto
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// `evident gate`: exit 0 only for a valid allow receipt for exactly the action, resource and
/// scope asked, unexpired, by a trusted key not revoked; everything else exits 1 with the reason.
@Suite struct GateTests {
    struct Setup {
        let dir: URL
        let key: LedgerKey
        var pub: String { dir.appendingPathComponent("key.pub.json").path }
        var keyFile: String { dir.appendingPathComponent("key.json").path }
    }

    static func setup() throws -> Setup {
        let s = Setup(dir: try TestSupport.temporaryDirectory(), key: try LedgerKey.generate())
        try Data(try LedgerKeyFile.encodePublic(s.key.publicKey)).write(to: URL(fileURLWithPath: s.pub))
        try Data(try LedgerKeyFile.encode(s.key, protection: .plaintext)).write(to: URL(fileURLWithPath: s.keyFile))
        return s
    }

    static func receipt(
        _ s: Setup, decision: ReceiptDraft.Decision = .allow, issued: String = "2026-11-20T10:00:00.000Z",
        expires: String? = nil, mutate: (inout ReceiptDraft) -> Void = { _ in }
    ) throws -> String {
        var d = ReceiptDraft(
            stream: "deploys", sequence: 1, previous: nil, issuedAt: try ReceiptTime(issued), decision: decision,
            actor: "change-board", action: "deploy", resource: "api-gateway:prod",
            policy: .init(id: "deploys", version: "7", hash: String(repeating: "b", count: 64)))
        d.scope = ["version": "2.4.1", "region": "eu-west-1"]
        if let expires { d.expiresAt = try ReceiptTime(expires) }
        mutate(&d)
        let path = s.dir.appendingPathComponent("r-\(UUID().uuidString).json").path
        try Data(try d.sign(with: s.key).canonicalBytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func gate(
        _ s: Setup, _ receipt: String, action: String = "deploy", resource: String = "api-gateway:prod",
        scope: [String] = ["version=2.4.1", "region=eu-west-1"], keys: [String]? = nil,
        at: String = "2026-11-21T00:00:00Z"
    ) throws -> TestSupport.ProcessResult {
        var args = ["gate", "--receipt", receipt, "--action", action, "--resource", resource, "--at", at]
        for sc in scope { args += ["--scope", sc] }
        for k in keys ?? [s.pub] { args += ["--ledger-key", k] }
        return try TestSupport.evident(args)
    }

    @Test func exactMatchIsAllowed() throws {
        let s = try Self.setup()
        let r = try Self.gate(s, try Self.receipt(s))
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(r.stdoutText.hasPrefix("allowed: "))
    }

    @Test func everythingElseIsRefusedWithItsReason() throws {
        let s = try Self.setup()
        let good = try Self.receipt(s)
        let cases: [(TestSupport.ProcessResult, String)] = [
            (try Self.gate(s, try Self.receipt(s, decision: .deny)), "deny decision"),
            (try Self.gate(s, good, action: "rollback"), "authorizes action 'deploy', not 'rollback'"),
            (try Self.gate(s, good, resource: "api-gateway:staging"), "not 'api-gateway:staging'"),
            (try Self.gate(s, good, scope: ["version=2.4.2", "region=eu-west-1"]), "is not the requested scope"),
            (try Self.gate(s, good, scope: ["version=2.4.1"]), "is not the requested scope"),
            (try Self.gate(s, try Self.receipt(s, expires: "2026-11-20T12:00:00.000Z")), "expired"),
            (try Self.gate(s, good, at: "2026-11-19T00:00:00Z"), "issued after the time checked"),
            // A 1.x receipt with a member this version does not know: it may restrict the
            // authorization, so it authorizes nothing (fail closed).
            (
                try Self.gate(
                    s,
                    try Self.receipt(
                        s,
                        mutate: {
                            $0.version = "1.1"; $0.extensions = [.init("max_amount", .string("100"))]
                        })),
                "member \"max_amount\" that this version does not know"
            ),
        ]
        for (r, why) in cases {
            #expect(r.status == 1, "\(why): \(r.stdoutText)")
            #expect(r.stderrText.contains("gate refused:") && r.stderrText.contains(why), "\(r.stderrText)")
        }
        // Tampered: one character of the action changed.
        let tampered = s.dir.appendingPathComponent("tampered.json")
        try Data(
            try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "\"deploy\"", with: "\"deplox\"")
                .utf8
        ).write(to: tampered)
        let t = try Self.gate(s, tampered.path, action: "deplox")
        #expect(t.status == 1 && t.stderrText.contains("bad-signature"), "\(t.stderrText)")
        // Unknown key.
        let other = try Self.setup()
        let u = try Self.gate(s, good, keys: [other.pub])
        #expect(u.status == 1 && u.stderrText.contains("unknown-key-id"), "\(u.stderrText)")
    }

    @Test func revokedKeyAuthorizesNothing() throws {
        let s = try Self.setup()
        let good = try Self.receipt(s)
        let record = s.dir.appendingPathComponent("revocation.json").path
        let rv = try TestSupport.evident([
            "key", "revoke", "--key", s.keyFile, "--from", "2026-11-20T12:00:00.000Z", "--reason", "laptop lost",
            "--output", record,
        ])
        #expect(rv.status == 0, "\(rv.stderrText)")
        let r = try Self.gate(s, good, keys: [s.pub, record])
        #expect(r.status == 1 && r.stderrText.contains("revoked"), "\(r.stderrText)")
    }

    /// `evident verify --receipt R.json`: one receipt checked on its own.
    @Test func verifyOneReceipt() throws {
        let s = try Self.setup()
        let good = try Self.receipt(s)
        let ok = try TestSupport.evident(["verify", "--receipt", good, "--ledger-key", s.pub])
        #expect(
            ok.status == 0 && ok.stdoutText.hasPrefix("valid\nreceipt: ")
                && ok.stdoutText.contains("(deploys#1, signed by"),
            "\(ok.stdoutText)\(ok.stderrText)")
        let tampered = s.dir.appendingPathComponent("t.json")
        try Data(
            try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(of: "2.4.1", with: "2.4.2").utf8
        ).write(to: tampered)
        let bad = try TestSupport.evident(["verify", "--receipt", tampered.path, "--ledger-key", s.pub])
        #expect(bad.status == 1 && bad.stdoutText.contains("bad-signature"), "\(bad.stdoutText)")
        let other = try Self.setup()
        let unknown = try TestSupport.evident(["verify", "--receipt", good, "--ledger-key", other.pub])
        #expect(unknown.status == 3, "\(unknown.stdoutText)")
        // Red team (round 2, receipt-verify-matrix): an expired receipt was valid here while
        // `receipt verify` said invalid. Now both are one check, with expiry at the current time.
        let expired = try Self.receipt(s, expires: "2026-11-21T10:00:00.000Z")
        let viaVerify = try TestSupport.evident(["verify", "--receipt", expired, "--ledger-key", s.pub])
        let viaReceipt = try TestSupport.evident(["receipt", "verify", "--receipt", expired, "--ledger-key", s.pub])
        #expect(viaVerify.status == 1 && viaVerify.stdoutText.contains("expired"), "\(viaVerify.stdoutText)")
        #expect(
            viaReceipt.status == 1
                && viaReceipt.stdoutText.hasPrefix(
                    "invalid: expired at expires_at: expired at 2026-11-21T10:00:00.000Z")
        )
        #expect(viaVerify.stdoutText.hasPrefix("invalid: expired at expires_at: expired at 2026-11-21T10:00:00.000Z"))
        // Bundle-only options are refused with --receipt rather than silently ignored.
        let json = try TestSupport.evident(["verify", "--receipt", good, "--ledger-key", s.pub, "--json"])
        #expect(json.status == 64 && json.stderrText.contains("apply to a bundle"), "\(json.stderrText)")
    }
}
