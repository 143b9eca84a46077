import EvidentDER

/// RFC 3161 §2.4.2 TSTInfo, the signed content of a time-stamp token.
///
/// ```
/// TSTInfo ::= SEQUENCE  {
///    version        INTEGER  { v1(1) },
///    policy         TSAPolicyId,
///    messageImprint MessageImprint,
///    serialNumber   INTEGER,
///    genTime        GeneralizedTime,
///    accuracy       Accuracy                 OPTIONAL,
///    ordering       BOOLEAN             DEFAULT FALSE,
///    nonce          INTEGER                  OPTIONAL,
///    tsa            [0] GeneralName          OPTIONAL,
///    extensions     [1] IMPLICIT Extensions  OPTIONAL }
/// ```
public struct TSTInfo: Hashable, Sendable, DERParseable, DERSerializable {
    public var version: Int
    public var policy: OID
    public var messageImprint: MessageImprint
    public var serialNumber: DERInteger
    public var genTime: DERTime
    public var accuracy: Accuracy?
    public var ordering: Bool
    public var nonce: DERInteger?
    public var tsa: GeneralName?
    public var extensions: [Extension]?

    public init(
        policy: OID, messageImprint: MessageImprint, serialNumber: DERInteger, genTime: DERTime,
        accuracy: Accuracy? = nil, ordering: Bool = false, nonce: DERInteger? = nil,
        tsa: GeneralName? = nil, extensions: [Extension]? = nil
    ) {
        self.version = 1
        self.policy = policy
        self.messageImprint = messageImprint
        self.serialNumber = serialNumber
        self.genTime = genTime
        self.accuracy = accuracy
        self.ordering = ordering
        self.nonce = nonce
        self.tsa = tsa
        self.extensions = extensions
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "TSTInfo")
        let v = try r.next("version")
        version = try v.integer(as: Int.self)
        guard version == 1 else {
            throw DERError(.unsupportedVersion, at: v.offset, "TSTInfo version \(version), expected 1")
        }
        policy = try r.next("policy").objectIdentifier()
        messageImprint = try MessageImprint(derElement: r.next("messageImprint"))
        serialNumber = try r.next("serialNumber").integer()
        let t = try r.next("genTime")
        try t.expect(.generalizedTime, constructed: false, "genTime")
        genTime = try t.time()
        accuracy = try r.optional(.sequence).map(Accuracy.init(derElement:))
        ordering = try r.optional(.boolean)?.booleanDefaultFalse("ordering") ?? false
        nonce = try r.optional(.integer)?.integer()
        tsa = try r.optional(.context(0)).map { try GeneralName(derElement: $0.explicit(tag: .context(0))) }
        extensions = try r.optional(.context(1)).map { try Extension.decodeList($0, tag: .context(1)) }
        try r.finish()
    }

    public func serialize(into w: inout DERWriter) throws {
        try w.writeSequence { w in
            w.writeInteger(version)
            w.writeOID(policy)
            try messageImprint.serialize(into: &w)
            w.writeInteger(serialNumber)
            w.writeTime(genTime)
            if let accuracy { try accuracy.serialize(into: &w) }
            if ordering { w.writeBoolean(true) }
            if let nonce { w.writeInteger(nonce) }
            if let tsa { try w.writeExplicit(.context(0)) { try tsa.serialize(into: &$0) } }
            if let extensions { try Extension.encodeList(extensions, tag: .context(1), into: &w) }
        }
    }
}

/// RFC 3161 §2.4.2 Accuracy.
///
/// ```
/// Accuracy ::= SEQUENCE {
///    seconds        INTEGER              OPTIONAL,
///    millis     [0] INTEGER  (1..999)    OPTIONAL,
///    micros     [1] INTEGER  (1..999)    OPTIONAL  }
/// ```
public struct Accuracy: Hashable, Sendable, DERParseable, DERSerializable {
    public var seconds: Int?
    public var millis: Int?
    public var micros: Int?

    public init(seconds: Int? = nil, millis: Int? = nil, micros: Int? = nil) {
        self.seconds = seconds
        self.millis = millis
        self.micros = micros
    }

