/// One parsed TLV element: a zero-copy view into the caller's bytes that keeps its exact
/// encoding, so signatures are always checked over the bytes as received, never over a
/// re-encoding.
public struct DERElement: Sendable {
    public let tag: DERTag
    public let isConstructed: Bool
    /// Offset of the identifier octet from the start of the parsed input.
    public let offset: Int
    /// The whole element (identifier, length, contents and, for BER indefinite lengths,
    /// the end-of-contents octets) exactly as it appeared in the input.
    public let encoded: ArraySlice<UInt8>
    /// The contents octets (for an indefinite length: everything before the end-of-contents).
    public let content: ArraySlice<UInt8>
    /// The parsed children of a constructed element; empty for a primitive one.
    public let children: [DERElement]
    /// The rules this element was parsed under; value accessors tolerate the same deviations.
    public let rules: DEREncodingRules

    /// Offset of the first contents octet from the start of the parsed input.
    public var contentOffset: Int { offset + (content.startIndex - encoded.startIndex) }

    init(
        tag: DERTag, isConstructed: Bool, offset: Int, encoded: ArraySlice<UInt8>,
        content: ArraySlice<UInt8>, children: [DERElement], rules: DEREncodingRules
    ) {
        self.tag = tag
        self.isConstructed = isConstructed
        self.offset = offset
        self.encoded = encoded
        self.content = content
        self.children = children
        self.rules = rules
    }

    /// Throws ``DERError/Code/unexpectedTag`` unless this element has `tag`.
    public func expect(_ tag: DERTag, constructed: Bool? = nil, _ what: @autoclosure () -> String = "") throws {
        guard self.tag == tag else {
            let name = what()
            throw DERError(
                .unexpectedTag, at: offset,
                "expected \(tag)\(name.isEmpty ? "" : " (\(name))"), found \(self.tag)")
        }
        if let constructed, constructed != isConstructed {
            throw DERError(
                constructed ? .primitiveConstructed : .constructedPrimitive, at: offset,
                "\(tag) must be \(constructed ? "constructed" : "primitive")")
        }
    }
}
