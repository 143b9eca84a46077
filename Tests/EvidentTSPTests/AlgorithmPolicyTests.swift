import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// The dated algorithm policy (issue #14, item 2) at fixed instants either side of every end date
/// of the built-in table, and a token of the built-in TSA judged with a fixed clock.
@Suite struct AlgorithmPolicyTests {
    static let policy = AlgorithmPolicy.builtIn

    /// A use the table's row `algorithm` applies to.
    static func use(for algorithm: String) -> AlgorithmPolicy.Use {
        if algorithm.hasPrefix("rsa<"), let n = Int(algorithm.dropFirst(4)) {
            return .init(name: "rsa", bits: n - 1, role: "test")
        }
        if algorithm == "rsa" { return .init(name: "rsa", bits: 4096, role: "test") }
        return .init(name: algorithm, role: "test")
    }

    @Test func everyEndDateIsRespectedToTheSecond() {
        for entry in Self.policy.entries {
            let use = Self.use(for: entry.algorithm)
            #expect(Self.policy.entry(for: use)?.algorithm == entry.algorithm, "\(entry.algorithm)")
            guard let end = entry.notAfter else {
                #expect(Self.policy.judge(use, genTime: 4_000_000_000, now: 4_000_000_000) == .acceptable)
                continue
            }
            // Made and checked on the last day: acceptable.
            #expect(Self.policy.judge(use, genTime: end, now: end) == .acceptable, "\(entry.algorithm)")
            // Made after it: invalid.
            guard case .expiredAtGenTime = Self.policy.judge(use, genTime: end + 1, now: end + 1) else {
                Issue.record("\(entry.algorithm): made after its end date must be invalid")
                continue
            }
            // Made before, checked after: indeterminate (only an archive time-stamp would help).
            guard case .expiredSince(let why) = Self.policy.judge(use, genTime: end, now: end + 1) else {
                Issue.record("\(entry.algorithm): checked after its end date must be indeterminate")
                continue
            }
            #expect(why.contains("archive time-stamp") && why.contains(Self.policy.name))
        }
    }

    @Test func rsaSizesFindTheirRow() {
        let rows = [1024: "rsa<2048", 2047: "rsa<2048", 2048: "rsa<3072", 3071: "rsa<3072", 3072: "rsa", 4096: "rsa"]
        for (bits, row) in rows {
            #expect(Self.policy.entry(for: .init(name: "rsa", bits: bits, role: "t"))?.algorithm == row, "\(bits)")
        }
        guard case .unknown = Self.policy.judge(.init(name: "ecdsa-brainpoolp256r1", role: "t"), genTime: 0, now: 0)
        else {
            Issue.record("an algorithm missing from the table must be undecided")
            return
        }
    }

    @Test func aSitePolicyFileReplacesTheTable() throws {
        let site = try AlgorithmPolicy(
            text: "# a site\nname example-bank-2027\nsha256 -\necdsa-p256 2026-06-30 internal rule 7\n", name: "file")
        #expect(site.name == "example-bank-2027" && site.entries.count == 2)
        let p256 = AlgorithmPolicy.Use(name: "ecdsa-p256", role: "TSA key")
        let june30 = try #require(site.entry(for: p256)?.notAfter)
        #expect(AlgorithmPolicy.builtIn.entry(for: p256)?.notAfter != june30)
        for bad in [
            "sha256 2026-13-01 x", "sha256 yesterday x", "whirlpool - x", "sha256 - a\nsha256 - b", "# nothing\n",
            "sha256",
        ] {
            #expect(throws: AlgorithmPolicy.Failure.self, "\(bad)") { try AlgorithmPolicy(text: bad, name: "f") }
        }
        #expect(AlgorithmPolicy.builtIn.allowing("sha1").entry(for: .init(name: "sha1", role: "t"))?.notAfter == nil)
        // Red team round 4: a site table cannot take the built-in name or two names; rsa<N rows
        // are canonical and compared by size; NIST curves by the table's names; CRLF lines read.
        for bad in [
            "name evident-builtin-2026-12\nsha1 -", "name a\nname b\nsha1 -",
            "rsa<2048 2013-12-31 a\nrsa<02048 - b", "rsa<2048 2013-12-31 a\nrsa<+2048 - b", "ecdsa-prime256v1 -",
        ] {
            #expect(throws: AlgorithmPolicy.Failure.self, "\(bad)") { try AlgorithmPolicy(text: bad, name: "f") }
        }
        let crlf = try AlgorithmPolicy(text: "name crlf\r\nsha256 -\r\nrsa<2048 2013-12-31 old\r\n", name: "f")
        #expect(crlf.name == "crlf" && crlf.entries.count == 2)
    }

    /// A token of the built-in TSA (ECDSA P-256, SHA-256): valid today; checked in 2036 it is
    /// indeterminate (P-256's end date has passed, no archive time-stamp); under a site table
    /// that ended P-256 before the token was made it is invalid. The clock is the options' `now`.
    @Test func aTokenIsJudgedAtItsGenTimeAndNow() throws {
        let (tsa, responder) = try ResponderTests.makeTSA(.ecP256)
        let (query, _, reply, _) = try ResponderTests.stampWithOpenSSLQuery(responder, text: "policy\n")
        func verify(now: Int64, policy: AlgorithmPolicy = .builtIn) throws -> VerificationReport {
            var options = VerificationOptions(
                trustedRoots: try PEM.certificates(TestSupport.read(URL(fileURLWithPath: tsa.path + "/root.pem"))),
                now: now)
            options.expectedImprint = try TimeStampRequest(derEncoded: query).messageImprint
            options.algorithmPolicy = policy
            return TimeStampVerifier(options: options).verify(reply, isResponse: true)
        }
        let today = try verify(now: ResponderTests.now().seconds + 5)
        #expect(today.verdict == .valid && today.algorithmPolicy == AlgorithmPolicy.builtIn.name)
        let in2036 = try verify(now: 2_082_758_400)  // 2036-01-01T00:00:00Z
        #expect(in2036.verdict == .indeterminate && in2036.firstProblem?.check == .algorithms)
        #expect(in2036.firstProblem?.reason.contains("ecdsa-p256 (TSA key)") == true)
        let site = try AlgorithmPolicy(text: "name strict-site\nsha256 -\necdsa-p256 2020-01-01 retired\n", name: "f")
        let retired = try verify(now: ResponderTests.now().seconds + 5, policy: site)
        #expect(retired.verdict == .invalid && retired.firstProblem?.check == .algorithms)
        #expect(retired.algorithmPolicy == "strict-site")
    }
}
