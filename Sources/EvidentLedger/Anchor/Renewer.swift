import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentTSP

/// Keeps the anchors' RFC 4998 evidence records renewed (`evident renew`, issue #18;
/// docs/evidence-records.md). For each anchor and each slot (slot i is kept by the i-th TSA),
/// at `now` with a margin:
///
/// - no record yet: an **initial** archive time-stamp over the anchor's data objects
///   (``AnchorEvidence``), due when the anchor token's own proof ends minus the margin;
/// - a record: due when its last archive time-stamp's proof ends minus the margin — a
///   **hash-tree renewal** (new chain, ``newChainHash``) when the record's hash algorithm's end
///   date minus the margin has come, else a **time-stamp renewal** (same algorithm).
///
/// Everything due for one slot with the same kind and algorithm goes into one hash tree and one
/// TSA request over its root. The token is verified (trusting only the given roots, its imprint
/// the root) before anything is recorded; its TSA chain and revocation data are embedded in it;
/// each new record is verified whole over its data objects, and stored with a compare-and-swap.
/// A failing TSA records nothing for its slot; the others proceed. Idempotent: nothing due,
/// nothing done.
public struct Renewer: Sendable {
    public var tsaURLs: [String]
    public var verification: VerificationOptions
    /// The first chain's hash algorithm.
    public var initialHash: DigestAlgorithm = .sha256
    /// A hash-tree renewal's new algorithm.
    public var newChainHash: DigestAlgorithm = .sha512
    /// Renew this many seconds before a proof ends.
    public var marginSeconds: Int64 = 180 * 86_400
    /// Renew everything now (a time-stamp renewal, or the initial time-stamp).
    public var force = false
    /// Capture the renewing TSA's revocation data (the token must verify with it) and embed it.
    public var ltv = false
    public var http: HTTPClient.Options
    public var attemptsPerTSA = 3
    public var deadlinePerTSA: Double?
    public var onStillWaiting: (@Sendable (_ tsaURL: String, _ attempt: Int, _ seconds: Int) -> Void)?

    public typealias Failure = CodedFailure<Renewer>

    public init(tsaURLs: [String], verification: VerificationOptions) {
        self.tsaURLs = tsaURLs
        self.verification = verification
        self.http = HTTPClient.Options(maxResponseSize: TSPLimits.maxMessageSize)
    }

    public enum Kind: String, Sendable, Hashable {
        case initial
        case timeStamp = "time-stamp renewal"
        case hashTree = "hash-tree renewal"
    }

    /// One anchor in one slot: its record (if any) and when it is next due.
    public struct Item: Sendable {
        public let anchor: StoredAnchor
        /// SHA-256 of the anchor's response: which anchor a record protects.
        public let anchorHash: [UInt8]
        public let slot: Int
        public let objects: [[UInt8]]
        public let stored: StoredEvidenceRecord?
        public let record: EvidenceRecord?
        /// When the proof kept in this slot ends (seconds; nil: unknown, due now).
        public let provenUntil: Int64?
        /// provenUntil minus the margin (seconds).
        public let dueAt: Int64
        /// What is due at `dueAt`.
        public let kind: Kind
        public let algorithm: DigestAlgorithm
    }

    /// One renewal made.
    public struct Renewal: Sendable {
        public let treeSize: UInt64
        public let anchorHash: [UInt8]
        public let tsaURL: String
        public let slot: Int
        public let kind: Kind
        public let algorithm: DigestAlgorithm
        public let tsaSubject: String
        /// genTime, milliseconds.
        public let genTimeMillis: Int64
        /// Until when the renewed record is proven (seconds).
        public let provenUntil: Int64?
    }

    public struct Outcome: Sendable {
        public var renewed: [Renewal] = []
        /// One line per slot (TSA) whose due items could not be renewed: nothing recorded for them.
        public var failures: [String] = []
        /// The earliest due time among what is not renewed now (seconds).
        public var nextDue: Int64?
    }

