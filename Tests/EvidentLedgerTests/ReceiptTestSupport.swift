import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Testing

/// The fixed keys and drafts of the receipt tests and vectors (testdata/receipts/vectors.json).
enum ReceiptFixtures {
    /// RFC 8032-style seed 00 01 02 … 1f: the vectors' signing key.
    static let seed: [UInt8] = Array(0..<32)
    static let key: LedgerKey = try! LedgerKey(seed: seed)
    /// A second key (seed 20 21 … 3f) for swapped-key and rotation tests.
    static let otherKey: LedgerKey = try! LedgerKey(seed: Array(32..<64))
    static let fieldKeyBytes: [UInt8] = Array(repeating: 0xA5, count: 32)

    static func draft(_ name: String) throws -> ReceiptDraft {
        try ReceiptDraft(json: testdata("receipts/\(name).draft.json"))
    }

    /// A signed copy of the basic vector's draft.
    static func basic() throws -> Receipt { try draft("basic").sign(with: key) }

    /// The basic receipt's JSON object as a dictionary, changed by `change`, serialised.
    static func mutated(_ change: (inout [String: JCSValue]) -> Void) throws -> [UInt8] {
        var members: [String: JCSValue] = [:]
        for m in try basic().object.members { members[m.key] = m.value }
        change(&members)
        return try JCS.serialize(.object(JCSObject(members.map { JCSObject.Member($0.key, $0.value) })))
    }
}

/// Reads `json` as a receipt and expects `code`.
func expectReceiptRejected(
    _ json: [UInt8], _ code: ReceiptError.Code, field: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let r = try Receipt(json: json)
        Issue.record("expected \(code), read \(r.receiptHashHex)", sourceLocation: sourceLocation)
    } catch let e as ReceiptError {
        #expect(e.code == code, "\(e)", sourceLocation: sourceLocation)
        if let field { #expect(e.field == field, "\(e)", sourceLocation: sourceLocation) }
    } catch {
        Issue.record("expected ReceiptError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
