import CFuzzerDriver
import EvidentCrypto
import EvidentLedger

/// The ledger key the signing round trips use (RFC 8032 seed 00…1f, as in BundleVectorTests).
let testKey = try! LedgerKey(seed: Array(0..<32))

/// libFuzzer entry point for the RFC 8785 parser and the JSON readers built on it: parse the
/// input; when it parses, its canonical form must parse back to the same value and serialise to
/// the same bytes. The same bytes go to the receipt, draft, key record and key file readers,
/// whose successes must round-trip through their writers. Thrown errors are the expected outcome
/// for most inputs; only a trap or a failed precondition is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    checkJCS(input)
    checkReceipt(input)
    checkReceiptReaders(input)
    checkDraft(input)
    checkKeyRecord(input)
    checkKeyFile(input)
    checkTime(input)
    return 0
}

/// serialize(parse(serialize(x))) == serialize(x), and the value survives the trip.
func checkJCS(_ input: [UInt8]) {
    guard let value = try? JCS.parse(input) else { return }
    let canonical: [UInt8]
    do { canonical = try JCS.serialize(value) } catch {
        preconditionFailure("a parsed value did not serialise: \(error)")
    }
    let again: JCSValue
    do { again = try JCS.parse(canonical) } catch { preconditionFailure("the canonical form did not parse: \(error)") }
    precondition(again == value, "the canonical form parsed to another value")
    precondition((try? JCS.serialize(again)) == canonical, "serialisation is not stable")
    // Tighter limits only ever refuse more: the same text under them either parses alike or throws.
    if let small = try? JCS.parse(input, limits: JCSLimits(maxDepth: 4, maxStringLength: 16, maxNumberLength: 8)) {
        precondition(small == value, "limits changed the parsed value")
    }
}

/// A receipt read from any spelling has one canonical form, which reads back as the same receipt.
func checkReceipt(_ input: [UInt8]) {
    guard let r = try? Receipt(json: input) else {
        _ = Receipt.verify(json: input, with: testKey.publicKey)
        return
    }
    precondition(r.isCanonical == (r.canonicalBytes == input))
    _ = r.signedBytes
    _ = r.receiptHashHex
    _ = try? r.leafHash()
    _ = r.verify(with: testKey.publicKey)
    guard r.canonicalBytes.count <= ReceiptLimits.maxReceiptSize else { return }
    let again: Receipt
    do { again = try Receipt(json: r.canonicalBytes) } catch {
        preconditionFailure("a receipt's canonical form did not read back: \(error)")
    }
    precondition(again.isCanonical, "the canonical form is not canonical")
    precondition(
        again.draft == r.draft && again.keyID == r.keyID && again.signature == r.signature,
        "the canonical form read back as another receipt")
    precondition(again.canonicalBytes == r.canonicalBytes && again.signedBytes == r.signedBytes)
}

/// The differential mode (issue #19): the byte reader against the tree parser, its oracle.
/// `Receipt(json:)` is the tree's verdict exactly (the same receipt or the same error); what the
/// byte reader accepts the tree reads as the same canonical receipt with the same signed bytes;
/// and a canonical schema 1.0 receipt (no unknown members anywhere) is never left to the tree.
func checkReceiptReaders(_ input: [UInt8]) {
    let tree = Result { try Receipt.readingTree(input) }
    switch (Result { try Receipt(json: input) }, tree) {
    case (.success(let a), .success(let b)): precondition(a == b, "Receipt(json:) and the tree read different receipts")
    case (.failure(let a as ReceiptError), .failure(let b as ReceiptError)):
        precondition(a == b, "errors differ: \(a) / \(b)")
    case (let a, let b): preconditionFailure("Receipt(json:) \(a), the tree \(b)")
    }
    if let bytes = Receipt.readingBytes(input) {
        guard case .success(let t) = tree else {
            preconditionFailure("the byte reader accepted what the tree refuses: \(tree)")
        }
        precondition(t.isCanonical && t == bytes, "the readers decoded different receipts")
        precondition(t.signedBytes == bytes.signedBytes, "the readers' signed bytes differ")
    } else if case .success(let t) = tree, t.isCanonical, t.draft.version == ReceiptSchema.currentVersion {
        preconditionFailure("a canonical 1.0 receipt fell back to the tree")
    }
}

/// A draft's fields are its JSON object: writing them back gives the canonical form of the input,
/// and signing gives a receipt that reads back and verifies.
func checkDraft(_ input: [UInt8]) {
    guard let draft = try? ReceiptDraft(json: input) else { return }
    let written: [UInt8]
    do { written = try draft.canonicalBytes() } catch {
        preconditionFailure("a draft read did not write: \(error)")
    }
    // Schema 1.0 only: a newer minor version's unknown members nested inside known objects survive
    // reading a receipt but not a draft (docs/receipt.md, "Versions").
    if draft.version == ReceiptSchema.currentVersion, let canonical = try? JCS.canonicalize(input) {
        precondition(
            written == canonical,
            "the draft read lost or changed members: \(String(decoding: canonical, as: UTF8.self)) became \(String(decoding: written, as: UTF8.self))"
        )
    }
    let receipt: Receipt
    do { receipt = try draft.sign(with: testKey) } catch { preconditionFailure("a draft read did not sign: \(error)") }
    precondition(receipt.verify(with: testKey.publicKey) == .valid, "a fresh signature did not verify")
    guard receipt.canonicalBytes.count <= ReceiptLimits.maxReceiptSize else { return }
    let read: Receipt
    do { read = try Receipt(json: receipt.canonicalBytes) } catch {
        preconditionFailure("a signed draft did not read back: \(error)")
    }
    precondition(read.isCanonical && read.draft == receipt.draft, "a signed draft read back as another draft")
    precondition(read.verify(with: testKey.publicKey) == .valid, "a signed draft did not verify after reading")
}

/// A key record reads back from its encoding as the same record.
func checkKeyRecord(_ input: [UInt8]) {
    guard let record = try? KeyRecord(json: input) else { return }
    _ = record.isSigned(by: testKey.publicKey)
    let encoded: [UInt8]
    do { encoded = try record.encoded() } catch { preconditionFailure("a key record read did not encode: \(error)") }
    let again: KeyRecord
    do { again = try KeyRecord(json: encoded) } catch {
        preconditionFailure("a key record's encoding did not read back: \(error)")
    }
    precondition(again == record, "a key record's encoding read back as another record")
    _ = try? KeyRing(publicKeys: [testKey.publicKey], records: [record])
}

/// Key files: the public part, and whether the seed is in the clear (nothing is decrypted).
func checkKeyFile(_ input: [UInt8]) {
    _ = try? LedgerKeyFile.decodePublic(input)
    _ = try? LedgerKeyFile.isPlaintext(input)
}

/// One spelling per instant: a strict time prints as the text it was read from.
func checkTime(_ input: [UInt8]) {
    guard input.count <= 64 else { return }
    let text = String(decoding: input, as: UTF8.self)
    if let t = try? ReceiptTime(text) {
        precondition(t.description == text, "time \(text) prints as \(t.description)")
    }
    if let t = try? ReceiptTime(lenient: text) {
        precondition((try? ReceiptTime(t.description)) == t, "a lenient time did not survive its strict spelling")
    }
}

/// The process entry point SwiftPM links `main` to: run libFuzzer on `fuzz`.
@_cdecl("FuzzJCS_main")
func fuzzJCSMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return fuzz(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzz(data, size)
    }
}