    /// Every anchor in every slot, with what is due when (no TSA is asked).
    public func schedule(ledger: Ledger, now: Int64) throws -> [Item] {
        try Self.schedule(
            ledger: ledger, slots: tsaURLs.count, policy: verification.algorithmPolicy, initialHash: initialHash,
            marginSeconds: marginSeconds, force: force, now: now)
    }

    /// Every anchor in slots 1...`slots` (`evident status`: the slots records exist for).
    public static func schedule(
        ledger: Ledger, slots: Int, policy: AlgorithmPolicy, initialHash: DigestAlgorithm = .sha256,
        marginSeconds: Int64, force: Bool = false, now: Int64
    ) throws -> [Item] {
        let notes = Dictionary(try ledger.store.checkpoints().map { ($0.treeSize, $0.note) }) { a, _ in a }
        let records = try ledger.store.evidenceRecords(treeSize: nil)
        var items: [Item] = []
        for anchor in try ledger.store.anchors(treeSize: nil) {
            guard let note = notes[anchor.treeSize] else { continue }
            let anchorHash = try Digest.hash(.sha256, anchor.response)
            let objects = AnchorEvidence.dataObjects(anchor: anchor, note: note)
            for slot in 1...max(1, slots) {
                let stored = records.first { $0.anchorHash == anchorHash && $0.slot == slot }
                if let stored {
                    let record = try EvidenceRecord(derEncoded: stored.record)
                    let chain = record.chains[record.chains.count - 1]
                    let last = chain[chain.count - 1]
                    let alg = try last.hashAlgorithm
                    let until = RenewalSchedule.provenUntil(token: last.timeStamp, policy: policy, now: now)
                    let algorithmEnd = RenewalSchedule.algorithmEnd(alg, policy: policy)
                    let due = force ? now : (until.map { $0 - marginSeconds } ?? now)
                    let newChain = !force && algorithmEnd.map { $0 - marginSeconds <= max(now, due) } == true
                    items.append(
                        Item(
                            anchor: anchor, anchorHash: anchorHash, slot: slot, objects: objects, stored: stored,
                            record: record, provenUntil: until, dueAt: due, kind: newChain ? .hashTree : .timeStamp,
                            algorithm: alg))
                } else {
                    let token = try TimeStampResponse(
                        derEncoded: anchor.response, rules: DEREncodingRules(level: .tolerant)
                    ).token
                    let chain = (try? PEM.certificates(Array(anchor.chainPEM.utf8))) ?? []
                    let until = token.flatMap {
                        RenewalSchedule.provenUntil(token: $0, extra: chain, policy: policy, now: now)
                    }
                    let due = force ? now : (until.map { $0 - marginSeconds } ?? now)
                    items.append(
                        Item(
                            anchor: anchor, anchorHash: anchorHash, slot: slot, objects: objects, stored: nil,
                            record: nil, provenUntil: until, dueAt: due, kind: .initial, algorithm: initialHash))
                }
            }
        }
        return items
    }

