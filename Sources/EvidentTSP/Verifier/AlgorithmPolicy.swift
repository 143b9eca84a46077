import EvidentCore
import EvidentCrypto
import EvidentDER

/// Which algorithms are acceptable for new evidence, and until when (issue #14, item 2): a dated
/// table in the spirit of ETSI TS 119 312 — each hash function, key type or key size with the
/// last day (UTC) on which new evidence using it is accepted. A token is judged at its genTime:
/// acceptable then and now → passes; not acceptable at genTime → invalid; acceptable at genTime
/// but past its end date now → indeterminate: such evidence stays proven only under a later
/// archive time-stamp (RFC 4998, the renewal issue), which a bare token does not carry.
///
/// The built-in table is ``builtIn`` (AlgorithmPolicyTable.swift); a site replaces it with a file
/// in the same format (``init(text:name:)``, `--algorithm-policy FILE`). Reports name the table.
public struct AlgorithmPolicy: Sendable {
    /// One algorithm of a token, as the table names it: `sha256`, `rsa` (with its bits),
    /// `ecdsa-p256`, `ed25519`…
    public struct Use: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        /// For RSA: the modulus size, matched against `rsa<N` rows.
        public let bits: Int?
        /// What it is used for, for the report ("imprint", "signature digest", "TSA key").
        public let role: String
        public var description: String { bits.map { "\(name)-\($0)" } ?? name }

