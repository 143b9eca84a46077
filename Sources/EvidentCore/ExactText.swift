/// A string compared, hashed and ordered by its UTF-8 bytes. Swift's `String` compares by
/// Unicode canonical equivalence, so "café" with U+00E9 and "café" with e + U+0301 are equal to
/// it — but to a ledger (whose stores compare bytes) and to the signed receipts they are two
/// streams. Names taken from signed data are matched and grouped with this type (red team,
/// issue #16: nfd-stream-export-merges-streams, nfc-nfd-streams-merged-in-summary).
public struct ExactText: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    public func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }

    public static func < (a: ExactText, b: ExactText) -> Bool {
        a.text.utf8.lexicographicallyPrecedes(b.text.utf8)
    }

    public var description: String { text }
}

extension String {
    /// The same bytes (not merely canonically equivalent): see ``ExactText``.
    public func isExactly(_ other: String) -> Bool { utf8.elementsEqual(other.utf8) }
}