    /// Renews what is due at `nowMillis`.
    public func renew(ledger: Ledger, nowMillis: Int64) throws -> Outcome {
        let now = nowMillis / 1000
        let items = try schedule(ledger: ledger, now: now)
        var outcome = Outcome()
        outcome.nextDue = items.filter { $0.dueAt > now }.map(\.dueAt).min()
        let check = tokenCheck()
        for (index, url) in tsaURLs.enumerated() {
            let slot = index + 1
            // A proof that has already ended cannot be renewed: name it, record nothing for it.
            var due: [Item] = []
            var chains: [[UInt8]: [[UInt8]]] = [:]
            for item in items where item.slot == slot && item.dueAt <= now {
                let standing = Self.standing(item, tokens: check, now: now)
                if let lapse = standing.lapse {
                    outcome.failures.append("\(url) (slot \(slot)): \(lapse)")
                } else {
                    due.append(item)
                    chains[item.anchorHash] = standing.chain
                }
            }
            // One tree per kind and algorithm (a hash-tree renewal's algorithm is the new one).
            var batches: [String: [Item]] = [:]
            var order: [String] = []
            for item in due {
                let key = "\(item.kind.rawValue)/\(algorithm(for: item).rawValue)"
                if batches[key] == nil { order.append(key) }
                batches[key, default: []].append(item)
            }
            for key in order {
                let batch = batches[key] ?? []
                do {
                    let (made, failed) = try renew(
                        batch, slot: slot, url: url, ledger: ledger, nowMillis: nowMillis, chains: chains)
                    outcome.renewed += made
                    outcome.failures += failed.map { "\(url) (slot \(slot)): \($0)" }
                } catch {
                    outcome.failures.append(
                        "\(url) (slot \(slot)): \(batch.count) \(batch[0].kind.rawValue)(s) not made, nothing recorded: \(error)"
                    )
                }
            }
        }
        return outcome
    }

    func algorithm(for item: Item) -> DigestAlgorithm {
        item.kind == .hashTree ? newChainHash : item.algorithm
    }

    /// Whether an item's proof still stands at `now`, judged before any TSA is asked.
    public struct Standing: Sendable {
        /// Why the proof has ended (nil: it stands): a renewal now cannot prove it.
        public var lapse: String?
        /// The validated chain (leaf first, DER) of the token a renewal covers: the anchor's
        /// (initial) or the record's last archive time-stamp's; its revocation data is embedded
        /// with ``ltv``.
        public var chain: [[UInt8]] = []
    }

    /// An anchor without a record is judged at `now` trusting the root its stored chain ends
    /// with (the ledger validated the chain when anchoring); a record is verified whole at `now`
    /// with `check` (its revocation data as carried, none required). Expired certificates and
    /// algorithms past their end date in `check`'s policy end a proof.
    public static func standing(_ item: Item, tokens check: EvidenceTokenCheck, now: Int64) -> Standing {
        let until = item.provenUntil.map { "it needed one before \(ReceiptTime.describe(millis: $0 * 1000))" }
        let why = "a renewal now cannot prove it; \(until ?? "it needed one earlier")"
        guard let record = item.record else {
            let certs = (try? PEM.certificates(Array(item.anchor.chainPEM.utf8))) ?? []
            let rules = DEREncodingRules(level: check.encoding)
            guard let root = certs.last,
                let token = (try? TimeStampResponse(derEncoded: item.anchor.response, rules: rules))?.token
            else {
                return Standing(
                    lapse:
                        "the anchor of checkpoint \(item.anchor.treeSize) is no longer provable (no token or no stored chain): \(why)"
                )
            }
            var anchorCheck = check
            anchorCheck.trustedRoots = [root]
            anchorCheck.requireRevocation = false
            var input = EvidenceTokenCheck.Input(
                bytes: item.anchor.response, isResponse: true, expectedImprint: token.tstInfo.messageImprint,
                provenAt: now)
            input.untrusted = certs
            let r = anchorCheck.check(input)
            guard r.verdict == .valid else {
                return Standing(
                    lapse:
                        "the anchor of checkpoint \(item.anchor.treeSize) is no longer provable (\(r.verdict): \(r.problem)): \(why)"
                )
            }
            return Standing(lapse: nil, chain: r.chainCertificates)
        }
        let verified = EvidenceRecordVerifier(tokens: check).verify(record, objects: item.objects, now: now)
        guard verified.verdict == .valid else {
            return Standing(
                lapse:
                    "the evidence record of the anchor of checkpoint \(item.anchor.treeSize) (slot \(item.slot)) had lapsed (\(verified.verdict): \(verified.problem)): \(why)"
            )
        }
        let chain = record.chains[record.chains.count - 1]
        let last = chain[chain.count - 1].timeStamp
        let r = check.check(
            EvidenceTokenCheck.Input(
                bytes: last.derBytes, isResponse: false, expectedImprint: last.tstInfo.messageImprint, provenAt: now))
        return Standing(lapse: nil, chain: r.chainCertificates)
    }

