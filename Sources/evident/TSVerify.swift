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
        abstract: "Verify time-stamp responses or tokens, strictly and offline.",
        discussion: """
            Trust comes only from --tsa-roots: certificates inside the token are untrusted intermediates.
            Many tokens in one process: several --in files (or --in-list), each with its own --data,
            --digest or --queryfile given in the same order (or one of them for all); one report per
            token, then a summary line (with --json: one JSON line per token).
            Exit status: 0 valid, 1 invalid, 3 indeterminate (e.g. no path to a trusted root),
            2 bad input (an option's file cannot be read), 64 usage error. With many tokens, the worst:
            1 if any is invalid, else 2 if any file cannot be read, else 3 if any is indeterminate.
            """)

    @Option(
        name: .customLong("in"), parsing: .upToNextOption,
        help:
            "The .tsr (TimeStampResp) or, with --token, the token; several files, or the option repeated, verify many.")
    var input: [String] = []
    @Option(
        help:
            "A file naming more tokens, one path per line; a line may add a tab and its request file (as --queryfile)."
    ) var inList: String?
    @Flag(help: "The input is a bare token, not a TimeStampResp.") var token = false
    @Option(
        parsing: .upToNextOption,
        help:
            "The data that was time-stamped (hashed with the token's imprint algorithm); one for all, or one per token."
    ) var data: [String] = []
    @Option(parsing: .upToNextOption, help: "The digest that was time-stamped, in hex; one for all, or one per token.")
    var digest: [String] = []
    @Option(help: "The algorithm of --digest (default: from its length, SHA-2).") var hash: String?
    @Option(
        parsing: .upToNextOption,
        help: "The request that was sent: imprint, nonce, policy and certReq are checked against it; one per token.")
    var queryfile: [String] = []
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
        if input.isEmpty && inList == nil {
            throw ValidationError("give the token to verify (--in FILE or --in-list FILE)")
        }
        let given = [data, digest, queryfile].filter { !$0.isEmpty }.count
        if given > 1 { throw ValidationError("give at most one of --data, --digest, --queryfile") }
        if inList == nil {
            for (name, values) in [("--data", data), ("--digest", digest), ("--queryfile", queryfile)]
            where values.count > 1 && values.count != input.count {
                throw ValidationError(
                    "\(values.count) \(name) for \(input.count) --in: give one for all tokens or one per token, in the same order"
                )
            }
            if queryfile.count == 1 && input.count > 1 {
                throw ValidationError("give one --queryfile per --in: each request has its own nonce")
            }
        } else if !data.isEmpty || !digest.isEmpty || !queryfile.isEmpty {
            if [data, digest, queryfile].contains(where: { $0.count > 1 }) || !queryfile.isEmpty {
                throw ValidationError(
                    "with --in-list, a request goes on the token's line (after a tab); --data or --digest once, for all"
                )
            }
        }
        // No false comfort (issue #14, item 3): a token is evidence about some data; "valid"
        // without that data proves only that a TSA signed something. (With --in-list, a line
        // without a request is refused when it is read.)
        if given == 0 && !imprintUnchecked && inList == nil {
            throw ValidationError(
                "give what was time-stamped (--data FILE, --digest HEX or --queryfile REQ), or --imprint-unchecked to check the token alone"
            )
        }
        if given > 0 && imprintUnchecked {
            throw ValidationError("--imprint-unchecked goes without --data, --digest, --queryfile")
        }
        if hash != nil && digest.isEmpty { throw ValidationError("--hash goes with --digest") }
        if crlCheck != "all" && crlCheck != "leaf" { throw ValidationError("--crl-check must be all or leaf") }
    }

    /// What one token is compared with.
    enum Stamped {
        case data(String), digest(String), queryfile(String), unchecked
    }

    /// The tokens, in order, each with what it stamps.
    func jobs() throws -> [(file: String, stamped: Stamped)] {
        func pick(_ values: [String], _ i: Int) -> String? {
            values.isEmpty ? nil : values[values.count == 1 ? 0 : i]
        }
        func stamped(_ i: Int, request: String?) -> Stamped? {
            if let request { return .queryfile(request) }
            if let d = pick(data, i) { return .data(d) }
            if let d = pick(digest, i) { return .digest(d) }
            return imprintUnchecked ? .unchecked : nil
        }
        var out: [(file: String, stamped: Stamped)] = []
        for (i, file) in input.enumerated() {
            guard let what = stamped(i, request: pick(queryfile, i)) else {
                throw InputError(
                    "--in \(file): nothing to compare the imprint with (give --data, --digest or --queryfile, or --imprint-unchecked)"
                )
            }
            out.append((file, what))
        }
        guard let inList else { return out }
        let text = String(decoding: try CLI.readFile(inList, limit: 64 << 20), as: UTF8.self)
        // (CRLF is one Character in Swift: isNewline splits it as one line end.)
        for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.isEmpty { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count <= 2, !columns[0].isEmpty, columns.count == 1 || !columns[1].isEmpty else {
                throw InputError(
                    "--in-list \(inList), line \(n + 1): not a token path, optionally a tab and a request path")
            }
            let request = columns.count == 2 ? String(columns[1]) : nil
            if request != nil && imprintUnchecked {
                throw InputError("--in-list \(inList), line \(n + 1): a request, but --imprint-unchecked was given")
            }
            // A token is compared with one thing. The list is often written by whoever supplies
            // the evidence: a request on its line must not stand in for the data the verifier
            // named (red team round 20: the token of another file was "valid" for --data).
            if request != nil && (!data.isEmpty || !digest.isEmpty) {
                throw InputError(
                    "--in-list \(inList), line \(n + 1): a request, but \(data.isEmpty ? "--digest" : "--data") was given: each token is compared with one thing (requests in the list, or --data / --digest for all, not both)"
                )
            }
            guard let what = stamped(0, request: request) else {
                throw InputError(
                    "--in-list \(inList), line \(n + 1): nothing to compare the imprint with (add a tab and the request, give --data or --digest, or --imprint-unchecked)"
                )
            }
            out.append((String(columns[0]), what))
        }
        if out.isEmpty { throw InputError("--in-list \(inList): no token named") }
        return out
    }

    func run() throws {
        var worst: Int32 = 0
        try CLI.guarding {
            let base = try commonOptions()
            let jobs = try jobs()
            if jobs.count == 1 {
                // One token: its report alone, and a file that cannot be read is bad input (2).
                let (verdict, out) = try verifyOne(jobs[0].file, jobs[0].stamped, base, pretty: true)
                print(out)
                worst = verdict.exitStatus.rawValue
                return
            }
            var counts: [String: Int] = [:]
            var unreadable = false
            for job in jobs {
                do {
                    let (verdict, out) = try verifyOne(job.file, job.stamped, base, pretty: false)
                    counts[verdict.rawValue, default: 0] += 1
                    worst = Self.worse(worst, verdict.exitStatus.rawValue)
                    print(
                        json
                            ? Self.fileLine(job.file, report: out, error: nil)
                            : "== \(DisplayText.safe(job.file))\n\(out)")
                } catch {
                    // Named by the file (InputError's messages start with the path or the option).
                    let message =
                        switch error {
                        case let e as InputError: e.message
                        case let e as any CodedError: "\(job.file): \(e.description)"
                        default: "\(job.file): \(error)"
                        }
                    unreadable = true
                    worst = Self.worse(worst, ExitStatus.badInput.rawValue)
                    if json {
                        print(Self.fileLine(job.file, report: nil, error: message))
                    } else {
                        print("== \(DisplayText.safe(job.file))\nerror: \(DisplayText.safe(message))")
                    }
                    CLI.printError("evident: error: \(message)")
                }
            }
            if !json {
                let parts =
                    ["valid", "invalid", "indeterminate"].map { "\(counts[$0, default: 0]) \($0)" }
                    + (unreadable ? ["\(jobs.count - counts.values.reduce(0, +)) unreadable"] : [])
                print("\(jobs.count) tokens: \(parts.joined(separator: ", "))")
            }
        }
        if worst != 0 { throw ExitCode(worst) }
    }

    /// The worse of two exit statuses: invalid (1), then bad input (2), then indeterminate (3).
    static func worse(_ a: Int32, _ b: Int32) -> Int32 {
        let rank: [Int32: Int] = [0: 0, 3: 1, 2: 2, 1: 3]
        return rank[a, default: 3] >= rank[b, default: 3] ? a : b
    }

    /// One line of `--json` output with many tokens: the file, and its report or why it was not verified.
    static func fileLine(_ file: String, report: String?, error: String?) -> String {
        let obj: JSONValue = .object([
            ("schema", .string("evident.timestamp-verification-file/v1")),
            ("file", .string(file)),
            ("error", error.map(JSONValue.string) ?? .null),
        ])
        // The report is already rendered: spliced in as the last member, not parsed again.
        let head = obj.render(pretty: false)
        return String(head.dropLast()) + ",\"verification\":" + (report ?? "null") + "}"
    }

    /// The options every token shares: read once.
    func commonOptions() throws -> VerificationOptions {
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
        return options
    }

    /// Verifies one token: its verdict and its report (text or JSON). An InputError names the file
    /// that cannot be read or decoded.
    func verifyOne(
        _ input: String, _ stamped: Stamped, _ base: VerificationOptions, pretty: Bool
    ) throws -> (
        Verdict, String
    ) {
        let bytes = try CLI.readFile(input, limit: TSPLimits.maxMessageSize)
        var options = base
        let queryRules = encoding.rules
        switch stamped {
        case .queryfile(let queryfile):
            let q = try CLI.readFile(queryfile, limit: TSPLimits.maxMessageSize)
            let req: TimeStampRequest
            do { req = try TimeStampRequest(derEncoded: q, rules: queryRules) } catch let e as DERError {
                throw InputError("--queryfile \(queryfile): \(e)")
            }
            options.expectedImprint = req.messageImprint
            options.expectedNonce = req.nonce
            options.certReq = req.certReq
            if let p = req.reqPolicy, policy.isEmpty { options.acceptedPolicies = [p] }
        case .digest(let digest):
            guard let d = Hex.decode(digest) else { throw InputError("--digest: not hex") }
            let alg = try digestAlgorithm(for: d.count)
            options.expectedImprint = try MessageImprint(algorithm: alg, digest: d)
        case .data(let data):
            // Hash with the algorithm the token claims (as openssl ts -verify -data does);
            // the imprint check then compares algorithm and value.
            let alg = imprintAlgorithm(of: bytes) ?? .sha256
            var h = try Digest(alg)
            try CLI.streamFile(data) { h.update($0) }
            options.expectedImprint = try MessageImprint(algorithm: alg, digest: h.finalize())
        case .unchecked:
            break
        }
        var report = TimeStampVerifier(options: options).verify(bytes, isResponse: !token, rules: encoding.rules)
        // The request's own deviations are reported too (its offsets are in the request file).
        report.warnings += queryRules.warnings.map {
            DERWarning(code: $0.code, offset: $0.offset, detail: "in the request (--queryfile): \($0.detail)")
        }
        if json { return (report.verdict, report.json().render(pretty: pretty)) }
        var lines = [report.text(all: all)]
        if case .unchecked = stamped {
            lines.append(
                "imprint: NOT CHECKED (--imprint-unchecked): whatever the verdict, nothing here shows which data the token time-stamps"
            )
        }
        // Say plainly whether the TSA certificate's revocation status was checked at all.
        lines.append(
            options.crls.isEmpty && options.ocspResponses.isEmpty
                ? "revocation: not checked (no --crl or --ocsp given): a TSA certificate revoked before genTime would not be detected"
                : "revocation: checked against \(options.crls.count) CRL(s) and \(options.ocspResponses.count) OCSP response(s), \(crlCheck == "leaf" ? "leaf only" : "every certificate on the path")"
        )
        return (report.verdict, lines.joined(separator: "\n"))
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
