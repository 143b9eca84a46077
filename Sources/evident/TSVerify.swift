import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct TSVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a time-stamp response or token, strictly and offline.",
        discussion: """
            Trust comes only from --tsa-roots: certificates inside the token are untrusted intermediates.
            Exit status: 0 valid, 1 invalid, 3 indeterminate (e.g. no path to a trusted root),
            2 bad input (an option's file cannot be read), 64 usage error.
            """)

    @Option(name: .customLong("in"), help: "The .tsr (TimeStampResp) or, with --token, the token.") var input: String
    @Flag(help: "The input is a bare token, not a TimeStampResp.") var token = false
    @Option(help: "The data that was time-stamped (hashed with the token's imprint algorithm).") var data: String?
    @Option(help: "The digest that was time-stamped, in hex.") var digest: String?
    @Option(help: "The algorithm of --digest (default: from its length, SHA-2).") var hash: String?
    @Option(help: "The request that was sent: imprint, nonce, policy and certReq are checked against it.")
    var queryfile: String?
    @Option(
        name: .customLong("tsa-roots"), help: "PEM (or DER) file with the trusted TSA roots. The only trust anchors.")
    var caFile: String
    @Option(help: "PEM file with extra untrusted certificates (intermediates, a signer certificate the token lacks).")
    var untrusted: [String] = []
    @Option(help: "CRL file (PEM or DER); with any CRL, every certificate on the path must be covered.") var crl:
        [String] = []
    @Option(help: "OCSP response file (DER, or PEM OCSP RESPONSE blocks as `stamp --ltv` writes them).") var ocsp:
        [String] = []
    @Option(help: "Which certificates the CRLs / OCSP responses must cover: all (default) or leaf.") var crlCheck:
        String = "all"
    @Option(help: "When to validate the chain: gentime (default), now, or an RFC 3339 time / epoch seconds.") var at:
        String = "gentime"
    @Option(help: "An accepted TSA policy OID (repeatable; default: any).") var policy: [String] = []
    @Option(help: "The TSA's expected name (RFC 4514, as `evident ts inspect` prints the signer).") var tsaName: String?
    @OptionGroup var algorithms: AlgorithmPolicyOptions
    @Flag(help: "Run every check and list every failure.") var all = false
    @OptionGroup var encoding: EncodingOptions
    @Flag(help: "Print the report as JSON.") var json = false
    @Flag(
        help:
            "Verify without comparing the imprint with anything (no --data, --digest or --queryfile): the token is checked, not what it stamps; the output says so."
    ) var imprintUnchecked = false

    func validate() throws {
        let given = [data, digest, queryfile].compactMap { $0 }.count
        if given > 1 { throw ValidationError("give at most one of --data, --digest, --queryfile") }
        // No false comfort (issue #14, item 3): a token is evidence about some data; "valid"
        // without that data proves only that a TSA signed something.
        if given == 0 && !imprintUnchecked {
            throw ValidationError(
                "give what was time-stamped (--data FILE, --digest HEX or --queryfile REQ), or --imprint-unchecked to check the token alone"
            )
        }
        if given > 0 && imprintUnchecked {
            throw ValidationError("--imprint-unchecked goes without --data, --digest, --queryfile")
        }
        if hash != nil && digest == nil { throw ValidationError("--hash goes with --digest") }
        if crlCheck != "all" && crlCheck != "leaf" { throw ValidationError("--crl-check must be all or leaf") }
    }

    func run() throws {
        var verdict = Verdict.invalid
        try CLI.guarding {
            let bytes = try CLI.readFile(input, limit: TSPLimits.maxMessageSize)
            let now = Int64(time(nil))
            var options = VerificationOptions(trustedRoots: try CLI.loadCertificates(caFile, "--tsa-roots"), now: now)
            options.untrusted = try untrusted.flatMap { try CLI.loadCertificates($0, "--untrusted") }
            options.crls = try CLI.loadCRLs(crl)
            options.ocspResponses = try CLI.loadOCSP(ocsp)
            options.revocationScope = crlCheck == "leaf" ? .leaf : .fullChain
            options.validationTime = try parseAt(at)
            options.acceptedPolicies = try policy.map { p in
                do { return try OID(dotted: p) } catch { throw InputError("--policy: '\(p)' is not a dotted OID") }
            }
            options.tsaName = tsaName
            options.algorithmPolicy = try algorithms.policy()
            options.runAllChecks = all
            let queryRules = encoding.rules
            if let queryfile {
                let q = try CLI.readFile(queryfile, limit: TSPLimits.maxMessageSize)
                let req: TimeStampRequest
                do { req = try TimeStampRequest(derEncoded: q, rules: queryRules) } catch let e
                    as DERError
                {
                    throw InputError("--queryfile \(queryfile): \(e)")
                }
                options.expectedImprint = req.messageImprint
                options.expectedNonce = req.nonce
                options.certReq = req.certReq
                if let p = req.reqPolicy, policy.isEmpty { options.acceptedPolicies = [p] }
            } else if let digest {
                guard let d = Hex.decode(digest) else { throw InputError("--digest: not hex") }
                let alg = try digestAlgorithm(for: d.count)
                options.expectedImprint = try MessageImprint(algorithm: alg, digest: d)
            } else if let data {
                // Hash with the algorithm the token claims (as openssl ts -verify -data does);
                // the imprint check then compares algorithm and value.
                let alg = imprintAlgorithm(of: bytes) ?? .sha256
                var h = try Digest(alg)
                try CLI.streamFile(data) { h.update($0) }
                options.expectedImprint = try MessageImprint(algorithm: alg, digest: h.finalize())
            }
            var report = TimeStampVerifier(options: options).verify(
                bytes, isResponse: !token, rules: encoding.rules)
            // The request's own deviations are reported too (its offsets are in the request file).
            report.warnings += queryRules.warnings.map {
                DERWarning(code: $0.code, offset: $0.offset, detail: "in the request (--queryfile): \($0.detail)")
            }
            verdict = report.verdict
            print(json ? report.json().render() : report.text(all: all))
            if !json {
                if imprintUnchecked {
                    print(
                        "imprint: NOT CHECKED (--imprint-unchecked): whatever the verdict, nothing here shows which data the token time-stamps"
                    )
                }
                // Say plainly whether the TSA certificate's revocation status was checked at all.
                print(
                    options.crls.isEmpty && options.ocspResponses.isEmpty
                        ? "revocation: not checked (no --crl or --ocsp given): a TSA certificate revoked before genTime would not be detected"
                        : "revocation: checked against \(options.crls.count) CRL(s) and \(options.ocspResponses.count) OCSP response(s), \(crlCheck == "leaf" ? "leaf only" : "every certificate on the path")"
                )
            }
        }
        try CLI.exit(with: verdict)
    }

    func digestAlgorithm(for length: Int) throws -> DigestAlgorithm {
        if let hash {
            guard let a = DigestAlgorithm(rawValue: hash) else {
                throw InputError("--hash: unknown algorithm '\(hash)'")
            }
            guard a.outputSize == length else {
                throw InputError("--digest: \(length) bytes, a \(a) digest is \(a.outputSize)")
            }
            return a
        }
        switch length {
        case 20: return .sha1
        case 28: return .sha224
        case 32: return .sha256
        case 48: return .sha384
        case 64: return .sha512
        default: throw InputError("--digest: \(length) bytes is not the length of a supported digest")
        }
    }

    func imprintAlgorithm(of bytes: [UInt8]) -> DigestAlgorithm? {
        let rules: DEREncodingRules = .lenientBER
        if token {
            return (try? TimeStampToken(derEncoded: bytes, rules: rules))?.tstInfo.messageImprint.hashAlgorithm.digest
        }
        return (try? TimeStampResponse(derEncoded: bytes, rules: rules))?.token?.tstInfo.messageImprint.hashAlgorithm
            .digest
    }

    func parseAt(_ text: String) throws -> VerificationOptions.ValidationTime {
        switch text.lowercased() {
        case "gentime": return .genTime
        case "now": return .now
        default:
            if let epoch = Int64(text) { return .at(epoch) }
            do { return .at(try CLI.time(text, "--at").millisecondsSinceEpoch / 1000) } catch {
                throw InputError("--at: '\(text)' is not gentime, now, an RFC 3339 UTC time or epoch seconds")
            }
        }
    }
}
