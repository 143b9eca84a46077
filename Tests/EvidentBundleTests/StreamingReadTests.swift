import EvidentTestSupport
import Foundation
import Testing

@testable import EvidentBundle

/// The streaming read path: archive entries read on demand, JSON lines across chunk boundaries,
/// and a report whose size does not grow with the bundle.
@Suite struct StreamingReadTests {
    func archive(_ entries: [(name: String, bytes: [UInt8])]) throws -> TarArchive {
        try TarArchive(path: BundleTests.shared.write(entries), limits: .default)
    }

    func lines(_ bytes: [UInt8], chunk: Int, maxLineLength: Int = 1 << 20) throws -> [String] {
        var r = JSONLinesReader(
            try archive([("a.jsonl", bytes)]), "a.jsonl", maxLineLength: maxLineLength, chunk: chunk)
        var out: [String] = []
        while let line = try r.next() { out.append(String(decoding: line, as: UTF8.self)) }
        return out
    }

    @Test func linesAcrossChunkBoundaries() throws {
        let text = Array("{\"a\":1}\n{\"bb\":22}\nx\n{\"ccc\":333}\n".utf8)
        for chunk in [1, 2, 3, 7, 8, 9, 64, 1 << 20] {
            #expect(
                try lines(text, chunk: chunk) == ["{\"a\":1}", "{\"bb\":22}", "x", "{\"ccc\":333}"], "chunk \(chunk)")
        }
        #expect(try lines([], chunk: 4).isEmpty)
        // An absent entry reads as no lines.
        var absent = JSONLinesReader(try archive([("a.jsonl", [])]), "missing.jsonl", maxLineLength: 10)
        #expect(try absent.next() == nil)
    }

    @Test func malformedLinesAreRefused() throws {
        for chunk in [1, 3, 1 << 20] {
            #expect(throws: JSONLinesReader.Problem.self) { try lines(Array("a\n\nb\n".utf8), chunk: chunk) }
            #expect(throws: JSONLinesReader.Problem.self) { try lines(Array("a\nb".utf8), chunk: chunk) }
            #expect(throws: JSONLinesReader.Problem.self) {
                try lines(Array("a\n0123456789abc\n".utf8), chunk: chunk, maxLineLength: 10)
            }
            #expect(try lines(Array("a\n0123456789\n".utf8), chunk: chunk, maxLineLength: 10) == ["a", "0123456789"])
        }
        // A line longer than the limit and never terminated is refused without reading it all.
        #expect(throws: JSONLinesReader.Problem.self) {
            try lines([UInt8](repeating: 0x41, count: 100_000), chunk: 16, maxLineLength: 64)
        }
    }

    @Test func entriesAreReadOnDemand() throws {
        let big = [UInt8]((0..<5000).map { UInt8($0 % 251) })
        let a = try archive([("small", Array("hi".utf8)), ("big", big), ("empty", [])])
        #expect(a.entries.map(\.name) == ["small", "big", "empty"])
        #expect(
            try a.bytes("big") == big && a.bytes("small") == Array("hi".utf8) && a.bytes("empty") == []
                && a.bytes("none") == nil)
        var joined: [UInt8] = []
        try a.forEachChunk("big", chunk: 777) { joined += Array($0) }
        #expect(joined == big)
    }

    @Test func reportListsAtMostTheWindowLimit() throws {
        let f = BundleTests.shared
        var v = f.verifier()
        v.windowLimit = 3
        let r = v.verify(path: f.bundle)
        #expect(r.verdict == .valid, "\(r.findings)")
        #expect(
            r.summary.receipts == 10 && r.summary.windows.count == 3 && r.summary.windowsOmitted == 7
                && r.summary.unanchored == 0)
        #expect(r.text(all: false, list: true).contains("… and 7 more receipts"))
        #expect(String(decoding: try r.json(), as: UTF8.self).contains("\"receipts_windows_omitted\":7"))
    }
}

extension StreamingReadTests {
    /// Receipts are checked on every core a batch at a time; the findings are the same whatever
    /// the batch size (1, 3: boundaries inside the 10 receipts; default: one batch).
    @Test func findingsDoNotDependOnBatchBoundaries() throws {
        let f = BundleTests.shared
        let modified = try f.tampered {
            try BundleTests.Fixture.editLine(&$0, BundleFormat.receipts, 7) {
                [try BundleTests.Fixture.replace($0, "resource", .string("api-x"))]
            }
        }
        let deleted = try f.tampered {
            BundleTests.Fixture.editLine(&$0, BundleFormat.receipts, 4) { _ in [] }
            BundleTests.Fixture.editLine(&$0, BundleFormat.proofs, 4) { _ in [] }
        }
        let swapped = try f.tampered {
            for name in [BundleFormat.receipts, BundleFormat.proofs] {
                let i = $0.firstIndex { $0.name == name }!
                var lines = $0[i].bytes.dropLast().split(separator: 0x0A).map { Array($0) }
                lines.swapAt(5, 6)
                $0[i].bytes = lines.flatMap { $0 + [0x0A] }
            }
        }
        for size in [1, 3, ReceiptLineCheck.batchSize] {
            var v = f.verifier()
            v.batchSize = size
            v.all = true
            let clean = v.verify(path: f.bundle)
            #expect(
                clean.verdict == .valid && clean.summary.receipts == 10
                    && clean.summary.windows.map(\.leafIndex) == (UInt64(0)..<10).map { Optional($0) }, "batch \(size)")
            let m = v.verify(path: modified)
            #expect(
                m.firstProblem?.check == "receipt-signature"
                    && m.firstProblem?.object.contains("receipt line 8") == true, "batch \(size): \(m.findings)")
            #expect(v.verify(path: deleted).firstProblem?.check == "completeness", "batch \(size)")
            let s = v.verify(path: swapped)
            #expect(
                s.firstProblem?.check == "order" && s.firstProblem?.object == "receipt line 7",
                "batch \(size): \(s.findings)")
        }
    }
}
