import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct Mint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Mint signed receipts into the ledger (acknowledged only once durable).",
        discussion: """
            From flags (one receipt), from --draft FILE|- (one draft), or --jsonl (drafts on stdin, one per line, minted in
            group-committed batches of --batch). Each acknowledged receipt prints as one JSON line: {"hash","stream","seq","index","receipt"}.
            A draft's seq and prev are assigned by the ledger; issued_at defaults to now.
            """)

    @OptionGroup var ledger: LedgerOptions
    @Option(name: .customLong("signing-key"), help: "The ledger signing key file.") var key: String
    @OptionGroup var passphrase: PassphraseOptions
    @Option var stream: String?
    @Option(help: "allow or deny.") var decision: String?
    @Option var actor: String?
    @Option var action: String?
    @Option var resource: String?
    @Option(help: "Scope entry key=value (repeatable).") var scope: [String] = []
    @Option var policyId: String?
    @Option var policyVersion: String?
    @Option(help: "Policy text file (its SHA-256 goes into the receipt).") var policyFile: String?
    @Option(help: "Evidence name=FILE (repeatable; the file's SHA-256 goes into the receipt).") var evidence: [String] =
        []
    @Option(help: "Parent receipt hash (repeatable: decision lineage).") var parent: [String] = []
    @Option(help: "Expiry (RFC 3339 UTC).") var expires: String?
    @Option(
        help: "Fields to store only as the ledger's keyed hash (repeatable: actor, action, resource, scope, approvers)."
    ) var sensitive: [String] = []
    @Option(name: .customLong("draft"), help: "Draft JSON file, or - for stdin.") var json: String?
    @Option(
        help:
            "An idempotency key (unique per stream, not signed): a retry with the same key and draft returns the first receipt; a different draft is refused (exit 1)."
    ) var requestId: String?
    @Flag(help: "Drafts as JSON lines on stdin.") var jsonl = false
    @Option(help: "Drafts per group commit with --jsonl.") var batch: Int = 64
    @Flag(
        inversion: .prefixedNo,
        help: "Reference the newest anchor token in each receipt (default: yes), proving it postdates that genTime.")
    var referenceAnchor = true

    func validate() throws {
        if json != nil && jsonl { throw ValidationError("--draft and --jsonl are exclusive") }
        if json == nil && !jsonl {
            for (name, value) in [
                ("--stream", stream), ("--decision", decision), ("--actor", actor), ("--action", action),
                ("--resource", resource), ("--policy-id", policyId), ("--policy-version", policyVersion),
            ] where value == nil {
                throw ValidationError("\(name) is required (or give --draft / --jsonl)")
            }
            if policyFile == nil {
                throw ValidationError("--policy-file is required (its hash is the policy snapshot)")
            }
        }
        if requestId != nil && jsonl {
            throw ValidationError("--request-id is for one draft; with --jsonl put request_id in each line")
        }
        if let requestId {
            do { try ReceiptDraft.checkRequestID(requestId) } catch { throw ValidationError("--request-id: \(error)") }
        }
        if batch < 1 || batch > LedgerLimits.maxBatch {
            throw ValidationError("--batch must be 1…\(LedgerLimits.maxBatch)")
        }
    }

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            var minter = Minter(ledger: l, key: try LedgerKeys.secret(key, passphrase: passphrase))
            minter.referenceNewestAnchor = referenceAnchor
            let protected = try Set(
                sensitive.map { name -> SensitiveField in
                    guard let f = SensitiveField(rawValue: name) else {
                        throw InputError("--sensitive: unknown field '\(name)'")
                    }
                    return f
                })
            let fieldKey =
                protected.isEmpty
                ? nil
                : try { () throws -> SensitiveFieldKey in
                    do { return try LedgerDirectory(path: ledger.dir).fieldKey() } catch {
                        throw InputError("\(error)")
                    }
                }()
            func mint(_ plain: [ReceiptDraft]) throws {
                var drafts = fieldKey.map { k in plain.map { $0.protecting(protected, with: k) } } ?? plain
                if let requestId {
                    if let given = drafts[0].requestID, given != requestId {
                        throw InputError("--request-id \(requestId) differs from the draft's request_id \(given)")
                    }
                    drafts[0].requestID = requestId
                }
                let minted: [(receipt: Receipt, entry: LedgerEntry)]
                do { minted = try minter.mint(drafts) } catch let e as LedgerStoreError where e.code == .requestConflict
                {
                    // A request id reused for another draft: refused, not bad input (exit 1).
                    CLI.printError("evident: error: \(e.detail)")
                    throw ExitCode(ExitStatus.invalid.rawValue)
                }
                var out: [UInt8] = []
                for (r, e) in minted {
                    out +=
                        Array(
                            JSONValue.document(
                                "minted",
                                [
                                    ("hash", .string(r.receiptHashHex)), ("stream", .string(e.stream)),
                                    ("seq", .int(Int(e.sequence))), ("index", .int(Int(e.index))),
                                    ("receipt", .raw(r.canonicalJSON)),
                                ]
                            ).render(pretty: false).utf8) + [0x0A]
                }
                CLI.writeStdout(out)
            }
            func draft(_ bytes: [UInt8]) throws -> ReceiptDraft {
                do { return try Minter.draft(json: bytes, nowMillis: WallClock.millis()) } catch {
                    throw InputError("draft: \(error)")
                }
            }
            if jsonl {
                var pending: [ReceiptDraft] = []
                while let line = readLine(strippingNewline: true) {
                    if line.isEmpty { continue }
                    pending.append(try draft(Array(line.utf8)))
                    if pending.count >= batch {
                        try mint(pending)
                        pending = []
                    }
                }
                if !pending.isEmpty { try mint(pending) }
            } else if let json {
                let bytes =
                    json == "-"
                    ? Array((readLine(strippingNewline: false) ?? "").utf8) + readAll()
                    : try CLI.readFile(json, limit: 1 << 20)
                try mint([try draft(bytes)])
            } else {
                try mint([try flagsDraft()])
            }
        }
    }

    func readAll() -> [UInt8] {
        var out: [UInt8] = []
        while let line = readLine(strippingNewline: false) { out += Array(line.utf8) }
        return out
    }

    func fileHash(_ path: String) throws -> String {
        var h = try Digest(.sha256)
        try CLI.streamFile(path) { h.update($0) }
        return Hex.encode(h.finalize())
    }

    func flagsDraft() throws -> ReceiptDraft {
        guard let d = ReceiptDraft.Decision(rawValue: decision ?? "") else {
            throw InputError("--decision must be allow or deny")
        }
        var draft = ReceiptDraft(
            stream: stream!, sequence: 1, previous: nil,
            issuedAt: try ReceiptTime(millisecondsSinceEpoch: WallClock.millis()), decision: d,
            actor: actor!, action: action!, resource: resource!,
            policy: .init(id: policyId!, version: policyVersion!, hash: try fileHash(policyFile!)))
        // No time was given: the ledger's clock assigns issued_at at append (and a retry with
        // --request-id is the same draft).
        draft.issuedAtIsAssigned = true
        for kv in scope {
            guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                throw InputError("--scope '\(kv)' is not key=value")
            }
            draft.scope[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
        }
        for kv in evidence {
            guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                throw InputError("--evidence '\(kv)' is not name=FILE")
            }
            draft.evidence.append(
                .init(name: String(kv[..<eq]), sha256: try fileHash(String(kv[kv.index(after: eq)...]))))
        }
        draft.parents = parent
        if let expires {
            do { draft.expiresAt = try ReceiptTime(expires) } catch { throw InputError("--expires: \(error)") }
        }
        return draft
    }
}
