import EvidentTestSupport
import Foundation
import Testing

/// The third red-team round, against the tolerant DER policy (testdata/redteam-der/README.md):
/// each case is a token the helper built, and the behaviour it forced.
@Suite struct DERRedTeamTests {
    static func file(_ name: String) -> String { TestSupport.testdata("redteam-der/" + name).path }
    static let roots = file("root.pem")
    static let data = file("hello.txt")

    static func verify(_ token: String, _ extra: [String] = []) throws -> TestSupport.ProcessResult {
        try TestSupport.evident(["ts", "verify", "--in", file(token), "--tsa-roots", roots] + extra)
    }

    static func json(_ r: TestSupport.ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    /// An unsigned statusString carrying terminal escapes is shown escaped by `ts verify` and
    /// `ts inspect`: no control character reaches the terminal; the verdict is invalid.
    @Test func statusStringCannotDrawAFakeVerdict() throws {
        let v = try Self.verify("statusstring-escapes.tsr", ["--queryfile", Self.file("statusstring-escapes.tsq")])
        #expect(v.status == 1 && v.stdoutText.hasPrefix("Verification: invalid"))
        #expect(!v.stdout.contains(0x1B) && !v.stdout.contains(0x0D), "a control character reached the output")
        #expect(v.stdoutText.contains("\\u{1b}[2J"))
        let i = try TestSupport.evident(["ts", "inspect", Self.file("statusstring-escapes.tsr")])
        #expect(i.status == 0 && !i.stdout.contains(0x1B) && !i.stdout.contains(0x0D))
        #expect(i.stdoutText.contains("Status description: \\u{1b}[0m"))
    }

    /// Structural BER accepted under --ber is reported like every other deviation.
    @Test func aBERTimeFractionIsAWarning() throws {
        let v = try Self.verify("gentime-trailing-zero.tsr", ["--data", Self.data, "--ber", "--json"])
        let warnings = try Self.json(v)["warnings"] as? [[String: Any]]
        #expect(
            v.status == 0 && warnings?.contains { $0["code"] as? String == "invalid-time" } == true, "\(v.stdoutText)")
        let inspect = try TestSupport.evident(["ts", "inspect", "--ber", Self.file("gentime-trailing-zero.tsr")])
        #expect(inspect.stderrText.contains("warning: invalid-time"))
        #expect(try Self.verify("gentime-trailing-zero.tsr", ["--data", Self.data]).status == 1)
    }

    /// A critical TSTInfo extension the verifier does not understand is invalid; the same
    /// extension non-critical (DEFAULT written out) is valid with a warning.
    @Test func anUnknownCriticalExtensionIsInvalid() throws {
        let v = try Self.json(try Self.verify("critical-extension.tsr", ["--data", Self.data, "--json"]))
        #expect(v["verdict"] as? String == "invalid")
        #expect((v["first_problem"] as? [String: Any])?["check"] as? String == "tstinfo-extensions")
        let control = try Self.verify("noncritical-extension-critical-false.tsr", ["--data", Self.data, "--json"])
        let c = try Self.json(control)
        #expect(control.status == 0 && (c["warnings"] as? [Any])?.count == 1, "\(control.stdoutText)")
    }

    /// The request given with --queryfile is decoded under the same rules, and its deviations
    /// are reported too.
    @Test func aRequestsDeviationIsReported() throws {
        let v = try Self.verify(
            "certreq-false.tsr",
            ["--queryfile", Self.file("certreq-false-written.tsq"), "--untrusted", Self.file("tsa.pem"), "--json"])
        let warnings = try Self.json(v)["warnings"] as? [[String: Any]]
        #expect(v.status == 0, "\(v.stdoutText)")
        #expect(
            warnings?.first {
                ($0["detail"] as? String)?.hasPrefix("in the request (--queryfile): certReq FALSE") == true
            }
                != nil, "\(warnings ?? [])")
    }

    /// A deviation inside a signed attribute's value is reported at its offset in the whole
    /// response (1312, where `openssl asn1parse` shows the written-out sha256 AlgorithmIdentifier).
    @Test func anAttributeValuesDeviationHasItsRealOffset() throws {
        let v = try Self.json(try Self.verify("ess-default-written.tsr", ["--data", Self.data, "--json"]))
        let w = (v["warnings"] as? [[String: Any]])?.first
        #expect(v["verdict"] as? String == "valid")
        #expect(w?["offset"] as? Int == 1312 && (w?["detail"] as? String)?.hasPrefix("in attribute ") == true)
    }

    /// Two signing-time attributes (RFC 5652 §11.3: at most one) are invalid.
    @Test func aRepeatedSignedAttributeIsInvalid() throws {
        let v = try Self.json(try Self.verify("duplicate-signing-time.tsr", ["--data", Self.data, "--json"]))
        #expect(v["verdict"] as? String == "invalid")
        let problem = v["first_problem"] as? [String: Any]
        #expect(problem?["check"] as? String == "signed-attributes")
        #expect((problem?["detail"] as? String)?.contains("signingTime appears more than once") == true)
    }
}
