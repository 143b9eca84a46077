import ArgumentParser
import EvidentDER

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
