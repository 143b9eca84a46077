/// A JSON value as RFC 8785 sees it: I-JSON (RFC 7493) data whose numbers are IEEE-754 doubles
/// and whose strings are sequences of Unicode scalars (no lone surrogates).
///
/// Equality is exact, not Swift's `String` equality: strings compare scalar by scalar (so
/// "é" precomposed and "e\u{301}" differ, as they do in JSON), numbers compare as doubles
/// (so 0 and -0 are equal, as their canonical forms are).
public indirect enum JCSValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JCSValue])
    case object(JCSObject)

    public static func == (a: JCSValue, b: JCSValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)): return x == y
        default: return false
        }
    }
}

/// A JSON object with unique member names, held in RFC 8785 §3.2.3 order (member names sorted
/// by their UTF-16 code units), which is also the order of its canonical form.
public struct JCSObject: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JCSValue

        public init(_ key: String, _ value: JCSValue) {
            self.key = key
            self.value = value
        }

        public static func == (a: Member, b: Member) -> Bool {
            a.key.unicodeScalars.elementsEqual(b.key.unicodeScalars) && a.value == b.value
        }
    }

    /// The members, sorted by UTF-16 code units of their names.
    public let members: [Member]

    /// Builds an object from members in any order; two members whose names are the same
    /// sequence of scalars are refused with ``JCSError/Code/duplicateKey``.
    public init(_ members: [Member]) throws {
        if JCSObject.isStrictlyAscending(members) {
            self.members = members
            return
        }
        let sorted = JCSObject.sortedByName(members)
        for i in sorted.indices.dropFirst() where sorted[i].utf16 == sorted[i - 1].utf16 {
            throw JCSError(.duplicateKey, at: nil, "duplicate member name \(JCSObject.quoted(sorted[i].member.key))")
        }
        self.members = sorted.map(\.member)
    }

    /// Members whose names the parser already proved unique.
    init(uniqueMembers: [Member]) {
        self.members =
            JCSObject.isStrictlyAscending(uniqueMembers)
            ? uniqueMembers : JCSObject.sortedByName(uniqueMembers).map(\.member)
    }

    /// Whether the names are already in RFC 8785 order with no two equal — the common case
    /// (canonical input, the schema's encoder): checked without copying any name. Strictly
    /// ascending UTF-16 sequences are also pairwise distinct, so no duplicate slips through.
    private static func isStrictlyAscending(_ members: [Member]) -> Bool {
        var i = 1
        while i < members.count {
            guard members[i - 1].key.utf16.lexicographicallyPrecedes(members[i].key.utf16) else { return false }
            i += 1
        }
        return true
    }

    /// RFC 8785 §3.2.3: sort by the names' UTF-16 code units, compared as unsigned integers.
    private static func sortedByName(_ members: [Member]) -> [(utf16: [UInt16], member: Member)] {
        members.map { (utf16: Array($0.key.utf16), member: $0) }.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    public init(_ pairs: KeyValuePairs<String, JCSValue>) throws {
        try self.init(pairs.map { Member($0.key, $0.value) })
    }

    public static let empty = JCSObject(uniqueMembers: [])

    /// The value of the member named exactly `key` (scalar for scalar), if any.
    public subscript(key: String) -> JCSValue? {
        members.first { $0.key.unicodeScalars.elementsEqual(key.unicodeScalars) }?.value
    }

    public var keys: [String] { members.map(\.key) }

    static func quoted(_ key: String) -> String {
        String(decoding: JCSSerializer.serialize(string: key), as: UTF8.self)
    }
}
