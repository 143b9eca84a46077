import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

/// How strictly time-stamp tokens are decoded (issue #14, item 1), alike in `ts verify`, `ts
/// inspect`, `stamp`, `anchor` and `verify`: by default DER with the deviations sound TSAs emit
/// (a DEFAULT value written out, SET OF out of order) accepted and reported as warnings;
/// `--strict-der` makes each a failure; `--ber` also accepts structural BER (reported too).
struct EncodingOptions: ParsableArguments {
    @Flag(help: "Refuse every DER deviation, even those sound TSAs emit (conformance testing).") var strictDer = false
    @Flag(help: "Also accept structural BER (indefinite or non-minimal lengths…), reported as warnings.") var ber =
        false

    func validate() throws {
        if strictDer && ber { throw ValidationError("--strict-der and --ber contradict each other") }
    }

    var level: DEREncodingRules.Level { strictDer ? .der : ber ? .lenientBER : .tolerant }

    /// Fresh rules (with their own warning log) for one decode.
    var rules: DEREncodingRules { DEREncodingRules(level: level) }

    /// What to add to a decoding error's message: which option would accept it.
    func hint(for e: DERError) -> String {
        if !ber, [DERError.Code.indefiniteLength, .nonMinimalLength, .constructedPrimitive].contains(e.code) {
            return " (use --ber to accept BER)"
        }
        if strictDer, [DERError.Code.defaultValueEncoded, .setNotSorted].contains(e.code) {
            return " (a deviation sound TSAs emit: accepted with a warning without --strict-der)"
        }
        return ""
    }
}

/// Which algorithms are acceptable until when (issue #14, item 2), alike in `ts verify`, `verify`,
/// `stamp` and `anchor`: the built-in dated table unless `--algorithm-policy FILE` replaces it;
/// `--allow-sha1` is a deprecated alias for "no end date for sha1".
struct AlgorithmPolicyOptions: ParsableArguments {
    @Option(
        help: "A site's algorithm policy table (docs/verifier.md, \"Algorithm policy\"), replacing the built-in one.")
    var algorithmPolicy: String?
    @Flag(help: "Deprecated: no end date for SHA-1 (prefer --algorithm-policy).") var allowSha1 = false

    /// The policy to judge with; says on stderr when a deprecated alias is used.
    func policy() throws -> AlgorithmPolicy {
        var policy = AlgorithmPolicy.builtIn
        if let path = algorithmPolicy {
            let bytes = try CLI.readFile(path, limit: 1 << 20)
            do {
                // Reports name a site's table with where it came from: never mistaken for the built-in one.
                let digest = Hex.encode(try Digest.hash(.sha256, bytes)).prefix(16)
                let site = try AlgorithmPolicy(text: String(decoding: bytes, as: UTF8.self), name: "site table")
                policy = site.renamed("\(site.name) (file \(path), sha256 \(digest)…)")
            } catch let e as AlgorithmPolicy.Failure {
                throw InputError("--algorithm-policy \(path): \(e.detail)")
            }
        }
        if allowSha1 {
            CLI.printError(
                "evident: warning: --allow-sha1 is deprecated: it removes SHA-1's end date from the algorithm policy; use --algorithm-policy FILE"
            )
            policy = policy.allowing("sha1")
        }
        return policy
    }
}
