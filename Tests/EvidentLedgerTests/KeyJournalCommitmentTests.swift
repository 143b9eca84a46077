import EvidentCrypto
import EvidentLedger
import Testing

/// The checkpoint extension line committing to the key journal (docs/checkpoint.md, docs/keys.md).
@Suite struct KeyJournalCommitmentTests {
    @Test func emptyJournalVectorFromTheDocs() throws {
        let line = try KeyJournalCommitment(records: []).extensionLine
        #expect(line == "evident-key-journal 0 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    @Test func hashIsOverEachRecordAndANewline() throws {
        let records = [Array("{\"a\":1}".utf8), Array("{\"b\":2}".utf8)]
        let c = try KeyJournalCommitment(records: records)
        let expected = try Digest.hash(.sha256, Array("{\"a\":1}\n{\"b\":2}\n".utf8))
        #expect(c.count == 2 && c.hash == expected)
        let found = try KeyJournalCommitment.find(in: ["other", c.extensionLine])
        #expect(found == c)
        let none = try KeyJournalCommitment.find(in: ["other"])
        #expect(none == nil)
    }

    @Test func malformedLinesAreRefused() throws {
        let good = try KeyJournalCommitment(records: []).extensionLine
        for bad in [
            "evident-key-journal 01 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "evident-key-journal -1 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
            "evident-key-journal 0 47DEQpj8HBSa", "evident-key-journal 0",
            "evident-key-journal 0  47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        ] {
            #expect(throws: NoteError.self, "\(bad)") { try KeyJournalCommitment.find(in: [bad]) }
        }
        #expect(throws: NoteError.self) { try KeyJournalCommitment.find(in: [good, good]) }
    }
}
