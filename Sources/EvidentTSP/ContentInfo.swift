import EvidentDER

/// RFC 5652 §3 ContentInfo: `SEQUENCE { contentType OID, content [0] EXPLICIT ANY }`.
public struct ContentInfo: Sendable, DERParseable, DERSerializable {
    public var contentType: OID
    /// The element inside `[0]`, exactly as encoded.
    public var content: DERElement

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "ContentInfo")
        contentType = try r.next("contentType").objectIdentifier()
        content = try r.next("content").explicit(tag: .context(0))
        try r.finish()
    }

    public init(contentType: OID, content: DERElement) {
        self.contentType = contentType
        self.content = content
    }

    public func serialize(into w: inout DERWriter) throws {
        w.writeSequence { w in
            w.writeOID(contentType)
            w.writeExplicit(.context(0)) { $0.appendEncoded(content.encoded) }
        }
    }
}
