import EvidentCrypto
import EvidentDER

/// The receipt reader on bytes (issue #19): in one pass over the input, without a JSON tree, it
/// accepts exactly the RFC 8785 canonical form of a schema v1 receipt that passes every schema
/// check and ``ReceiptLimits`` — members in UTF-16 order of their names, no whitespace, the
/// canonical string escapes, `seq` in ECMAScript number form, well-formed UTF-8, no duplicate
/// names — and yields its fields, `key_id`, the signature and where the `sig` member lies (the
/// signed bytes are the input without it).
///
/// It never reports an error: anything it does not accept (not canonical, not valid, an unknown
/// member of a newer minor version, a control character in a string, …) is `nil`, and the caller
/// falls back to the strict tree parser (``JCS``) and ``ReceiptSchema/decode(_:signed:allowKeyID:)``,
/// which give the verdict and the error. So the reader is an accelerator, not a second judge:
/// what it accepts, the tree path accepts with the same fields and calls canonical (the
/// differential tests and `FuzzReceipt` check this), and everything else is decided as before.
struct ReceiptByteReader {
    /// What a receipt read from its canonical bytes holds.
    struct Read {
        var draft: ReceiptDraft
        var keyID: String
        /// The signature, when the input was a signed receipt.
        var signature: [UInt8]?
        /// The bytes of `,"sig":"…"` in the input (the signed bytes are the input without them);
        /// for an unsigned input, the offset where that member goes (an empty range).
        var sigRange: Range<Int>
    }

    /// The top-level members of schema 1.0 in RFC 8785 order (UTF-16 order of the names).
    enum Field: Int, CaseIterable {
        case action, actor, anchor, approvals, decision, evidence, expiresAt, issuedAt, keyID, parents, policy, prev
        case resource, scope, seq, sig, stream, v

        var name: String {
            switch self {
            case .expiresAt: return "expires_at"
            case .issuedAt: return "issued_at"
            case .keyID: return "key_id"
            default: return "\(self)"
            }
        }

        /// `allCases` once (the synthesised property builds a new array on each use).
        static let ordered: [Field] = allCases
        static let names: [[UInt8]] = allCases.map { Array($0.name.utf8) }
    }

