import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// RFC 8785 §3.2.2.3 number serialisation (ECMAScript Number.prototype.toString).
@Suite struct JCSNumberTests {
    /// The layout rules that differ from Swift's `description`.
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.0, "-1"), (100.0, "100"), (1.5, "1.5"),
        (123456789012345680000.0, "123456789012345680000"),  // < 1e21: integer form
        (1e21, "1e+21"), (1.5e21, "1.5e+21"), (1e300, "1e+300"),
        (0.000001, "0.000001"), (0.0000015, "0.0000015"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
        (0.1, "0.1"), (0.3, "0.3"), (0.30000000000000004, "0.30000000000000004"),
        (2.0e-3, "0.002"), (4.5, "4.5"), (1e30, "1e+30"), (1e-27, "1e-27"),
        (Double.leastNonzeroMagnitude, "5e-324"), (Double.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        (9007199254740993.0, "9007199254740992"), (-1.25e-10, "-1.25e-10"),
    ])
    func layout(value: Double, expected: String) {
        #expect(JCS.numberString(value) == expected)
    }

    /// cyberphone/json-canonicalization generates its 100-million-line ES6 number file
    /// deterministically and publishes the SHA-256 of its first N lines (testdata/jcs/cyberphone/
    /// README.md). We generate the same inputs, format them, and compare the hashes: 1,000,000
    /// doubles — edge cases, 2,000 consecutive subnormal-boundary values, then SHA-256-driven
    /// random bit patterns.
    @Test func es6NumberFileHashes() throws {
        let readme = String(decoding: try testdata("jcs/cyberphone/README.md"), as: UTF8.self)
        var sequence = try ES6NumberSequence(readme: readme)
        let expected: [(lines: Int, sha256: String)] = [
            (1000, "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687"),
            (10000, "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892"),
            (100_000, "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7"),
            (1_000_000, "49415fee2c56c77864931bd3624faad425c3c577d6d74e89a83bc725506dad16"),
        ]
        var file: [UInt8] = []
        file.reserveCapacity(41_000_000)
        var lines = 0
        for (count, sha256) in expected {
            while lines < count {
                let bits = try sequence.next()
                file += Array(String(bits, radix: 16).utf8)
                file.append(UInt8(ascii: ","))
                file += Array(JCS.numberString(Double(bitPattern: bits))!.utf8)
                file.append(UInt8(ascii: "\n"))
                lines += 1
            }
            #expect(Hex.encode(try Digest.hash(.sha256, file)) == sha256, "first \(count) lines")
        }
        print("ES6 number file: first \(lines) lines match the published SHA-256")
    }

    /// Every finite double formats to a string that parses back to the same double.
    @Test func randomBitPatternsRoundTrip() throws {
        var rng = SplitMix64(seed: 0x8785)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            let text = JCS.numberString(value)!
            guard case .number(let back) = try JCS.parse(utf8(text)) else {
                Issue.record("\(text) did not parse")
                continue
            }
            #expect(back == value, "\(value.bitPattern) → \(text)")
        }
    }
}

/// The input sequence of cyberphone's es6testfile100m.txt (its README gives the generator).
struct ES6NumberSequence {
    private let statics: [UInt64]
    private var index = 0
    private var block = [UInt8](repeating: 0, count: 32)
    private var pending: [UInt64] = []

    /// Reads the static edge-case values from the README's `staticU64s` array.
    init(readme: String) throws {
        guard let start = readme.range(of: "staticU64s = new BigUint64Array(["),
            let end = readme.range(of: "])", range: start.upperBound..<readme.endIndex)
        else { throw CocoaError(.fileReadCorruptFile) }
        statics = readme[start.upperBound..<end.lowerBound]
            .split(whereSeparator: { ",\n\t ".contains($0) })
            .map { UInt64($0.dropFirst(2).dropLast(), radix: 16)! }  // 0x…n
    }

    mutating func next() throws -> UInt64 {
        defer { index += 1 }
        if index < statics.count { return statics[index] }
        if index < statics.count + 2000 { return 0x0010_0000_0000_0000 + UInt64(index - statics.count) }
        while true {
            if pending.isEmpty {
                block = try Digest.hash(.sha256, block)
                // Float64Array over the digest: four little-endian doubles.
                pending = (0..<4).map { i in block[(i * 8)..<(i * 8 + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) }
                }
            }
            let bits = pending.removeFirst()
            let f = Double(bitPattern: bits)
            if f != 0 && f.isFinite { return bits }
        }
    }
}
