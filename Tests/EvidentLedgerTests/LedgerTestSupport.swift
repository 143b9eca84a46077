import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// Bytes of a file under testdata/.
func testdata(_ path: String) throws -> [UInt8] {
    try TestSupport.read(TestSupport.testdata(path))
}

/// Bytes from hex, spaces allowed.
func hex(_ text: String) -> [UInt8] {
    guard let b = Hex.decode(text.filter { !$0.isWhitespace }) else { preconditionFailure("bad hex in test: \(text)") }
    return b
}

func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Parses `input` as JSON and checks that it is refused with exactly `code` at `offset`.
func expectJCSRejected(
    _ input: [UInt8], _ code: JCSError.Code, at offset: Int, limits: JCSLimits = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let value = try JCS.parse(input, limits: limits)
        Issue.record("expected \(code) at \(offset), parsed \(value)", sourceLocation: sourceLocation)
    } catch let error as JCSError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected JCSError, got \(error)", sourceLocation: sourceLocation)
    }
}

func expectJCSRejected(
    _ input: String, _ code: JCSError.Code, at offset: Int, limits: JCSLimits = .default,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectJCSRejected(utf8(input), code, at: offset, limits: limits, sourceLocation: sourceLocation)
}

/// The canonical form of `input` as a string.
func canonical(_ input: String) throws -> String {
    String(decoding: try JCS.canonicalize(utf8(input)), as: UTF8.self)
}

/// Runs `body` and checks that it throws the error that carries `code`, with that code.
func expectCode<Owner: CodedError>(
    _ code: ErrorCode<Owner>, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
)
where Owner.Code == ErrorCode<Owner> {
    do {
        try body()
        Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as Owner {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(Owner.self) with \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
