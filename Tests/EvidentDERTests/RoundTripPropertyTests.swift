import Testing

@testable import EvidentDER

/// Property: for random trees, DERWriter output parses strictly, reads back to the same
/// values, keeps its exact bytes in `encoded`, and writing the values read gives the same bytes.
@Suite struct RoundTripPropertyTests {
    static let baseSeed: UInt64 = 0x45_56_49_44_45_4E_54  // "EVIDENT"
    static let cases = 3_000

    @Test func randomTreesRoundTrip() throws {
        var failures: [String] = []
        var totalBytes = 0
        var largest = 0
        for i in 0..<Self.cases {
            let seed = Self.baseSeed &+ UInt64(i)
            do {
                let size = try Self.check(seed: seed)
                totalBytes += size
                largest = max(largest, size)
            } catch {
                failures.append("seed 0x\(String(seed, radix: 16)): \(error)")
            }
        }
        print("round-trip property: \(Self.cases) random trees, \(totalBytes) bytes, largest \(largest)")
        #expect(
            failures.isEmpty,
            "\(failures.count) of \(Self.cases) cases failed; replay with check(seed:):\n\(failures.prefix(10).joined(separator: "\n"))"
        )
        #expect(totalBytes > 300_000, "the generator should produce substantial trees")
    }

    /// One case: returns the size of the encoding, throws a description of the first mismatch.
    static func check(seed: UInt64) throws -> Int {
        var gen = RandomDERModel(seed: seed)
        let model = try gen.root()
        let written = try model.encoded()

        let root = try DERParser.parse(written)
        guard Array(root.encoded) == written else {
            throw DERModel.Mismatch(description: "root.encoded differs from the written bytes")
        }
        guard root.offset == 0, root.contentOffset + root.content.count == written.count else {
            throw DERModel.Mismatch(description: "root offsets do not span the input")
        }
        try checkOffsets(root, in: written)

        let read = try model.read(root)
        guard read == (try model.normalized()) else {
            throw DERModel.Mismatch(description: "values read back differ:\n  \(read)\n  \(model)")
        }
        let rewritten = try read.encoded()
        guard rewritten == written else {
            throw DERModel.Mismatch(description: "re-serialising the parsed values changed the bytes")
        }

        // The same bytes are DER, so lenient mode sees them identically and without warnings.
        let (lenient, warnings) = try DERParser.parseWithWarnings(written[...], rules: .lenientBER)
        guard warnings.isEmpty, lenient.encoded == root.encoded else {
            throw DERModel.Mismatch(description: "lenient parse differs: \(warnings)")
        }
        return written.count
    }

    /// Every element's `offset` and slices agree with its position in the input.
    static func checkOffsets(_ e: DERElement, in input: [UInt8]) throws {
        guard Array(input[e.offset..<(e.offset + e.encoded.count)]) == Array(e.encoded),
            Array(input[e.contentOffset..<(e.contentOffset + e.content.count)]) == Array(e.content)
        else { throw DERModel.Mismatch(description: "element at \(e.offset) has inconsistent offsets") }
        for c in e.children { try checkOffsets(c, in: input) }
    }

    @Test func generatorIsDeterministic() throws {
        var a = RandomDERModel(seed: 42)
        var b = RandomDERModel(seed: 42)
        #expect(try a.root().encoded() == b.root().encoded())
    }
}
