import EvidentCore
import EvidentCrypto
import EvidentLedger

/// The plain-text VERIFY file: how to verify the bundle fully (the browser verifier, or `evident
/// verify`), and the checks stock OpenSSL can redo with the same commands on Linux, macOS and
/// Windows: each checkpoint note's Ed25519 signature (`openssl pkeyutl -verify -rawin`) and each
/// anchor's RFC 3161 token (`openssl ts -verify`). Only `tar` and `openssl` are used: the signed
/// text and the signature are cut out of the note with `openssl asn1parse -offset/-length -out`,
/// which copies raw bytes (the bundle format lists its files exactly, so none are added for this).
enum BundleVerifyText {
    /// The prefix of an Ed25519 public key's SubjectPublicKeyInfo in base64 (12 bytes of DER):
    /// followed by the key's 32 bytes in base64, it is the key's PEM body.
    static let ed25519SPKIPrefix = "MCowBQYDK2VwAyEA"

    /// The header: Sources/verifier-web/verify-header.txt (``VerifyTextAssets``, the template the
    /// browser verifier fills too), the origin filled in last (an origin holding a placeholder's
    /// text stays as it is).
    private static func header(origin: String, version: Int) -> String {
        VerifyTextAssets.header
            .replacing("{{FORMAT}}", with: BundleFormat.formatName)
            .replacing("{{VERSION}}", with: String(version))
            .replacing("{{SPKI}}", with: ed25519SPKIPrefix)
            .replacing("{{ORIGIN}}", with: DisplayText.safe(origin))
    }

    /// The commands that check one checkpoint note's signatures: the signed text is the note up
    /// to and including the line end before its blank line; each signature line is
    /// "— NAME BASE64", BASE64 decoding to a 4-byte key hash and the 64-byte Ed25519 signature.
    /// A signature line's key name is written only when it is the log's origin (the ledger's key
    /// name): any holder of the bundle can add a line under an unknown key to a note no anchor
    /// covers, and its name would otherwise reach this text (red team round 28, F1).
    private static func checkpoint(name: String, size: UInt64, note: [UInt8], origin: String) -> String {
        guard let blank = note.indices.dropLast().first(where: { note[$0] == 0x0A && note[$0 + 1] == 0x0A }) else {
            return "# \(name): not a signed note (no blank line): not checkable with OpenSSL\n\n"
        }
        let textLength = blank + 1
        var out = """
            # Checkpoint \(name): the ledger's signed statement of its log of \(size) receipts.
            # Its signed text is its first \(textLength) bytes (up to its blank line):
            openssl asn1parse -inform DER -in \(name) -length \(textLength) -noout -out checkpoint-\(size).txt

            """
        let dash = Array("\u{2014} ".utf8)
        var start = blank + 2
        var k = 0
        while start < note.count {
            let end = note[start...].firstIndex(of: 0x0A) ?? note.count
            let line = Array(note[start..<end])
            defer { start = end + 1 }
            guard line.starts(with: dash), let space = line[dash.count...].firstIndex(of: 0x20) else { continue }
            let offset = start + space + 1, length = end - offset
            k += 1
            let keyName = line[dash.count..<space]
            let signer =
                keyName.elementsEqual(origin.utf8)
                ? "by a key of \(DisplayText.safe(origin))"
                : "by a key not named for this log: \(keyName.count) bytes of name not shown"
            let base = "checkpoint-\(size)-sig\(k)"
            out += """
                # Signature \(k) (\(signer)): \(length) base64 characters at byte \(offset) of the note,
                # decoding to a 4-byte key hash followed by the 64-byte Ed25519 signature:
                openssl asn1parse -inform DER -in \(name) -offset \(offset) -length \(length) -noout -out \(base).b64
                openssl base64 -d -A -in \(base).b64 -out \(base).bin
                openssl asn1parse -inform DER -in \(base).bin -offset 4 -length 64 -noout -out \(base).sig
                openssl pkeyutl -verify -pubin -inkey LEDGER-KEY.pem -rawin -in checkpoint-\(size).txt -sigfile \(base).sig

                """
        }
        return out + "\n"
    }

