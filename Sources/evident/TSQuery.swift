import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

enum HashChoice: String, ExpressibleByArgument, CaseIterable {
    case sha256, sha384, sha512
    var algorithm: DigestAlgorithm {
        switch self {
        case .sha256: return .sha256
        case .sha384: return .sha384
        case .sha512: return .sha512
        }
    }
}

struct TSQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Build an RFC 3161 TimeStampReq (byte-identical to `openssl ts -query` for the same inputs).",
        discussion: """
            With one input, -o names the output file (stdout when omitted and stdout is not a terminal).
            With several inputs, -o must be a directory; each request is written there as NAME.tsq.
            """)

    @Argument(help: "Files to hash (streamed; any size).") var files: [String] = []
    @Option(help: "A precomputed digest in hex, instead of files.") var digest: String?
    @Option(help: "Hash algorithm.") var hash: HashChoice = .sha256
    @Flag(inversion: .prefixedNo, help: "Include a random 64-bit nonce (default: yes).") var nonce = true
    @Option(help: "Use this nonce (hex with 0x prefix, or decimal) instead of a random one.") var nonceValue: String?
    @Flag(help: "Ask the TSA to include its certificate.") var certReq = false
    @Option(help: "Request this TSA policy OID.") var policy: String?
    @Option(name: .shortAndLong, help: "Output file, or directory for several inputs.") var output: String?
    @OptionGroup var outputs: OutputOptions

    func validate() throws {
        if digest != nil && !files.isEmpty { throw ValidationError("give either FILE… or --digest, not both") }
        if digest == nil && files.isEmpty { throw ValidationError("give FILE… or --digest HEX") }
        if nonceValue != nil && !nonce { throw ValidationError("--nonce-value conflicts with --no-nonce") }
        if files.count > 1 {
            guard let output, CLI.isDirectory(output) else {
                throw ValidationError("with several files, -o must name an existing directory")
            }
        }
    }

    func run() throws {
        try CLI.guarding {
            let policyOID = try policy.map { p -> OID in
                do { return try OID(dotted: p) } catch { throw InputError("--policy: '\(p)' is not a dotted OID") }
            }
            let fixedNonce = try nonceValue.map(TSQuery.parseNonce)
            func makeRequest(_ d: [UInt8]) throws -> [UInt8] {
                var n: DERInteger? = nil
                if nonce { n = try fixedNonce ?? DERInteger(unsignedBigEndian: SecureRandom.bytes(8)) }
                let req = TimeStampRequest(
                    messageImprint: MessageImprint(
                        hashAlgorithm: AlgorithmIdentifier(digestWithNullParameters: hash.algorithm), hashedMessage: d),
                    reqPolicy: policyOID, nonce: n, certReq: certReq)
                return try req.derBytes()
            }
            if let digest {
                guard let d = Hex.decode(digest) else { throw InputError("--digest: not hex") }
                guard d.count == hash.algorithm.outputSize else {
                    throw InputError(
                        "--digest: \(d.count) bytes, a \(hash.algorithm) digest is \(hash.algorithm.outputSize)")
                }
                try emit(makeRequest(d), to: output)
                return
            }
            for file in files {
                var h = try Digest(hash.algorithm)
                try CLI.streamFile(file) { h.update($0) }
                let bytes = try makeRequest(h.finalize())
                if files.count > 1, let output {
                    let base = file.split(separator: "/").last.map(String.init) ?? file
                    try emit(bytes, to: output + "/" + base + ".tsq")
                } else {
                    try emit(bytes, to: output)
                }
            }
        }
    }

    func emit(_ bytes: [UInt8], to path: String?) throws {
        if let path {
            try CLI.writeFileAtomically(path, bytes, existing: outputs.existing)
        } else {
            guard !CLI.stdoutIsTerminal else { throw InputError("refusing to write DER to a terminal; use -o FILE") }
            CLI.writeStdout(bytes)
        }
    }

    static func parseNonce(_ text: String) throws -> DERInteger {
        let lower = text.lowercased()
        if lower.hasPrefix("0x") {
            guard
                let b = Hex.decode(
                    String(lower.dropFirst(2)).count % 2 == 1 ? "0" + lower.dropFirst(2) : String(lower.dropFirst(2))),
                !b.isEmpty
            else {
                throw InputError("--nonce-value: '\(text)' is not hex")
            }
            return DERInteger(unsignedBigEndian: b)
        }
        guard let v = UInt64(text) else {
            throw InputError("--nonce-value: '\(text)' is not a non-negative decimal or 0x-hex number")
        }
        return DERInteger(v)
    }
}