    /// The anchor token's genTime and accuracy (milliseconds), when it parses.
    static func anchorTime(_ anchor: StoredAnchor) -> (genTime: Int64, accuracy: Int64)? {
        guard
            let info =
                (try? TimeStampResponse(
                    derEncoded: anchor.response, rules: DEREncodingRules(level: .tolerant)))?.token?.tstInfo
        else { return nil }
        return (
            info.genTimeMillis,
            info.accuracyMillis
        )
    }

    /// The hashes an item's leaf holds: the data objects (initial), the last chain's time-stamps
    /// (time-stamp renewal), or the data objects bound to the earlier chains (hash-tree renewal).
    func leaf(_ item: Item, _ alg: DigestAlgorithm) throws -> ArchiveHashTree.Leaf {
        guard let record = item.record, item.kind != .initial else {
            return .init(hashes: try ArchiveRenewal.initialHashes(objects: item.objects, alg))
        }
        switch item.kind {
        case .initial:
            return .init(hashes: try ArchiveRenewal.initialHashes(objects: item.objects, alg))
        case .timeStamp:
            return .init(hashes: try ArchiveRenewal.timeStampRenewalHashes(record.chains[record.chains.count - 1], alg))
        case .hashTree:
            let ha = try ArchiveRenewal.previousChainsHash(record.chains[...], alg)
            return .init(
                hashes: try ArchiveRenewal.hashTreeRenewalHashes(objects: item.objects, previousChainsHash: ha, alg))
        }
    }

