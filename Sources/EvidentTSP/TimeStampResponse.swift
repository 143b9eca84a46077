import EvidentDER

/// RFC 3161 §2.4.2 TimeStampResp.
///
/// ```
/// TimeStampResp ::= SEQUENCE {
///    status          PKIStatusInfo,
///    timeStampToken  TimeStampToken  OPTIONAL }
/// ```
public struct TimeStampResponse: Sendable, DERParseable, DERSerializable {
    public var statusInfo: PKIStatusInfo
    public var token: TimeStampToken?

    public init(statusInfo: PKIStatusInfo, token: TimeStampToken? = nil) {
        self.statusInfo = statusInfo
        self.token = token
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "TimeStampResp")
        statusInfo = try PKIStatusInfo(derElement: r.next("status"))
        token = try r.optional(.sequence).map(TimeStampToken.init(derElement:))
        try r.finish()
    }

    /// Parses a complete TimeStampResp with the message-layer size limit.
    public init(derEncoded bytes: [UInt8], rules: DEREncodingRules = .der) throws {
        try self.init(derElement: DERParser.parse(bytes, rules: rules, limits: TSPLimits.derLimits))
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            try statusInfo.serialize(into: &w)
            if let token { try token.serialize(into: &w) }
        }
    }
}