    private static func anchor(
        checkpoint: String, imprint: [UInt8], genTimeMillis: Int64, base: String
    )
        -> String
    {
        let genTime = (try? ReceiptTime(millisecondsSinceEpoch: genTimeMillis).description) ?? "\(genTimeMillis) ms"
        return """
            # Anchor \(base).tsr: a time-stamp of \(checkpoint) at \(genTime) (genTime), by a TSA whose root must be in TSA-ROOTS.pem.
            # The TSA certificate is validated at genTime (-attime); the digest is SHA-256 of the note:
            openssl dgst -sha256 \(checkpoint)    # \(Hex.encode(imprint))
            openssl ts -verify -data \(checkpoint) -in \(base).tsr -CAfile TSA-ROOTS.pem -untrusted \(base).chain.pem -attime \(genTimeMillis / 1000)
            openssl ts -verify -queryfile \(base).tsq -in \(base).tsr -CAfile TSA-ROOTS.pem -untrusted \(base).chain.pem -attime \(genTimeMillis / 1000)


            """
    }

    private static let noAnchors = "# This bundle holds no anchors: the receipts' times are not proven by any TSA.\n"

    /// One anchor's part of the text: its checkpoint's size, SHA-256 of that checkpoint's note,
    /// the token's genTime and the anchor's file names without extension (`anchors/<size>-<n>`).
    /// Not the manifest's unsigned TSA label: whatever of it was written, host included, could
    /// carry a sentence into this text (red team rounds 26–28).
    struct AnchorPart {
        let treeSize: UInt64
        let imprint: [UInt8]
        let genTimeMillis: Int64
        let base: String
    }

    /// The whole text, from what the bundle holds: the header, then each checkpoint note's
    /// commands (in manifest order), then each anchor's (in manifest order). The exporter writes
    /// it, and the verifiers derive it again from the bundle to compare (``Instructions``): it
    /// is unsigned, so the only thing that makes it trustworthy is being what the evidence gives.
    static func document(
        origin: String, version: Int, checkpoints: [(size: UInt64, note: [UInt8])], anchors: [AnchorPart]
    ) -> String {
        var text = header(origin: origin, version: version)
        for c in checkpoints {
            text += checkpoint(name: BundleFormat.checkpointNote(c.size), size: c.size, note: c.note, origin: origin)
        }
        for a in anchors {
            text += anchor(
                checkpoint: BundleFormat.checkpointNote(a.treeSize), imprint: a.imprint,
                genTimeMillis: a.genTimeMillis, base: a.base)
        }
        if anchors.isEmpty { text += noAnchors }
        return text
    }
}

/// How a bundle's VERIFY file compares with the text derived from the bundle itself
/// (``BundleVerifyText/document(origin:version:checkpoints:anchors:)``, docs/verification.md
/// "Instructions"). Never evidence, never a finding: the verdict is the same either way, but a
/// reader must not follow instructions that are not the ones the evidence gives.
public enum Instructions: Sendable, Equatable {
    /// Byte for byte the derived text.
    case derived
    /// Another text; the first line (from 1) where it differs.
    case differs(line: Int)
    /// The bundle has no VERIFY file.
    case absent
    /// Not compared: the verification stopped before it, or a token's genTime could not be read.
    case unchecked

    /// The JSON report's `status`.
    public var status: String {
        switch self {
        case .derived: return "derived"
        case .differs: return "differs"
        case .absent: return "absent"
        case .unchecked: return "unchecked"
        }
    }

    /// The first differing line, when it differs.
    public var line: Int? {
        if case .differs(let line) = self { return line }
        return nil
    }

    /// One line for the text and HTML reports.
    public var statement: String {
        switch self {
        case .derived:
            return "the text this verifier derives from the bundle's checkpoints and anchors (unsigned; not evidence)"
        case .differs(let line):
            return
                "WARNING: not the text derived from this bundle's checkpoints and anchors (first difference at line \(line)): edited, or written by another version of the exporter. It is unsigned and not evidence: do not follow it; follow docs/verification.md"
        case .absent: return "none in the bundle"
        case .unchecked: return "not compared (the checks stopped before it, or a token could not be read)"
        }
    }

    /// Compares the VERIFY file's bytes with the derived text.
    static func compare(_ file: [UInt8], with derived: String) -> Instructions {
        let expected = Array(derived.utf8)
        if file == expected { return .derived }
        let a = file.split(separator: 0x0A, omittingEmptySubsequences: false)
        let b = expected.split(separator: 0x0A, omittingEmptySubsequences: false)
        let same = zip(a, b).prefix { $0.0.elementsEqual($0.1) }.count
        return .differs(line: same + 1)
    }
}