    /// One batch: one tree, one token. Throws (nothing recorded) when the token fails; after
    /// that, each record is verified and stored on its own: a record that fails (or lost a
    /// race to another writer) is named and the others are kept.
    func renew(
        _ due: [Item], slot: Int, url: String, ledger: Ledger, nowMillis: Int64,
        chains: [[UInt8]: [[UInt8]]] = [:]
    ) throws -> (
        [Renewal], [String]
    ) {
        let now = nowMillis / 1000
        let alg = algorithm(for: due[0])
        let kind = due[0].kind
        let batch = due
        var failed: [String] = []
        let client = try HTTPClient()
        let (root, trees) = try ArchiveHashTree.build(try batch.map { try leaf($0, alg) }, alg)

        var options = verification
        options.now = now
        var config = TimeStampClient.Configuration(tsaURLs: [url], verification: options)
        config.hash = alg
        config.nullDigestParameters = false
        config.http = http
        config.attemptsPerTSA = attemptsPerTSA
        config.deadlinePerTSA = deadlinePerTSA
        config.onStillWaiting = onStillWaiting
        let stamp = try TimeStampClient(configuration: config).stampBlocking(digest: root, client: client)
        guard let report = stamp.report,
            let response = try? TimeStampResponse(
                derEncoded: stamp.response, rules: DEREncodingRules(level: .tolerant)), let token = response.token
        else {
            throw Failure(.notVerified, "no verified token")
        }
        let revocation =
            ltv
            ? try RevocationCapture.captureAndVerify(stamp, verification: options, client: client, options: http)
            : nil
        let crls = revocation?.crls ?? [], ocspResponses = revocation?.ocspResponses ?? []
        // The long-term judgement, trusting only the given roots, before anything is recorded.
        var check = tokenCheck()
        check.crls = try crls.map { try X509CRL(derEncoded: $0) }
        check.ocspResponses = try ocspResponses.map { try OCSPResponse(derEncoded: $0) }
        var input = EvidenceTokenCheck.Input(
            bytes: stamp.response, isResponse: true,
            expectedImprint: MessageImprint(hashAlgorithm: AlgorithmIdentifier(digest: alg), hashedMessage: root),
            provenAt: now)
        input.request = try TimeStampRequest(derEncoded: stamp.request)
        let judged = check.check(input)
        guard judged.verdict == .valid else {
            throw Failure(.notVerified, "the TSA's token is \(judged.verdict): \(judged.problem)")
        }
        let embedded = try token.addingValidationData(
            certificates: report.chainCertificates, crls: crls, ocspResponses: ocspResponses)
        var made: [Renewal] = []
        for (item, tree) in zip(batch, trees) {
            do {
                // Over the data objects, it cannot predate the anchor token among them (a TSA
                // whose clock is behind): every bundle would fail (ArchiveTimeOrder).
                if kind != .timeStamp, let genTime = judged.genTime, let anchor = Self.anchorTime(item.anchor),
                    ArchiveTimeOrder.predatesAnchor(
                        archiveGenTimeMillis: genTime, archiveAccuracyMillis: judged.accuracyMillis,
                        anchorGenTimeMillis: anchor.genTime, anchorAccuracyMillis: anchor.accuracy)
                {
                    throw Failure(
                        .predatesAnchor,
                        "the TSA's genTime \(ReceiptTime.describe(millis: genTime)) (± \(judged.accuracyMillis) ms) predates the anchor's, \(ReceiptTime.describe(millis: anchor.genTime)) (± \(anchor.accuracy) ms): its clock is behind; an evidence record holding it would be invalid"
                    )
                }
                let ats = ArchiveTimeStamp(
                    digestAlgorithm: AlgorithmIdentifier(digest: alg), reducedHashtree: tree, timeStamp: embedded)
                let base = item.record ?? EvidenceRecord(digestAlgorithms: [], chains: [])
                let record = try base.appending(ats, newChain: kind == .hashTree)
                let verified = EvidenceRecordVerifier(tokens: check).verify(record, objects: item.objects, now: now)
                guard verified.verdict == .valid else {
                    throw Failure(.notVerified, "the renewed record is \(verified.verdict): \(verified.problem)")
                }
                var w = DERWriter()
                try record.serialize(into: &w)
                try ledger.store.saveEvidenceRecord(
                    StoredEvidenceRecord(
                        treeSize: item.anchor.treeSize, anchorHash: item.anchorHash, slot: slot, record: w.bytes,
                        updatedAtMillis: nowMillis),
                    replacing: item.stored?.record)
                made.append(
                    Renewal(
                        treeSize: item.anchor.treeSize, anchorHash: item.anchorHash, tsaURL: url, slot: slot,
                        kind: item.record == nil ? .initial : kind, algorithm: alg,
                        tsaSubject: judged.tsaSubject ?? "?",
                        genTimeMillis: judged.genTime ?? nowMillis, provenUntil: verified.provenUntil))
            } catch {
                failed.append(
                    "\(kind.rawValue) of the anchor of checkpoint \(item.anchor.treeSize) (\(Hex.encode(item.anchorHash).prefix(16))…) not recorded: \(error)"
                )
            }
        }
        return (made, failed)
    }

    /// How tokens are judged when renewing: the verification's roots, policy and encoding. As
    /// when anchoring, revocation data is checked when captured (``ltv``: the token must still be
    /// valid with it) but not required to postdate genTime: a CRL fetched right after stamping was
    /// issued before it; a verifier later decides with its own revocation policy and data.
    public func tokenCheck() -> EvidenceTokenCheck {
        var check = EvidenceTokenCheck(trustedRoots: verification.trustedRoots)
        check.algorithmPolicy = verification.algorithmPolicy
        check.encoding = verification.encoding
        check.requireRevocation = false
        return check
    }
}

extension ErrorCode where Owner == Renewer {
    public static let notVerified = Self("not-verified")
    public static let predatesAnchor = Self("predates-anchor")
}
