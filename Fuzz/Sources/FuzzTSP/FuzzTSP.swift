import CFuzzerDriver
import EvidentDER
import EvidentTSP

/// libFuzzer entry point for the RFC 3161 / CMS decoders and the verifier: decode the input as
/// every message kind under both rule sets, re-encode what decodes strictly (it must round-trip),
/// render text and JSON, and run the verifier (no trust anchors: it stops at the chain check
/// at the latest). Only a trap or a failed precondition is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    for rules in [DEREncodingRules.der, .lenientBER] {
        for kind in TSPMessage.Kind.allCases {
            guard let (message, _) = try? TSPMessage.decode(input, as: kind, rules: rules) else { continue }
            _ = message.text()
            _ = message.json().render()
            if rules == .der {
                let reencoded: [UInt8]?
                switch message {
                case .request(let r): reencoded = try? r.derBytes()
                case .response(let r): reencoded = try? r.derBytes()
                case .token(let t): reencoded = try? t.derBytes()
                }
                precondition(reencoded == input, "strict \(kind) did not re-encode to the input")
            }
            if case .token(let t) = message { _ = try? t.signingCertificates() }
        }
    }
    let verifier = TimeStampVerifier(options: VerificationOptions(trustedRoots: [], now: 1_800_000_000))
    let report = verifier.verify(input, isResponse: true, rules: .lenientBER)
    precondition(report.verdict != .valid, "a token verified with no trust anchors")
    _ = verifier.verify(input, isResponse: false, rules: .lenientBER)
    return 0
}

/// The process entry point SwiftPM links `main` to: run libFuzzer on `fuzz`.
@_cdecl("FuzzTSP_main")
func fuzzTSPMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return fuzz(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzz(data, size)
    }
}
