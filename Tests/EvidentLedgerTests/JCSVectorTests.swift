import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// Every published vector in testdata/jcs (see its PROVENANCE.md): inputs canonicalise to the
/// expected outputs byte for byte, and the RFC 8785 Appendix B number table holds.
@Suite struct JCSVectorTests {
    /// (input, expected output, expected output as hex or nil) for every input file.
    static func pairs() throws -> [(name: String, input: [UInt8], output: [UInt8], outhex: [UInt8]?)] {
        var out: [(String, [UInt8], [UInt8], [UInt8]?)] = []
        for set in ["cyberphone", "gowebpki-jcs"] {
            for url in TestSupport.files(under: "jcs/\(set)/input", extensions: [".json"]) {
                let name = url.deletingPathExtension().lastPathComponent
                let output = try testdata("jcs/\(set)/output/\(name).json")
                let hexURL = TestSupport.testdata("jcs/\(set)/outhex/\(name).txt")
                let outhex =
                    FileManager.default.fileExists(atPath: hexURL.path)
                    ? hex(String(decoding: try TestSupport.read(hexURL), as: UTF8.self)) : nil
                out.append(("\(set)/\(name)", try TestSupport.read(url), output, outhex))
            }
        }
        return out
    }

    @Test func everyInputCanonicalisesToItsOutput() throws {
        let pairs = try Self.pairs()
        #expect(pairs.count == 10, "6 cyberphone + 4 gowebpki")
        var passed = 0
        for pair in pairs {
            let got = try JCS.canonicalize(pair.input)
            #expect(got == pair.output, "\(pair.name): \(String(decoding: got, as: UTF8.self))")
            if let outhex = pair.outhex { #expect(outhex == pair.output, "\(pair.name): outhex disagrees with output") }
            // Canonical output is a fixed point.
            #expect(try JCS.canonicalize(pair.output) == pair.output, "\(pair.name)")
            if got == pair.output { passed += 1 }
        }
        #expect(passed == pairs.count)
        print("JCS vectors: \(passed)/\(pairs.count) canonicalised byte for byte")
    }

    /// RFC 8785 §3.2.3's sorting example. The transcribed output file is the RFC's ASCII display
    /// (escapes for non-ASCII, a backslash and `r` where the RFC shows the escape `\r`, a final newline),
    /// not canonical bytes, so what is compared is what the RFC states: the order of the values.
    @Test func rfc8785KeySortingExample() throws {
        let canonical = try JCS.canonicalize(try testdata("jcs/rfc8785-appendix/key_sorting_input.json"))
        guard case .object(let object) = try JCS.parse(canonical) else {
            throw JCSError(.invalidLiteral, at: 0, "not an object")
        }
        let ours = object.members.map { member -> String in
            guard case .string(let s) = member.value else { return "?" }
            return s
        }
        let display = String(decoding: try testdata("jcs/rfc8785-appendix/key_sorting_output.json"), as: UTF8.self)
        let theirs = display.split(separator: "\":\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(ours == theirs)
        #expect(
            ours == [
                "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
                "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
            ])
        #expect(
            object.keys.map { $0.unicodeScalars.first!.value } == [0x0D, 0x31, 0x80, 0xF6, 0x20AC, 0x1F600, 0xFB33])
    }

    /// RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript strings.
    @Test func appendixBNumbers() throws {
        let csv = String(decoding: try testdata("jcs/rfc8785-appendix/appendix_b.csv"), as: UTF8.self)
        var rows = 0
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let bits = UInt64(fields[0], radix: 16)!
            let value = Double(bitPattern: bits)
            let expected = String(fields[1])
            #expect(JCS.numberString(value) == expected, "\(fields[0]) (\(fields[2]))")
            // And the expected string parses back to the same double (up to the sign of zero).
            if case .number(let parsed) = try JCS.parse(utf8(expected)) {
                #expect(parsed == value, "\(expected)")
            } else {
                Issue.record("\(expected) did not parse as a number")
            }
            rows += 1
        }
        #expect(rows == 24)
        print("RFC 8785 Appendix B: \(rows)/\(rows) numbers")
    }

    /// The RFC 8785 Appendix B values the CSV leaves out: NaN and Infinity have no JSON form.
    @Test func nonFiniteNumbersAreRefusedBySerializer() {
        for value in [Double.nan, .infinity, -.infinity] {
            #expect(JCS.numberString(value) == nil)
            expectCode(JCSError.Code.nonFiniteNumber) {
                _ = try JCS.serialize(.array([.number(1), .number(value)]))
            }
        }
        // The error names where the number is (RFC 6901 path, "~" and "/" escaped).
        let nested = JCSValue.object(
            try! JCSObject(["a/b~": .array([.null, .object(try! JCSObject(["x": .number(.infinity)]))])]))
        do {
            _ = try JCS.serialize(nested)
            Issue.record("serialised a non-finite number")
        } catch {
            #expect("\(error)".contains("/a~1b~0/1/x"), "\(error)")
        }
    }
}
