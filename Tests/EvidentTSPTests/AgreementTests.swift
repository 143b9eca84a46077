import EvidentCrypto
import EvidentDER
import EvidentTSP
import EvidentTestSupport
import Foundation
import Testing

/// Our verifier against stock `openssl ts -verify` on fixtures made fresh by
/// scripts/tsa-fixtures (valid tokens of every kind and each way a token can be wrong). Our
/// verdict must equal OpenSSL's at genTime on every case, except the documented cases where
/// OpenSSL is wrong or stricter than RFC 3161 / RFC 5035 (docs/fixtures.md).
@Suite struct AgreementTests {
    struct Row: Sendable, CustomStringConvertible {
        var fields: [String: String]
        subscript(_ k: String) -> String { fields[k] ?? "-" }
        var description: String { self["case"] }
    }

    /// Generated once per test process.
    static let fixtures: (dir: URL, rows: [Row]) = {
        do {
            let dir = try TestSupport.temporaryDirectory().appendingPathComponent("fixtures")
            let r = try TestSupport.run(
                "/bin/bash", [TestSupport.repoRoot.appendingPathComponent("scripts/tsa-fixtures").path, dir.path])
            precondition(r.status == 0, "tsa-fixtures failed: \(r.stderrText)")
            let text = try String(contentsOf: dir.appendingPathComponent("manifest.tsv"), encoding: .utf8)
            let lines = text.split(separator: "\n").map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
            let header = lines[0]
            let rows = lines.dropFirst().map { Row(fields: Dictionary(uniqueKeysWithValues: zip(header, $0))) }
            return (dir, rows)
        } catch {
            fatalError("tsa-fixtures: \(error)")
        }
    }()

    /// Where we deliberately disagree with OpenSSL at genTime: case -> why (docs/fixtures.md).
    static let deliberateDifferences: [String: String] = [
        "revoked-after-gentime":
            "revoked (superseded) after genTime: RFC 3161 §4 keeps earlier tokens valid; OpenSSL ignores the revocation date and reason",
        "ca-true-tsa": "a TSA certificate with cA TRUE: OpenSSL does not check basicConstraints on the TSA certificate",
    ]

    static func verify(_ row: Row, at time: VerificationOptions.ValidationTime = .genTime) throws -> VerificationReport
    {
        let dir = fixtures.dir
        func path(_ p: String) -> String { dir.appendingPathComponent(p).path }
        func certs(_ p: String) throws -> [X509Certificate] {
            p == "-" ? [] : try PEM.certificates(TestSupport.read(URL(fileURLWithPath: path(p))))
        }
        var options = VerificationOptions(
            trustedRoots: try certs(row["cafile"]), now: Int64(Date().timeIntervalSince1970))
        options.untrusted = try certs(row["untrusted"])
        if row["crl"] != "-" { options.crls = try PEM.crls(TestSupport.read(URL(fileURLWithPath: path(row["crl"])))) }
        // Compare like with like: the oracle ran with -crl_check (leaf only) where the column says so.
        if row["crl_check"] == "leaf" { options.revocationScope = .leaf }
        if row["policy"] != "-" { options.acceptedPolicies = [try OID(dotted: row["policy"])] }
        options.algorithmPolicy = .withoutEndDates  // OpenSSL judges no algorithm by date; like with like
        options.validationTime = time
        let tsr = try TestSupport.read(URL(fileURLWithPath: path(row["tsr"])))
        if row["check"] == "data" {
            let data = try TestSupport.read(URL(fileURLWithPath: path(row["data"])))
            let alg =
                (try? TimeStampResponse(derEncoded: tsr))?.token?.tstInfo.messageImprint.hashAlgorithm.digest ?? .sha256
            options.expectedImprint = try MessageImprint(algorithm: alg, digest: Digest.hash(alg, data))
        } else {
            let q = try TimeStampRequest(derEncoded: TestSupport.read(URL(fileURLWithPath: path(row["tsq"]))))
            options.expectedImprint = q.messageImprint
            options.expectedNonce = q.nonce
            if let p = q.reqPolicy, row["policy"] == "-" { options.acceptedPolicies = [p] }
        }
        return TimeStampVerifier(options: options).verify(tsr, isResponse: true)
    }

    @Test func fixturesWereMade() {
        #expect(Self.fixtures.rows.count >= 25)
    }

    @Test func verdictsMatchTheExpectationAndOpenSSL() throws {
        var agree = 0
        for row in Self.fixtures.rows {
            let report = try Self.verify(row)
            let ours = report.verdict == .valid
            let problem = report.firstProblem.map { "\($0.check.rawValue): \($0.reason)" } ?? "-"
            #expect(
                ours == (row["expect"] == "valid"),
                "\(row): ours \(report.verdict) (\(problem)), fixture expects \(row["expect"])")
            let theirs = row["openssl_verdict"] == "OK"
            if let why = Self.deliberateDifferences[row["case"]] {
                #expect(
                    ours != theirs, "\(row) is listed as a deliberate difference (\(why)) but we agree with OpenSSL")
            } else {
                #expect(
                    ours == theirs,
                    "\(row): ours \(report.verdict) (\(problem)), openssl \(row["openssl_verdict"]) \(row["openssl_error"])"
                )
                if ours == theirs { agree += 1 }
            }
        }
        #expect(agree + Self.deliberateDifferences.count == Self.fixtures.rows.count)
    }

    /// `openssl ts -verify` without -attime validates at the current time; so does `--at now`.
    /// The default (genTime) differs from OpenSSL's default exactly on expired-after-gentime.
    @Test func atNowMatchesOpenSSLsDefault() throws {
        for row in Self.fixtures.rows {
            let report = try Self.verify(row, at: .now)
            let ours = report.verdict == .valid
            let theirs = row["openssl_now_verdict"] == "OK"
            let problem = report.firstProblem.map { "\($0.check.rawValue): \($0.reason)" } ?? "-"
            if row["case"] == "ca-true-tsa" {
                #expect(!ours && theirs)
            } else {
                #expect(
                    ours == theirs,
                    "\(row): ours at now \(report.verdict) (\(problem)), openssl \(row["openssl_now_verdict"]) \(row["openssl_now_error"])"
                )
            }
        }
        let expired = try #require(Self.fixtures.rows.first { $0["case"] == "expired-after-gentime" })
        #expect(try Self.verify(expired).verdict == .valid)
        #expect(try Self.verify(expired, at: .now).verdict == .invalid)
    }
}
