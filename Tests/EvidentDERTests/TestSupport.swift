import EvidentCore
import Foundation
import Testing

@testable import EvidentDER

/// Bytes from hex with optional spaces: `bytes("30 03 02 01 00")`.
func bytes(_ hex: String) -> [UInt8] {
    guard let b = Hex.decode(hex.filter { !$0.isWhitespace }) else { preconditionFailure("bad hex in test: \(hex)") }
    return b
}

/// A primitive TLV with a short-form length around ASCII text, for time and string cases.
func tlv(_ tag: UInt8, _ ascii: String) -> [UInt8] {
    let content = Array(ascii.utf8)
    precondition(content.count < 0x80)
    return [tag, UInt8(content.count)] + content
}

/// Runs `body` and checks that it throws a ``DERError`` with exactly `code` and `offset`.
func expectDERError(
    _ code: DERError.Code, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(code) at offset \(offset), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DERError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset == offset, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected DERError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// Parses `input` and checks the rejection code and offset.
func expectRejected(
    _ input: [UInt8], _ code: DERError.Code, at offset: Int, rules: DEREncodingRules = .der,
    limits: DERLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
) {
    expectDERError(code, at: offset, sourceLocation: sourceLocation) {
        _ = try DERParser.parse(input, rules: rules, limits: limits)
    }
}

/// Parses leniently and returns the element with its warnings as `code@offset` strings.
func parseLenient(_ input: [UInt8]) throws -> (element: DERElement, warnings: [String]) {
    let (element, warnings) = try DERParser.parseWithWarnings(input[...], rules: .lenientBER)
    return (element, warnings.map { "\($0.code)@\($0.offset)" })
}

/// The repository's testdata/der directory, located from this file so no resources are needed.
let derTestdata = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("testdata/der")

func testdataBytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: derTestdata.appendingPathComponent(relativePath)))
}

/// Relative paths of the files under testdata/der/`folder`, sorted.
func testdataFiles(in folder: String, extensions: Set<String>) throws -> [String] {
    let base = derTestdata.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
    var out: [String] = []
    for case let url as URL in walker where extensions.contains(url.pathExtension) {
        out.append(folder + "/" + url.path.dropFirst(base.path.count + 1))
    }
    return out.sorted()
}

/// `code@offset` of a strict parse, or `ok`.
func strictVerdict(_ input: [UInt8]) -> String {
    do {
        _ = try DERParser.parse(input)
        return "ok"
    } catch let error as DERError {
        return "\(error.code)@\(error.offset)"
    } catch {
        return "unexpected: \(error)"
    }
}
