import EvidentCrypto
import EvidentDER

/// Receipt schema v1 (docs/receipt.md): the mapping between ``ReceiptDraft`` and its JSON object,
/// and every schema and limit check. One place reads and writes the fields, so a signer and a
/// verifier cannot disagree about them.
public enum ReceiptSchema {
    /// What this version writes.
    public static let currentVersion = "1.0"
    public static let majorVersion = 1
    /// The members of schema 1.0, in canonical order.
    public static let fields: Set<String> = [
        "v", "stream", "seq", "prev", "issued_at", "decision", "actor", "action", "resource", "scope", "policy",
        "evidence", "approvals", "parents", "expires_at", "anchor", "key_id", "sig",
    ]
    static let optionalFields: Set<String> = ["expires_at", "anchor"]
    static let policyFields: Set<String> = ["id", "version", "hash"]
    static let evidenceFields: Set<String> = ["name", "sha256"]
    static let approvalFields: Set<String> = ["who", "at", "what"]

    static var jcsLimits: JCSLimits {
        JCSLimits(
            maxInputSize: ReceiptLimits.maxReceiptSize, maxDepth: ReceiptLimits.maxDepth,
            maxStringLength: ReceiptLimits.maxValueLength * 2)
    }

    /// For reading back what ``ReceiptWriter`` wrote from a draft: the schema's checks decide
    /// about a draft, not the parser's limits (a draft is the signer's own data, not input).
    static let writtenLimits = JCSLimits(
        maxInputSize: .max, maxDepth: .max, maxStringLength: .max, maxNumberLength: JCSLimits.defaultMaxNumberLength)

    /// The fields of the unsigned object ``ReceiptWriter`` wrote (with `key_id`), checked
    /// against the schema: on the bytes when the byte reader takes them, else on the tree.
    static func readUnsigned(_ bytes: [UInt8]) throws -> ReceiptDraft {
        if let read = ReceiptByteReader.read(bytes, signed: false) { return read.draft }
        guard case .object(let object) = try JCS.parse(bytes, limits: writtenLimits) else {
            preconditionFailure("ReceiptWriter writes an object")
        }
        return try decode(object, signed: false, allowKeyID: true).draft
    }

    /// Parses JSON bytes through the strict RFC 8785 parser (duplicate keys, lone surrogates and
    /// the like are refused) into an object. Nothing is serialised: a draft needs no canonical form.
    static func parseObject(_ bytes: [UInt8]) throws -> JCSObject {
        guard bytes.count <= ReceiptLimits.maxReceiptSize else {
            throw ReceiptError(
                .receiptTooLarge, "\(bytes.count) bytes, larger than the \(ReceiptLimits.maxReceiptSize)-byte limit")
        }
        let value: JCSValue
        do { value = try JCS.parse(bytes, limits: jcsLimits) } catch let e as JCSError {
            throw ReceiptError(.invalidJSON, e.description)
        }
        guard case .object(let object) = value else { throw ReceiptError(.notAnObject, "a receipt is a JSON object") }
        return object
    }

    /// As ``parseObject(_:)``, also returning the canonical form (serialised once), which the
    /// caller compares with the input to tell whether it already was canonical.
    static func parseCanonical(_ bytes: [UInt8]) throws -> (object: JCSObject, canonicalBytes: [UInt8]) {
        let object = try parseObject(bytes)
        return (object, try JCS.serialize(.object(object)))
    }

    /// The minor version of `v` when its major version is 1.
    static func minorVersion(_ object: JCSObject) throws -> Int {
        guard let v = object["v"] else { throw ReceiptError(.missingField, field: "v", "no schema version") }
        guard case .string(let s) = v else {
            throw ReceiptError(.wrongType, field: "v", "must be a string \"1.minor\"")
        }
        return try minorVersion(of: s)
    }

