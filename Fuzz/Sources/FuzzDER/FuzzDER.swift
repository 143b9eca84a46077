import CFuzzerDriver
import EvidentDER

/// libFuzzer entry point: parse the input under both rule sets, read every element through
/// every accessor, and check the round-trip invariants of strict successes. Thrown errors are
/// the expected outcome for most inputs; only a trap or a failed precondition is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let strict = try? DERParser.parse(input, rules: .der)
    let lenient = try? DERParser.parseWithWarnings(input[...], rules: .lenientBER)

    if let root = strict {
        checkStrictRoundTrip(root, input: input)
        // Lenient mode only ever adds tolerance: whatever is DER parses there without warnings.
        precondition(lenient != nil, "strict accepted but lenient rejected")
        precondition(lenient!.warnings.isEmpty, "lenient warned on DER input: \(lenient!.warnings)")
    } else if let lenient {
        // Every deviation lenient mode tolerates is recorded, so no warnings means valid DER.
        precondition(!lenient.warnings.isEmpty, "lenient accepted without warnings what strict rejected")
    }
    if let root = strict { walk(root) }
    if let lenient { walk(lenient.element) }
    return 0
}

/// The process entry point SwiftPM links `main` to: run libFuzzer on `fuzz`.
@_cdecl("FuzzDER_main")
func fuzzDERMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return fuzz(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzz(data, size)
    }
}
