import EvidentDER

/// RFC 3161 §2.4.2 PKIStatus.
public enum PKIStatus: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case granted = 0, grantedWithMods = 1, rejection = 2, waiting = 3, revocationWarning = 4, revocationNotification = 5

    /// The text `openssl ts -reply -text` prints.
    public var opensslText: String {
        switch self {
        case .granted: return "Granted."
        case .grantedWithMods: return "Granted with modifications."
        case .rejection: return "Rejected."
        case .waiting: return "Waiting."
        case .revocationWarning: return "Revocation warning."
        case .revocationNotification: return "Revoked."
        }
    }

    public var description: String {
        switch self {
        case .granted: return "granted"
        case .grantedWithMods: return "grantedWithMods"
        case .rejection: return "rejection"
        case .waiting: return "waiting"
        case .revocationWarning: return "revocationWarning"
        case .revocationNotification: return "revocationNotification"
        }
    }
}

/// RFC 3161 §2.4.2 PKIFailureInfo bits.
public enum PKIFailure: Int, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case badAlg = 0, badRequest = 2, badDataFormat = 5, timeNotAvailable = 14, unacceptedPolicy = 15,
        unacceptedExtension = 16, addInfoNotAvailable = 17, systemFailure = 25

    public var description: String {
        switch self {
        case .badAlg: return "badAlg"
        case .badRequest: return "badRequest"
        case .badDataFormat: return "badDataFormat"
        case .timeNotAvailable: return "timeNotAvailable"
        case .unacceptedPolicy: return "unacceptedPolicy"
        case .unacceptedExtension: return "unacceptedExtension"
        case .addInfoNotAvailable: return "addInfoNotAvailable"
        case .systemFailure: return "systemFailure"
        }
    }

    /// The text `openssl ts -reply -text` prints for this bit.
    public var opensslText: String {
        switch self {
        case .badAlg: return "unrecognized or unsupported algorithm identifier"
        case .badRequest: return "transaction not permitted or supported"
        case .badDataFormat: return "the data submitted has the wrong format"
        case .timeNotAvailable: return "the TSA's time source is not available"
        case .unacceptedPolicy: return "the requested TSA policy is not supported by the TSA"
        case .unacceptedExtension: return "the requested extension is not supported by the TSA"
        case .addInfoNotAvailable:
            return "the additional information requested could not be understood or is not available"
        case .systemFailure: return "the request cannot be handled due to system failure"
        }
    }
}

/// RFC 3161 §2.4.2 PKIStatusInfo (from RFC 4210 §5.2.3).
public struct PKIStatusInfo: Hashable, Sendable, DERParseable, DERSerializable {
    /// The raw status value; ``status`` is nil for values RFC 3161 does not define.
    public var statusValue: Int
    /// PKIFreeText: a SEQUENCE OF UTF8String.
    public var statusString: [String]?
    /// The failInfo BIT STRING as received (nil when absent).
    public var failInfo: DERBitString?

    public var status: PKIStatus? { PKIStatus(rawValue: statusValue) }

    /// The failure bits that are set, by name; unknown bits are reported by number.
    public var failures: [PKIFailure] { failInfo?.setBits.compactMap(PKIFailure.init(rawValue:)) ?? [] }
    public var unknownFailureBits: [Int] { failInfo?.setBits.filter { PKIFailure(rawValue: $0) == nil } ?? [] }

    public init(status: PKIStatus, statusString: [String]? = nil, failures: [PKIFailure] = []) {
        self.statusValue = status.rawValue
        self.statusString = statusString
        self.failInfo = failures.isEmpty ? nil : DERBitString(namedBits: failures.map(\.rawValue))
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "PKIStatusInfo")
        statusValue = try r.next("status").integer(as: Int.self)
        statusString = try r.optional(.sequence).map { seq in
            try seq.sequence().map { try $0.string(kind: .utf8) }
        }
        failInfo = try r.optional(.bitString)?.bitString()
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            w.writeInteger(statusValue)
            if let statusString {
                try w.writeSequence { w in for s in statusString { try w.writeString(s, kind: .utf8) } }
            }
            if let failInfo { w.writeBitString(failInfo) }
        }
    }
}
