import EvidentDER

/// Any of the three RFC 3161 objects a user may hand to `evident ts inspect`.
public enum TSPMessage: Sendable {
    case request(TimeStampRequest)
    case response(TimeStampResponse)
    case token(TimeStampToken)

    public enum Kind: String, Sendable, CaseIterable {
        case auto, request, response, token
    }

    /// Decodes `bytes` as `kind`; with `.auto`, the shape of the outer SEQUENCE decides:
    /// TimeStampReq starts with INTEGER, TimeStampResp with PKIStatusInfo (a SEQUENCE),
    /// a token (ContentInfo) with an OBJECT IDENTIFIER.
    public static func decode(
        _ bytes: [UInt8], as kind: Kind = .auto, rules: DEREncodingRules = .der
    ) throws -> (TSPMessage, [DERWarning]) {
        let root = try DERParser.parse(bytes, rules: rules, limits: TSPLimits.derLimits)
        var resolved = kind
        if kind == .auto {
            guard root.tag == .sequence, let first = root.children.first else {
                throw DERError(
                    .unexpectedTag, at: root.offset,
                    "not an RFC 3161 request, response or token: outer element is \(root.tag)\(root.children.isEmpty ? " with no content" : "")"
                )
            }
            switch first.tag {
            case .integer: resolved = .request
            case .sequence: resolved = .response
            case .objectIdentifier: resolved = .token
            default:
                throw DERError(
                    .unexpectedTag, at: first.offset,
                    "not an RFC 3161 request, response or token: first field is \(first.tag)")
            }
        }
        // The deviations of the whole decode (structure and schema), from the rules' log.
        switch resolved {
        case .request: return (.request(try TimeStampRequest(derElement: root)), rules.warnings)
        case .response: return (.response(try TimeStampResponse(derElement: root)), rules.warnings)
        case .token, .auto: return (.token(try TimeStampToken(derElement: root)), rules.warnings)
        }
    }
}
