import Synchronization

/// Explicit limits applied to untrusted input before and during parsing.
public struct DERLimits: Hashable, Sendable {
    /// Largest input the parser accepts by default: 16 MiB. A time-stamp response with a full
    /// chain and CRLs is tens of KiB; evidence files far larger than this are not DER blobs.
    public static let defaultMaxInputSize = 16 * 1024 * 1024
    /// Deepest nesting of constructed elements accepted by default. RFC 3161 responses with
    /// embedded certificates and CMS attributes nest about 15 levels deep.
    public static let defaultMaxDepth = 32

    public var maxInputSize: Int
    public var maxDepth: Int

    public init(maxInputSize: Int = DERLimits.defaultMaxInputSize, maxDepth: Int = DERLimits.defaultMaxDepth) {
        self.maxInputSize = maxInputSize
        self.maxDepth = maxDepth
    }

    public static let `default` = DERLimits()
}

/// Which encoding rules the parser and the schema decoders enforce, and — for the tolerant
/// ones — where the deviations they accepted are recorded (``warnings``).
///
/// - ``der``: Distinguished Encoding Rules (X.690 §10/§11); every deviation is an error.
/// - ``tolerant``: DER, except for the deviations sound TSAs are known to emit in parts whose
///   bytes are checked as received or carry no meaning of their own (issue #14): a DEFAULT
///   value written out (`ordering FALSE`, an extension's `critical FALSE`, ESSCertIDv2's
///   default hash algorithm) and SET OF members not in DER order. Each is recorded as a
///   ``DERWarning``; every other deviation is still an error. The default of verification.
/// - ``lenientBER``: also the structural BER some TSAs emit (indefinite lengths, non-minimal
///   lengths, constructed strings, BOOLEAN true other than FF, redundant time fraction zeros),
///   each recorded too. Must be requested explicitly (`--ber`).
///
/// A tolerant value carries one warning log, shared by every element parsed with it (and by
/// the values re-parsed from them), so the caller reads every deviation of one decode at the
/// end; make a fresh value (``tolerant``, ``lenientBER``) per decode. Equality compares the
/// level only.
public struct DEREncodingRules: Hashable, Sendable {
    public enum Level: Int, Sendable, Comparable {
        case der, tolerant, lenientBER
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let level: Level
    let log: DERWarningLog?

    public static let der = DEREncodingRules(level: .der, log: nil)
    /// Rules at `level`, with a fresh log unless it is `.der`.
    public init(level: Level) { self.init(level: level, log: level == .der ? nil : DERWarningLog()) }
    init(level: Level, log: DERWarningLog?) {
        self.level = level
        self.log = log
    }
    /// DER with the known-harmless deviations recorded as warnings; a fresh log each time.
    public static var tolerant: DEREncodingRules { DEREncodingRules(level: .tolerant) }
    /// Structural BER as well; a fresh log each time.
    public static var lenientBER: DEREncodingRules { DEREncodingRules(level: .lenientBER) }

    /// Every deviation accepted so far under these rules, in the order met (duplicates, from
    /// a value parsed twice, once).
    public var warnings: [DERWarning] { log?.all ?? [] }

    /// Accepts a schema-level deviation under tolerant rules (recording it), or throws it.
    public func tolerate(_ code: DERError.Code, at offset: Int, _ detail: String) throws {
        guard level != .der, let log else { throw DERError(code, at: offset, detail) }
        log.append(DERWarning(code: code, offset: offset, detail: detail))
    }

    /// The rules for a value parsed on its own from inside the input (an OCTET STRING's
    /// contents, `base` bytes in): its deviations are recorded with offsets in the outer input
    /// and `context` before their detail, in the same log.
    public func nested(at base: Int, _ context: String) -> DEREncodingRules {
        guard let log else { return self }
        return DEREncodingRules(level: level, log: DERWarningLog(forwardingTo: log, base: base, context: context))
    }

    public static func == (a: DEREncodingRules, b: DEREncodingRules) -> Bool { a.level == b.level }
    public func hash(into h: inout Hasher) { h.combine(level) }
}

/// The deviations one decode accepted (shared by reference among its elements).
final class DERWarningLog: Sendable {
    private let state = Mutex<(items: [DERWarning], seen: Set<DERWarning>)>(([], []))
    /// For a nested value: the log its warnings go to, relocated.
    private let parent: (log: DERWarningLog, base: Int, context: String)?

    init() { parent = nil }
    init(forwardingTo log: DERWarningLog, base: Int, context: String) { parent = (log, base, context) }

    func append(_ w: DERWarning) {
        if let parent {
            return parent.log.append(
                DERWarning(code: w.code, offset: parent.base + w.offset, detail: parent.context + w.detail))
        }
        state.withLock { if $0.seen.insert(w).inserted { $0.items.append(w) } }
    }

    var all: [DERWarning] { parent?.log.all ?? state.withLock { $0.items } }
}