    /// The minor version of a `v` string "1.minor".
    static func minorVersion(of s: String) throws -> Int {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2,
            parts.allSatisfy({ p in !p.isEmpty && p.count <= 4 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) }
            ),
            parts.allSatisfy({ $0 == "0" || $0.first != "0" }), let major = Int(parts[0]), let minor = Int(parts[1])
        else { throw ReceiptError(.unsupportedVersion, field: "v", "'\(s.prefix(16))' is not major.minor") }
        guard major == majorVersion else {
            throw ReceiptError(.unsupportedVersion, field: "v", "major version \(major); this reader knows 1.x")
        }
        return minor
    }

    struct Decoded {
        var draft: ReceiptDraft
        var keyID: String?
        var signature: [UInt8]?
    }

    /// Reads and checks every field. `signed`: `key_id` and `sig` are required; otherwise `sig`
    /// is refused and `key_id` allowed only with `allowKeyID`.
    static func decode(_ object: JCSObject, signed: Bool, allowKeyID: Bool = false) throws -> Decoded {
        let minor = try minorVersion(object)
        let r = FieldReader(object, path: nil, allowUnknown: minor > 0)
        try r.checkMembers(known: fields)
        if !signed, object["sig"] != nil {
            throw ReceiptError(.unknownField, field: "sig", "an unsigned receipt has no sig")
        }
        if !signed && !allowKeyID, object["key_id"] != nil {
            throw ReceiptError(.unknownField, field: "key_id", "a draft has no key_id")
        }

        let sequence = try r.integer("seq", min: 1, max: ReceiptLimits.maxSequence)
        let previous = try r.optionalHash("prev", nullable: true)
        if sequence == 1 && previous != nil {
            throw ReceiptError(.chainMismatch, field: "prev", "seq 1 starts a stream: prev must be null")
        }
        if sequence > 1 && previous == nil {
            throw ReceiptError(.chainMismatch, field: "prev", "seq \(sequence) needs the previous receipt's hash")
        }
        let decisionText = try r.string("decision", max: ReceiptLimits.maxIDLength)
        guard let decision = ReceiptDraft.Decision(rawValue: decisionText) else {
            throw ReceiptError(.invalidValue, field: "decision", "must be \"allow\" or \"deny\"")
        }
        let p = try r.object("policy", known: policyFields)
        let policy = ReceiptDraft.Policy(
            id: try p.string("id", max: ReceiptLimits.maxIDLength),
            version: try p.string("version", max: ReceiptLimits.maxIDLength),
            hash: try p.hash("hash"))

        var draft = ReceiptDraft(
            stream: try r.string("stream", max: ReceiptLimits.maxIDLength), sequence: sequence, previous: previous,
            issuedAt: try r.time("issued_at"), decision: decision,
            actor: try r.string("actor", max: ReceiptLimits.maxValueLength),
            action: try r.string("action", max: ReceiptLimits.maxValueLength),
            resource: try r.string("resource", max: ReceiptLimits.maxValueLength), policy: policy)
        draft.version = "1.\(minor)"

        let scope = try r.object("scope", known: nil)
        guard scope.object.members.count <= ReceiptLimits.maxScopeEntries else {
            throw ReceiptError(
                .tooManyEntries, field: "scope",
                "\(scope.object.members.count) entries; at most \(ReceiptLimits.maxScopeEntries)")
        }
        for m in scope.object.members {
            try FieldReader.checkString(m.key, field: "scope", max: ReceiptLimits.maxIDLength, what: "scope key")
            // JSON names are distinct scalar sequences, Swift's dictionary keys distinct up to
            // canonical equivalence ("é" and "e\u{301}"): a second such key would overwrite the
            // first, so the draft (and the gate) would see another scope than the one signed.
            guard
                draft.scope.updateValue(try scope.string(m.key, max: ReceiptLimits.maxValueLength), forKey: m.key)
                    == nil
            else {
                throw ReceiptError(
                    .duplicateEntry, field: "scope",
                    "two scope keys are canonically equivalent spellings of \(JCSObject.quoted(m.key))")
            }
        }

        draft.evidence = try r.array("evidence", max: ReceiptLimits.maxEvidence, known: evidenceFields).map { e in
            ReceiptDraft.Evidence(
                name: try e.string("name", max: ReceiptLimits.maxIDLength), sha256: try e.hash("sha256"))
        }
        try unique(draft.evidence.map(\.name), "evidence", "evidence name")
        draft.approvals = try r.array("approvals", max: ReceiptLimits.maxApprovals, known: approvalFields).map { a in
            ReceiptDraft.Approval(
                who: try a.string("who", max: ReceiptLimits.maxValueLength), at: try a.time("at"),
                what: try a.string("what", max: ReceiptLimits.maxValueLength))
        }
        draft.parents = try r.hashArray("parents", max: ReceiptLimits.maxParents)
        try unique(draft.parents, "parents", "parent hash")
        draft.expiresAt = try r.optionalTime("expires_at")
        if let e = draft.expiresAt, e <= draft.issuedAt {
            throw ReceiptError(.invalidValue, field: "expires_at", "must be later than issued_at")
        }
        draft.anchor = try r.optionalHash("anchor", nullable: false)
        draft.extensions = object.members.filter { !fields.contains($0.key) }

        var decoded = Decoded(draft: draft)
        if signed || object["key_id"] != nil {
            let keyID = try r.string("key_id", max: ReceiptLimits.maxIDLength)
            guard LedgerKey.isValidKeyID(keyID) else {
                throw ReceiptError(.invalidKeyID, field: "key_id", "must be \"ed25519:\" and 32 lower-case hex digits")
            }
            decoded.keyID = keyID
        }
        if signed {
            let sig = try r.string("sig", max: ReceiptLimits.maxIDLength)
            guard let bytes = Base64.decode(sig), bytes.count == Ed25519.signatureLength else {
                throw ReceiptError(
                    .invalidSignatureEncoding, field: "sig", "must be the base64 of a 64-byte Ed25519 signature")
            }
            decoded.signature = bytes
        }
        return decoded
    }

    static func unique(_ values: [String], _ field: String, _ what: String) throws {
        var seen: Set<String> = []
        for (i, v) in values.enumerated() where !seen.insert(v).inserted {
            throw ReceiptError(.duplicateEntry, field: "\(field)[\(i)]", "\(what) listed twice")
        }
    }
}