    /// Reads `bytes` as a signed receipt (`key_id` and `sig` required) or, with `signed` false,
    /// as the unsigned object a signer signs (`key_id` required, no `sig`).
    static func read(_ bytes: [UInt8], signed: Bool) -> Read? {
        guard bytes.count <= ReceiptLimits.maxReceiptSize else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = ReceiptByteReader(buffer)
            return reader.receipt(signed: signed)
        }
    }

    private let input: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    // MARK: - The receipt object

    // The members as read; a member absent stays nil.
    private struct Members {
        var action, actor, decision, stream, resource, keyID, sig, version: String?
        var anchor: String?
        var prevIsNull = false
        var prev: String?
        var expiresAt, issuedAt: ReceiptTime?
        var approvals: [ReceiptDraft.Approval]?
        var evidence: [ReceiptDraft.Evidence]?
        var parents: [String]?
        var policy: ReceiptDraft.Policy?
        var scope: [String: String]?
        var seq: Int64?

        func isSet(_ field: Field) -> Bool {
            switch field {
            case .action: return action != nil
            case .actor: return actor != nil
            case .anchor: return anchor != nil
            case .approvals: return approvals != nil
            case .decision: return decision != nil
            case .evidence: return evidence != nil
            case .expiresAt: return expiresAt != nil
            case .issuedAt: return issuedAt != nil
            case .keyID: return keyID != nil
            case .parents: return parents != nil
            case .policy: return policy != nil
            case .prev: return prevIsNull || prev != nil
            case .resource: return resource != nil
            case .scope: return scope != nil
            case .seq: return seq != nil
            case .sig: return sig != nil
            case .stream: return stream != nil
            case .v: return version != nil
            }
        }
    }

    private mutating func receipt(signed: Bool) -> Read? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var m = Members()
        var last = -1
        var sigRange: Range<Int>?
        var sigSlot: Int?
        while true {
            let memberStart = position - 1  // the '{' or ',' before the name
            guard let field = fieldName(after: last), take(UInt8(ascii: ":")) else { return nil }
            if field.rawValue > Field.sig.rawValue && sigSlot == nil { sigSlot = memberStart }
            last = field.rawValue
            switch field {
            case .action: m.action = string(max: ReceiptLimits.maxValueLength)
            case .actor: m.actor = string(max: ReceiptLimits.maxValueLength)
            case .anchor: m.anchor = hash()
            case .approvals: m.approvals = approvals()
            case .decision: m.decision = string(max: ReceiptLimits.maxIDLength)
            case .evidence: m.evidence = evidence()
            case .expiresAt: m.expiresAt = time()
            case .issuedAt: m.issuedAt = time()
            case .keyID: m.keyID = string(max: ReceiptLimits.maxIDLength)
            case .parents: m.parents = parents()
            case .policy: m.policy = policy()
            case .prev:
                if literalNull() { m.prevIsNull = true } else { m.prev = hash() }
            case .resource: m.resource = string(max: ReceiptLimits.maxValueLength)
            case .scope: m.scope = scope()
            case .seq: m.seq = sequence()
            case .sig:
                guard signed else { return nil }
                m.sig = string(max: ReceiptLimits.maxIDLength)
            case .stream: m.stream = string(max: ReceiptLimits.maxIDLength)
            case .v: m.version = string(max: Int.max)
            }
            guard m.isSet(field) else { return nil }
            if field == .sig {
                // Never the first member (`action` is required before it): a ',' precedes it.
                sigRange = memberStart..<position
                sigSlot = memberStart
            }
            guard position < input.count else { return nil }
            let next = input[position]
            position += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else { return nil }
        }
        guard position == input.count else { return nil }
        let slot = sigSlot ?? (input.count - 1)
        return build(m, signed: signed, sigRange: sigRange ?? slot..<slot)
    }

    /// The schema's rules across members (the per-value rules were applied while reading).
    private func build(_ m: Members, signed: Bool, sigRange: Range<Int>) -> Read? {
        guard let action = m.action, let actor = m.actor, let decisionText = m.decision,
            let decision = ReceiptDraft.Decision(rawValue: decisionText), let stream = m.stream,
            let resource = m.resource, let keyID = m.keyID, LedgerKey.isValidKeyID(keyID), let version = m.version,
            let minor = version == ReceiptSchema.currentVersion ? 0 : try? ReceiptSchema.minorVersion(of: version),
            let issuedAt = m.issuedAt,
            let policy = m.policy, let scope = m.scope, let evidence = m.evidence, let approvals = m.approvals,
            let parents = m.parents, let sequence = m.seq, m.prevIsNull || m.prev != nil
        else { return nil }
        // seq 1 starts a stream (prev null); later receipts name the previous one.
        guard (sequence == 1) == m.prevIsNull else { return nil }
        if let e = m.expiresAt, e <= issuedAt { return nil }
        guard unique(evidence.map(\.name)), unique(parents) else { return nil }
        var signature: [UInt8]?
        if signed {
            guard let sig = m.sig, let bytes = Base64.decode(sig), bytes.count == Ed25519.signatureLength else {
                return nil
            }
            signature = bytes
        }
        var draft = ReceiptDraft(
            stream: stream, sequence: sequence, previous: m.prev, issuedAt: issuedAt, decision: decision,
            actor: actor, action: action, resource: resource, policy: policy)
        draft.version = "1.\(minor)"
        draft.scope = scope
        draft.evidence = evidence
        draft.approvals = approvals
        draft.parents = parents
        draft.expiresAt = m.expiresAt
        draft.anchor = m.anchor
        return Read(draft: draft, keyID: keyID, signature: signature, sigRange: sigRange)
    }

    private func unique(_ values: [String]) -> Bool {
        values.count < 2 || Set(values).count == values.count
    }

    // MARK: - Nested values

    private mutating func policy() -> ReceiptDraft.Policy? {
        guard take(UInt8(ascii: "{")), name("hash"), let hash = hash(), take(UInt8(ascii: ",")), name("id"),
            let id = string(max: ReceiptLimits.maxIDLength), take(UInt8(ascii: ",")), name("version"),
            let version = string(max: ReceiptLimits.maxIDLength), take(UInt8(ascii: "}"))
        else { return nil }
        return ReceiptDraft.Policy(id: id, version: version, hash: hash)
    }

    private mutating func scope() -> [String: String]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var scope: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return scope }
        var previous: String?
        repeat {
            guard scope.count < ReceiptLimits.maxScopeEntries, let key = string(max: ReceiptLimits.maxIDLength),
                take(UInt8(ascii: ":")), let value = string(max: ReceiptLimits.maxValueLength)
            else { return nil }
            // Strictly ascending UTF-16 names: canonical order, and no two the same.
            if let previous, !previous.utf16.lexicographicallyPrecedes(key.utf16) { return nil }
            // Distinct names that are canonically equivalent would be one dictionary key.
            guard scope.updateValue(value, forKey: key) == nil else { return nil }
            previous = key
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")) else { return nil }
        return scope
    }

    private mutating func evidence() -> [ReceiptDraft.Evidence]? {
        array(max: ReceiptLimits.maxEvidence) { r in
            guard r.take(UInt8(ascii: "{")), r.name("name"), let name = r.string(max: ReceiptLimits.maxIDLength),
                r.take(UInt8(ascii: ",")), r.name("sha256"), let sha256 = r.hash(), r.take(UInt8(ascii: "}"))
            else { return nil }
            return ReceiptDraft.Evidence(name: name, sha256: sha256)
        }
    }

    private mutating func approvals() -> [ReceiptDraft.Approval]? {
        array(max: ReceiptLimits.maxApprovals) { r in
            guard r.take(UInt8(ascii: "{")), r.name("at"), let at = r.time(), r.take(UInt8(ascii: ",")),
                r.name("what"), let what = r.string(max: ReceiptLimits.maxValueLength), r.take(UInt8(ascii: ",")),
                r.name("who"), let who = r.string(max: ReceiptLimits.maxValueLength), r.take(UInt8(ascii: "}"))
            else { return nil }
            return ReceiptDraft.Approval(who: who, at: at, what: what)
        }
    }

    private mutating func parents() -> [String]? {
        array(max: ReceiptLimits.maxParents) { r in r.hash() }
    }

    /// `[` elements separated by `,` `]`, at most `max` of them.
    private mutating func array<T>(max: Int, _ element: (inout ReceiptByteReader) -> T?) -> [T]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if take(UInt8(ascii: "]")) { return items }
        repeat {
            guard items.count < max, let item = element(&self) else { return nil }
            items.append(item)
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return items
    }

    // MARK: - Scalars

    /// `seq`: an integer from 1 to 2^53 − 1 in ECMAScript form (decimal digits, no leading zero).
    private mutating func sequence() -> Int64? {
        guard position < input.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(input[position]) else {
            return nil
        }
        var value: Int64 = 0
        var digits = 0
        while position < input.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[position]) {
            digits += 1
            guard digits <= 16 else { return nil }
            value = value * 10 + Int64(input[position] - UInt8(ascii: "0"))
            position += 1
        }
        return value <= ReceiptLimits.maxSequence ? value : nil
    }

    private mutating func literalNull() -> Bool {
        guard input.count - position >= 4, input[position] == UInt8(ascii: "n"),
            input[position + 1] == UInt8(ascii: "u"),
            input[position + 2] == UInt8(ascii: "l"), input[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    /// A SHA-256 as 64 lower-case hex digits.
    private mutating func hash() -> String? {
        guard input.count - position >= 66, input[position] == UInt8(ascii: "\""),
            input[position + 65] == UInt8(ascii: "\"")
        else { return nil }
        let digits = UnsafeBufferPointer(rebasing: input[(position + 1)..<(position + 65)])
        guard digits.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        position += 66
        return String(decoding: digits, as: UTF8.self)
    }

    /// A strict receipt time (`YYYY-MM-DDTHH:MM:SS.mmmZ`).
    private mutating func time() -> ReceiptTime? {
        guard let text = string(max: 30) else { return nil }
        return ReceiptTime.parse(text, strict: true)
    }

    /// The next member name if it is one of schema 1.0's top-level names that comes after the
    /// member `last` in canonical order (any other name: unknown, repeated or out of order).
    private mutating func fieldName(after last: Int) -> Field? {
        guard let (start, end) = plainName() else { return nil }
        let length = end - start
        for field in Field.ordered[(last + 1)...] {
            let name = Field.names[field.rawValue]
            if name.count == length
                && name.withUnsafeBufferPointer({ n in
                    memcmpEqual(n, UnsafeBufferPointer(rebasing: input[start..<end]))
                })
            {
                return field
            }
        }
        return nil
    }

    /// `"name":` for a member of a nested object of the schema.
    private mutating func name(_ expected: StaticString) -> Bool {
        let saved = position
        guard let (start, end) = plainName(),
            memcmpEqual(
                UnsafeBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount),
                UnsafeBufferPointer(rebasing: input[start..<end])),
            take(UInt8(ascii: ":"))
        else {
            position = saved
            return false
        }
        return true
    }

    /// A quoted name of lower-case ASCII letters, digits and '_': its bytes' bounds.
    private mutating func plainName() -> (Int, Int)? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < input.count {
            let b = input[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return (start, position - 1)
            }
            guard (97...122).contains(b) || (48...57).contains(b) || b == UInt8(ascii: "_") else { return nil }
            position += 1
        }
        return nil
    }

    private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    /// A string in canonical form whose value the schema allows anywhere: non-empty, at most
    /// `max` UTF-8 bytes, no control character (C0, DEL, C1). Canonical form then leaves only
    /// two escapes, `\"` and `\\`; every other byte is itself, in well-formed UTF-8 without
    /// surrogates.
    private mutating func string(max: Int) -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        var escapes = 0
        while position < input.count {
            let b = input[position]
            switch b {
            case UInt8(ascii: "\""):
                let raw = UnsafeBufferPointer(rebasing: input[start..<position])
                position += 1
                let length = raw.count - escapes
                guard length > 0, length <= max else { return nil }
                if escapes == 0 { return String(decoding: raw, as: UTF8.self) }
                var out: [UInt8] = []
                out.reserveCapacity(length)
                var i = 0
                while i < raw.count {
                    if raw[i] == UInt8(ascii: "\\") { i += 1 }
                    out.append(raw[i])
                    i += 1
                }
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position + 1 < input.count,
                    input[position + 1] == UInt8(ascii: "\"") || input[position + 1] == UInt8(ascii: "\\")
                else { return nil }
                escapes += 1
                position += 2
            case 0x20..<0x7F:
                position += 1
            case 0x80...:
                guard let length = utf8Sequence() else { return nil }
                position += length
            default:
                return nil  // C0 controls and DEL
            }
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `position` (Unicode Table 3-7), not a
    /// surrogate (ED A0–BF) and not a C1 control (C2 80–9F); nil otherwise.
    private func utf8Sequence() -> Int? {
        let lead = input[position]
        guard let (second, length) = UTF8Sequence.shape(lead: lead), position + length <= input.count,
            second.contains(input[position + 1]),
            lead != 0xC2 || input[position + 1] >= 0xA0  // C2 80–9F: a C1 control
        else { return nil }
        var i = position + 2
        while i < position + length {
            guard (0x80...0xBF).contains(input[i]) else { return nil }
            i += 1
        }
        return length
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < input.count, input[position] == byte else { return false }
        position += 1
        return true
    }
}