    public init(derElement e: DERElement) throws {
        var r = try e.sequenceReader(tag: .sequence, "Accuracy")
        seconds = try r.optional(.integer)?.integer(as: Int.self)
        millis = try r.optional(.context(0)).map { try Accuracy.subSecond($0, tag: .context(0), "millis") }
        micros = try r.optional(.context(1)).map { try Accuracy.subSecond($0, tag: .context(1), "micros") }
        try r.finish()
        if let seconds, seconds < 0 { throw DERError(.invalidValue, at: e.offset, "Accuracy seconds is negative") }
        // An explicit limit (red team round 15: 2^63 - 1 seconds overflowed `totalMicroseconds`
        // and killed the verifier): 2^53 µs, about 285 years, so every sum of a time and an
        // accuracy stays exact here and in the browser verifier's numbers.
        if let seconds, seconds > Accuracy.maxSeconds {
            throw DERError(
                .invalidValue, at: e.offset, "Accuracy seconds \(seconds) is over \(Accuracy.maxSeconds) (285 years)")
        }
    }

    /// The largest `seconds` read: 2^53 microseconds, rounded down to whole seconds.
    public static let maxSeconds = 9_007_199_254

    static func subSecond(_ e: DERElement, tag: DERTag, _ name: String) throws -> Int {
        let v = try e.integer(as: Int.self, tag: tag)
        guard (1...999).contains(v) else {
            throw DERError(.invalidValue, at: e.offset, "Accuracy \(name) \(v) outside 1..999")
        }
        return v
    }

    public func serialize(into w: inout DERWriter) throws {
        w.writeSequence { w in
            if let seconds { w.writeInteger(seconds) }
            if let millis { w.writeInteger(millis, tag: .context(0)) }
            if let micros { w.writeInteger(micros, tag: .context(1)) }
        }
    }

    /// The whole accuracy in microseconds (absent fields count as zero, RFC 3161 §2.4.2).
    public var totalMicroseconds: Int64 {
        Int64(seconds ?? 0) * 1_000_000 + Int64(millis ?? 0) * 1000 + Int64(micros ?? 0)
    }
}

extension TSTInfo {
    /// genTime in milliseconds since the epoch (sub-millisecond digits dropped).
    public var genTimeMillis: Int64 { genTime.secondsSinceEpoch * 1000 + Int64(genTime.nanoseconds / 1_000_000) }
    /// The accuracy in milliseconds, rounded up (0 when absent).
    public var accuracyMillis: Int64 { accuracy.map { ($0.totalMicroseconds + 999) / 1000 } ?? 0 }

    /// The token was made at genTime ± its accuracy (RFC 3161 §2.4.2; an absent accuracy counts
    /// as zero, as everywhere here). `latestSecond`: the last whole second it may have been made
    /// in (genTime plus accuracy, rounded down): a revocation dated in it or before does not
    /// show the token made before it. `dataFromSecond`: the first whole second at or after that
    /// latest instant (rounded up): revocation data issued then or later was issued after the
    /// token, wherever within its accuracy it was made (docs/verification.md, "TSA revocation").
    /// Exact for any fraction of genTime (x509.js computes the same).
    public var latestSecond: Int64 { let (whole, sub, _) = latestInstant; return whole + sub / 1_000_000 }
    public var dataFromSecond: Int64 { roundedUp(1_000_000) / 1000 }
    /// That latest instant in milliseconds since the epoch, rounded up: what the token proves
    /// existed, existed by then (an evidence record's proven time, an anchor's `provenBy`). The
    /// same rounding as ``dataFromSecond``, so `dataFromSecond` = ⌈`latestMillis` / 1000⌉;
    /// ``genTimeMillis`` plus ``accuracyMillis`` drops genTime's sub-millisecond digits and can
    /// be a millisecond (and, rounded to seconds, a second) early.
    public var latestMillis: Int64 { roundedUp(1000) }

    /// genTime plus the accuracy as whole seconds, the microseconds past them (≥ 0, possibly
    /// over a second), and whether genTime has non-zero digits beyond the microseconds.
    private var latestInstant: (whole: Int64, micros: Int64, beyond: Bool) {
        let a = accuracy
        let micros = Int64(genTime.nanoseconds / 1000)
        return (
            genTime.secondsSinceEpoch + Int64(a?.seconds ?? 0),
            micros + Int64(a?.millis ?? 0) * 1000 + Int64(a?.micros ?? 0),
            genTime.fraction.utf8.dropFirst(6).contains { $0 != 48 }
        )
    }

    /// The latest instant rounded up to a whole `unit` of microseconds (1000: ms; 10⁶: s),
    /// in milliseconds since the epoch.
    private func roundedUp(_ unit: Int64) -> Int64 {
        let (whole, micros, beyond) = latestInstant
        return whole * 1000 + (micros + (beyond ? 1 : 0) + unit - 1) / unit * (unit / 1000)
    }
}
