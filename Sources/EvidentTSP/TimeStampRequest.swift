import EvidentDER

/// RFC 3161 §2.4.1 TimeStampReq.
///
/// ```
/// TimeStampReq ::= SEQUENCE {
///    version          INTEGER { v1(1) },
///    messageImprint   MessageImprint,
///    reqPolicy        TSAPolicyId              OPTIONAL,
///    nonce            INTEGER                  OPTIONAL,
///    certReq          BOOLEAN                  DEFAULT FALSE,
///    extensions       [0] IMPLICIT Extensions  OPTIONAL }
/// ```
public struct TimeStampRequest: Hashable, Sendable, DERParseable, DERSerializable {
    public var version: Int
    public var messageImprint: MessageImprint
    public var reqPolicy: OID?
    public var nonce: DERInteger?
    public var certReq: Bool
    public var extensions: [Extension]?

    public init(
        messageImprint: MessageImprint, reqPolicy: OID? = nil, nonce: DERInteger? = nil,
        certReq: Bool = false, extensions: [Extension]? = nil
    ) {
        self.version = 1
        self.messageImprint = messageImprint
        self.reqPolicy = reqPolicy
        self.nonce = nonce
        self.certReq = certReq
        self.extensions = extensions
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "TimeStampReq")
        let v = try r.next("version")
        version = try v.integer(as: Int.self)
        guard version == 1 else {
            throw DERError(.unsupportedVersion, at: v.offset, "TimeStampReq version \(version), expected 1")
        }
        messageImprint = try MessageImprint(derElement: r.next("messageImprint"))
        reqPolicy = try r.optional(.objectIdentifier)?.objectIdentifier()
        nonce = try r.optional(.integer)?.integer()
        certReq = try r.optional(.boolean)?.booleanDefaultFalse("certReq") ?? false
        extensions = try r.optional(.context(0)).map { try Extension.decodeList($0, tag: .context(0)) }
        try r.finish()
    }

    /// Parses a complete DER TimeStampReq with the message-layer size limit.
    public init(derEncoded bytes: [UInt8], rules: DEREncodingRules = .der) throws {
        try self.init(derElement: DERParser.parse(bytes, rules: rules, limits: TSPLimits.derLimits))
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            w.writeInteger(version)
            try messageImprint.serialize(into: &w)
            if let reqPolicy { w.writeOID(reqPolicy) }
            if let nonce { w.writeInteger(nonce) }
            if certReq { w.writeBoolean(true) }
            if let extensions { try Extension.encodeList(extensions, tag: .context(0), into: &w) }
        }
    }
}
