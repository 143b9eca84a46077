import EvidentTestSupport
import Foundation
import Testing

/// The fourth red-team round (testdata/redteam-alg/README.md): a signature whose PSS hash differs
/// from the digest algorithm it is judged by.
@Suite struct AlgRedTeamTests {
    static func file(_ name: String) -> String { TestSupport.testdata("redteam-alg/" + name).path }

    static func verify(_ token: String) throws -> [String: Any] {
        let r = try TestSupport.evident([
            "ts", "verify", "--in", file(token), "--token", "--data", file("data.txt"), "--tsa-roots", file("root.pem"),
            "--json",
        ])
        return try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
    }

    @Test func aPSSHashOtherThanTheDigestIsInvalid() throws {
        let report = try Self.verify("pss-sha1-signature.tst")
        let problem = report["first_problem"] as? [String: Any]
        #expect(report["verdict"] as? String == "invalid" && problem?["check"] as? String == "signature")
        #expect(
            (problem?["detail"] as? String)?.contains("RSASSA-PSS hash sha1 disagrees with digest algorithm sha256")
                == true)
        let control = try Self.verify("pkcs1-sha1-signature.tst")
        #expect((control["first_problem"] as? [String: Any])?["check"] as? String == "algorithms")
    }
}
