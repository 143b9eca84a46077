import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct Stamp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stamp",
        abstract: "Time-stamp files or a digest with one or more RFC 3161 TSAs.",
        discussion: """
            Each response is verified (against --tsa-roots) before DIR/NAME.tsr is written, with the
            request beside it as DIR/NAME.tsq; nothing unverified is written. TSAs are tried in order:
            transport errors, HTTP 5xx and 429 are retried with exponential back-off and jitter,
            anything else fails over to the next TSA at once.
            Exit status: 0 all stamped, 1 some input got no valid time-stamp, 2 bad input, 64 usage.
            """)

    @Argument(help: "Files to time-stamp (streamed; any size).") var files: [String] = []
    @Option(help: "A precomputed digest in hex, instead of files.") var digest: String?
    @Option(help: "TSA URL (repeatable; tried in order).") var tsa: [String]
    @Option(help: "Hash algorithm.") var hash: HashChoice = .sha256
    @Option(help: "Request this TSA policy OID.") var policy: String?
    @Flag(inversion: .prefixedNo, help: "Ask the TSA to include its certificate (default: yes).") var certReq = true
    @Option(help: "Timeout per HTTP request, seconds.") var timeout: Double = 30
    @Option(help: "Attempts per TSA for retryable failures.") var retries: Int = 3
    @Option(help: "Extra HTTP header 'Name: value' (repeatable).") var header: [String] = []
    @Option(help: "HTTP basic authentication 'user:password'.") var user: String?
    @Option(help: "CA certificates (PEM) for HTTPS to the TSA.") var cacert: String?
    @Option(name: .customLong("tsa-roots"), help: "Trusted TSA roots (PEM) for verifying the responses.") var caFile:
        String?
    @Option(help: "Extra untrusted certificates (PEM) for verification.") var untrusted: [String] = []
    @Option(help: "Stamps in flight at once.") var concurrency: Int = 4
    @Flag(help: "Skip full verification (status, imprint and nonce are still checked).") var noVerify = false
    @Flag(
        help:
            "Fetch revocation data for the TSA chain right after stamping (OCSP, else CRL) and store it as NAME.ocsp.pem / NAME.crls.pem (long-term validation)."
    ) var ltv = false
    @Option(name: .shortAndLong, help: "Output directory.") var output: String = "."
    @OptionGroup var outputs: OutputOptions
    @OptionGroup var encoding: EncodingOptions
    @OptionGroup var algorithms: AlgorithmPolicyOptions

    func validate() throws {
        if digest != nil && !files.isEmpty { throw ValidationError("give either FILE… or --digest, not both") }
        if digest == nil && files.isEmpty { throw ValidationError("give FILE… or --digest HEX") }
        if tsa.isEmpty { throw ValidationError("give at least one --tsa URL") }
        if caFile == nil && !noVerify {
            throw ValidationError("--tsa-roots is needed to verify responses (or --no-verify)")
        }
        if ltv && noVerify { throw ValidationError("--ltv needs the verified chain: drop --no-verify") }
        if retries < 1 || retries > 10 { throw ValidationError("--retries must be 1…10") }
        if concurrency < 1 || concurrency > 64 { throw ValidationError("--concurrency must be 1…64") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
        for h in header where !h.contains(":") { throw ValidationError("--header '\(h)' is not 'Name: value'") }
    }

    /// Fetches revocation data for the chain and re-verifies the response with it: the token must
    /// still be valid (not revoked) before anything is written. Returns (file suffix, PEM) pairs.
    func captureRevocation(
        _ s: TimeStampClient.Stamp, report: VerificationReport, config: TimeStampClient.Configuration
    ) throws -> [(String, String)] {
        guard let verification = config.verification else { throw InputError("--ltv needs verification") }
        let data = try RevocationCapture.captureAndVerify(
            s, verification: verification, client: try HTTPClient(), options: config.http)
        var files: [(String, String)] = []
        if !data.crls.isEmpty {
            files.append((".crls.pem", data.crls.map { PEM.encode($0, label: "X509 CRL") }.joined()))
        }
        if !data.ocspResponses.isEmpty {
            files.append((".ocsp.pem", data.ocspResponses.map { PEM.encode($0, label: "OCSP RESPONSE") }.joined()))
        }
        return files
    }

    func run() async throws {
        var failed = 0
        try await CLI.guardingAsync {
            guard CLI.isDirectory(output) else { throw InputError("-o \(output): not a directory") }
            var verification: VerificationOptions? = nil
            if let caFile, !noVerify {
                var v = VerificationOptions(
                    trustedRoots: try CLI.loadCertificates(caFile, "--tsa-roots"), now: Int64(time(nil)))
                v.untrusted = try untrusted.flatMap { try CLI.loadCertificates($0, "--untrusted") }
                v.encoding = encoding.level
                v.algorithmPolicy = try algorithms.policy()
                verification = v
            }
            var config = TimeStampClient.Configuration(tsaURLs: tsa, verification: verification)
            config.hash = hash.algorithm
            config.policy = try policy.map { p in
                do { return try OID(dotted: p) } catch { throw InputError("--policy: '\(p)' is not a dotted OID") }
            }
            config.certReq = certReq
            config.attemptsPerTSA = retries
            config.concurrency = concurrency
            config.http.timeout = timeout
            config.http.headers = header
            config.http.userPassword = user
            config.http.caFile = cacert

            var names: [String] = []
            var digests: [[UInt8]] = []
            if let digest {
                guard let d = Hex.decode(digest), d.count == hash.algorithm.outputSize else {
                    throw InputError(
                        "--digest: expected \(hash.algorithm.outputSize) bytes of hex for \(hash.algorithm)")
                }
                names.append(String(Hex.encode(d).prefix(16)))
                digests.append(d)
            } else {
                for f in files {
                    var h = try Digest(hash.algorithm)
                    try CLI.streamFile(f) { h.update($0) }
                    names.append(f.split(separator: "/").last.map(String.init) ?? f)
                    digests.append(h.finalize())
                }
            }
            // Refused before anything is asked of a TSA: an earlier stamp is never replaced
            // without --force, and no input ends up with half of its files written.
            if !outputs.force {
                for name in names {
                    for suffix in [".tsq", ".tsr"] + (ltv ? [".crls.pem", ".ocsp.pem"] : [])
                    where access(output + "/" + name + suffix, F_OK) == 0 {
                        throw InputError("\(output)/\(name)\(suffix) exists; not replacing it (--force replaces it)")
                    }
                }
            }
            let results = await TimeStampClient(configuration: config).stamp(digests: digests)
            for (name, result) in zip(names, results) {
                switch result {
                case .success(let s):
                    let base = output + "/" + name
                    var ltvFiles: [(String, String)] = []
                    if ltv, let report = s.report {
                        do {
                            ltvFiles = try captureRevocation(s, report: report, config: config)
                        } catch {
                            failed += 1
                            CLI.printError("evident: error: \(name): long-term validation data: \(error)")
                            continue
                        }
                    }
                    try CLI.writeFileAtomically(base + ".tsq", s.request, existing: outputs.existing)
                    try CLI.writeFileAtomically(base + ".tsr", s.response, existing: outputs.existing)
                    for (suffix, pem) in ltvFiles {
                        try CLI.writeFileAtomically(base + suffix, Array(pem.utf8), existing: outputs.existing)
                    }
                    for w in s.report?.warnings ?? [] {
                        CLI.printError(
                            "evident: warning: \(name): DER deviation accepted in the token from \(s.tsaURL): \(w.code) at offset \(w.offset): \(w.detail)"
                        )
                    }
                    let when = s.report?.tstInfo?.genTime.description ?? "unverified"
                    print(
                        "\(name): \(base).tsr from \(s.tsaURL) (\(when))\(s.attempts.isEmpty ? "" : " after \(s.attempts.count) failed attempt(s)")"
                    )
                case .failure(let e):
                    failed += 1
                    CLI.printError("evident: error: \(name): \(e)")
                }
            }
        }
        if failed > 0 { throw ExitCode(ExitStatus.invalid.rawValue) }
    }
}