        public init(name: String, bits: Int? = nil, role: String) {
            self.name = name
            self.bits = bits
            self.role = role
        }
    }

    public struct Entry: Sendable, Hashable {
        /// `sha1`, `ecdsa-p256`, `rsa` (any size) or `rsa<2048` (below 2048 bits)…
        public let algorithm: String
        /// The last acceptable instant (seconds since the epoch, the end of the day); nil: no end date.
        public let notAfter: Int64?
        public let source: String
    }

    public let name: String
    public let entries: [Entry]

    public enum Judgement: Sendable, Hashable {
        case acceptable
        /// Not acceptable at genTime: invalid.
        case expiredAtGenTime(String)
        /// Acceptable at genTime, past its end date now: indeterminate.
        case expiredSince(String)
        /// Not in the table: indeterminate.
        case unknown(String)
    }

    /// The table's row for `use`: an `rsa<N` row applies below N bits (the smallest such N
    /// first), else the plain name.
    public func entry(for use: Use) -> Entry? {
        if use.name == "rsa", let bits = use.bits {
            let sized = entries.compactMap { e in Self.rsaBound(e.algorithm).map { ($0, e) } }.sorted { $0.0 < $1.0 }
            if let row = sized.first(where: { bits < $0.0 }) { return row.1 }
        }
        return entries.first { $0.algorithm == use.name }
    }

    /// `use` in evidence made at `genTime`, checked at `now` (seconds since the epoch).
    public func judge(_ use: Use, genTime: Int64, now: Int64) -> Judgement {
        guard let e = entry(for: use) else {
            return .unknown("\(use) (\(use.role)) is not in the algorithm policy \(name)")
        }
        guard let end = e.notAfter else { return .acceptable }
        let day = Self.day(end)
        if genTime > end {
            return .expiredAtGenTime(
                "\(use) (\(use.role)) was no longer acceptable at genTime: its end date is \(day) (\(e.source); policy \(name))"
            )
        }
        if now > end {
            return .expiredSince(
                "\(use) (\(use.role)) was acceptable at genTime but its end date \(day) has passed by \(DERTime.describe(secondsSinceEpoch: now)), "
                    + "the time this token is judged at (\(e.source); policy \(name)): the evidence stays proven only under an "
                    + "archive time-stamp (RFC 4998) proven to exist before that end date, which this token does not have"
            )
        }
        return .acceptable
    }

    /// The same table under another name (a site file's, with its origin).
    public func renamed(_ name: String) -> AlgorithmPolicy { AlgorithmPolicy(name: name, entries: entries) }

    /// The same table without an end date for `algorithm` (`--allow-sha1`).
    public func allowing(_ algorithm: String) -> AlgorithmPolicy {
        AlgorithmPolicy(
            name: name + " +\(algorithm)",
            entries: entries.map {
                $0.algorithm == algorithm
                    ? Entry(algorithm: $0.algorithm, notAfter: nil, source: "allowed by option") : $0
            })
    }

    init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    /// Reads a policy file: `#` comments, one `name NAME` line, then one row per algorithm:
    /// `ALGORITHM YYYY-MM-DD|- SOURCE…` (docs/verifier.md, "Algorithm policy").
    public init(text: String, name fallback: String) throws {
        try self.init(text: text, name: fallback, reservedName: false)
    }

    /// `reservedName`: the built-in table may call itself `evident-builtin-…`; a site's may not.
    init(text: String, name fallback: String, reservedName: Bool) throws {
        var name = fallback
        var named = false
        var entries: [Entry] = []
        var rsaSizes = Set<Int>()
        // Lines end in LF or CRLF ("\r\n" is one Character: split on newlines, not on "\n").
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw.drop(while: { $0 == " " || $0 == "\t" }))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map {
                String($0).trimmingSuffixWhitespace
            }
            if fields[0] == "name", fields.count >= 2 {
                guard !named else { throw Failure(.invalidPolicy, "line \(n + 1): a second name line") }
                name = fields.dropFirst().joined(separator: " ")
                // A site's table cannot pass for the built-in one in a report.
                guard reservedName || !name.lowercased().hasPrefix("evident-builtin") else {
                    throw Failure(.invalidPolicy, "line \(n + 1): the name \(name) is reserved for the built-in table")
                }
                named = true
                continue
            }
            guard fields.count >= 2 else {
                throw Failure(.invalidPolicy, "line \(n + 1): expected ALGORITHM DATE SOURCE")
            }
            let algorithm = fields[0].lowercased()
            guard Self.knownAlgorithm(algorithm) else {
                throw Failure(.invalidPolicy, "line \(n + 1): unknown algorithm '\(fields[0])'")
            }
            guard !entries.contains(where: { $0.algorithm == algorithm }) else {
                throw Failure(.invalidPolicy, "line \(n + 1): \(algorithm) appears twice")
            }
            if let bits = Self.rsaBound(algorithm) {
                guard rsaSizes.insert(bits).inserted else {
                    throw Failure(.invalidPolicy, "line \(n + 1): rsa<\(bits) appears twice")
                }
            }
            if let nist = Self.nistAliases[algorithm] {
                throw Failure(.invalidPolicy, "line \(n + 1): write \(algorithm) as \(nist)")
            }
            var notAfter: Int64?
            if fields[1] != "-" {
                guard let t = Self.endOfDay(fields[1]) else {
                    throw Failure(.invalidPolicy, "line \(n + 1): '\(fields[1])' is not a date YYYY-MM-DD or -")
                }
                notAfter = t
            }
            entries.append(Entry(algorithm: algorithm, notAfter: notAfter, source: fields.count > 2 ? fields[2] : ""))
        }
        guard !entries.isEmpty else { throw Failure(.invalidPolicy, "no algorithm rows") }
        self.init(name: name, entries: entries)
    }

    static let names: Set<String> = [
        "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3-224", "sha3-256", "sha3-384", "sha3-512", "rsa",
        "ecdsa-p192", "ecdsa-p224", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "ed448",
    ]

    static func knownAlgorithm(_ a: String) -> Bool {
        if a.hasPrefix("rsa<") { return rsaBound(a) != nil }
        return names.contains(a) || (a.hasPrefix("ecdsa-") && a.count > 6)
    }

    /// N of `rsa<N`, written canonically (digits only, no leading zero), else nil.
    static func rsaBound(_ a: String) -> Int? {
        let digits = a.dropFirst(4)
        guard a.hasPrefix("rsa<"), !digits.isEmpty, digits.count <= 6, digits.first != "0",
            digits.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(digits)
        else { return nil }
        return n
    }

    /// OpenSSL's names of the NIST curves: a row must use the table's (the key is matched by it).
    static let nistAliases = [
        "ecdsa-prime192v1": "ecdsa-p192", "ecdsa-secp192r1": "ecdsa-p192", "ecdsa-secp224r1": "ecdsa-p224",
        "ecdsa-prime256v1": "ecdsa-p256", "ecdsa-secp256r1": "ecdsa-p256", "ecdsa-secp384r1": "ecdsa-p384",
        "ecdsa-secp521r1": "ecdsa-p521",
    ]

    /// `YYYY-MM-DD` → the last second of that day, UTC.
    static func endOfDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard text.utf8.count == 10, parts.count == 3, let y = parts[0], let m = parts[1], let d = parts[2],
            (1...9999).contains(y), (1...12).contains(m), (1...CivilCalendar.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d) * 86_400 + 86_399
    }

    /// Seconds since the epoch → `YYYY-MM-DD` (UTC), as DERTime prints the instant.
    static func day(_ seconds: Int64) -> String {
        (try? DERTime(secondsSinceEpoch: seconds)).map { String($0.description.prefix(10)) }
            ?? "\(seconds) s since 1970"
    }

    public typealias Failure = CodedFailure<AlgorithmPolicy>
}

extension ErrorCode where Owner == AlgorithmPolicy {
    public static let invalidPolicy = Self("invalid-algorithm-policy")
}

extension AlgorithmPolicy.Use {
    /// The table's name for a digest algorithm.
    public init(digest: DigestAlgorithm, role: String) { self.init(name: digest.rawValue, role: role) }

    /// The table's name for a public key.
    public init(key: PublicKeyInfo, role: String) {
        switch key.kind {
        case .rsa: self.init(name: "rsa", bits: key.bits, role: role)
        case .ec: self.init(name: "ecdsa-" + (key.curve ?? "\(key.bits)").lowercased().filter { $0 != "-" }, role: role)
        case .ed25519: self.init(name: "ed25519", role: role)
        case .ed448: self.init(name: "ed448", role: role)
        case .other: self.init(name: "unknown-key-\(key.bits)", role: role)
        }
    }
}

extension String {
    fileprivate var trimmingSuffixWhitespace: String {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s.removeLast() }
        return s
    }
}
