/// Typed access to the members of one JSON object of a receipt, with the field path in every
/// error (`approvals[1].at`) and the schema's string, hash and count rules.
struct FieldReader {
    let object: JCSObject
    let path: String?
    /// A newer minor version may add members; 1.0 may not.
    let allowUnknown: Bool

    init(_ object: JCSObject, path: String?, allowUnknown: Bool) {
        self.object = object
        self.path = path
        self.allowUnknown = allowUnknown
    }

    func name(_ key: String) -> String { path.map { "\($0).\(key)" } ?? key }

    func checkMembers(known: Set<String>) throws {
        if !allowUnknown, let extra = object.keys.first(where: { !known.contains($0) }) {
            throw ReceiptError(.unknownField, field: name(extra), "not a field of schema 1.0")
        }
    }

    func value(_ key: String) throws -> JCSValue {
        guard let v = object[key] else { throw ReceiptError(.missingField, field: name(key), "required") }
        return v
    }

    /// A non-empty string of at most `max` UTF-8 bytes without control characters.
    func string(_ key: String, max: Int) throws -> String {
        guard case .string(let s) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be a string")
        }
        try FieldReader.checkString(s, field: name(key), max: max, what: "value")
        return s
    }

    static func checkString(_ s: String, field: String, max: Int, what: String) throws {
        guard !s.isEmpty else { throw ReceiptError(.invalidValue, field: field, "\(what) is empty") }
        guard s.utf8.count <= max else {
            throw ReceiptError(.stringTooLong, field: field, "\(what) of \(s.utf8.count) bytes; at most \(max)")
        }
        guard !s.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            throw ReceiptError(.invalidValue, field: field, "\(what) contains a control character")
        }
    }

    /// A JSON number that is an integer in `min...max`.
    func integer(_ key: String, min: Int64, max: Int64) throws -> Int64 {
        guard case .number(let d) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be a number")
        }
        guard d == d.rounded(.towardZero), d >= Double(min), d <= Double(max) else {
            throw ReceiptError(.invalidValue, field: name(key), "must be an integer from \(min) to \(max)")
        }
        return Int64(d)
    }

    /// A SHA-256 as 64 lower-case hex digits.
    func hash(_ key: String) throws -> String {
        guard case .string(let s) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be a hex string")
        }
        try FieldReader.checkHash(s, field: name(key))
        return s
    }

    static func checkHash(_ s: String, field: String) throws {
        guard s.utf8.count == 64, s.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw ReceiptError(.invalidHash, field: field, "must be a SHA-256 as 64 lower-case hex digits")
        }
    }

    /// Absent (only when `nullable` is false), null (only when `nullable`), or a hash.
    func optionalHash(_ key: String, nullable: Bool) throws -> String? {
        switch object[key] {
        case nil:
            if nullable { throw ReceiptError(.missingField, field: name(key), "required (null or a hash)") }
            return nil
        case .null?:
            if nullable { return nil }
            throw ReceiptError(.wrongType, field: name(key), "leave it out rather than null")
        default:
            return try hash(key)
        }
    }

    func time(_ key: String) throws -> ReceiptTime {
        guard case .string(let s) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be an RFC 3339 string")
        }
        do { return try ReceiptTime(s) } catch let e as ReceiptError {
            throw ReceiptError(e.code, field: name(key), e.detail)
        }
    }

    func optionalTime(_ key: String) throws -> ReceiptTime? {
        object[key] == nil ? nil : try time(key)
    }

    /// A nested object; with `known`, its members are checked against that set.
    func object(_ key: String, known: Set<String>?) throws -> FieldReader {
        guard case .object(let o) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be an object")
        }
        let r = FieldReader(o, path: name(key), allowUnknown: allowUnknown)
        if let known { try r.checkMembers(known: known) }
        return r
    }

    func rawArray(_ key: String, max: Int) throws -> [JCSValue] {
        guard case .array(let a) = try value(key) else {
            throw ReceiptError(.wrongType, field: name(key), "must be an array")
        }
        guard a.count <= max else {
            throw ReceiptError(.tooManyEntries, field: name(key), "\(a.count) entries; at most \(max)")
        }
        return a
    }

    /// An array of objects, one reader per element.
    func array(_ key: String, max: Int, known: Set<String>) throws -> [FieldReader] {
        try rawArray(key, max: max).enumerated().map { i, v in
            guard case .object(let o) = v else {
                throw ReceiptError(.wrongType, field: "\(name(key))[\(i)]", "must be an object")
            }
            let r = FieldReader(o, path: "\(name(key))[\(i)]", allowUnknown: allowUnknown)
            try r.checkMembers(known: known)
            return r
        }
    }

    func hashArray(_ key: String, max: Int) throws -> [String] {
        try rawArray(key, max: max).enumerated().map { i, v in
            guard case .string(let s) = v else {
                throw ReceiptError(.wrongType, field: "\(name(key))[\(i)]", "must be a hex string")
            }
            try FieldReader.checkHash(s, field: "\(name(key))[\(i)]")
            return s
        }
    }
}
