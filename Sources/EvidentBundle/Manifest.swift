import EvidentCore
import EvidentDER
import EvidentLedger

/// The parsed manifest.json (docs/bundle.md, "manifest.json"): read with the strict JCS parser,
/// so duplicate keys and malformed JSON are refused.
struct Manifest {
    struct Anchor {
        let treeSize: UInt64
        let tsa: String
        let token: String
        let request: String
        let chain: String
        let revocation: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What the export says it selected (unsigned: the verifier checks every receipt against it
    /// and proves a period selection complete from the receipts and their neighbours).
    struct Scope: SelectionShape {
        var from: ReceiptTime?
        var to: ReceiptTime?
        var stream: String?
        var decision: String?
        var action: String?
        var statesStart: Bool { from != nil }
    }

    let version: UInt64
    let origin: String
    let files: [String: String]
    let checkpoints: [String]
    let anchors: [Anchor]
    /// RFC 4998 evidence records (v4): which anchor (its `.tsr`), which slot, which file.
    struct EvidenceRecordEntry {
        let anchor: String
        let slot: Int
        let record: String
    }
    let evidenceRecords: [EvidenceRecordEntry]
    let coveringTreeSize: UInt64
    let receiptCount: Int
    let scope: Scope

    init(_ bytes: [UInt8]) throws {
        let o = try JCSObject.parse(bytes[...])
        guard o.string("format") == BundleFormat.formatName else {
            throw Failure(description: "format is not \(BundleFormat.formatName)")
        }
        guard let version = o.uint("version") else { throw Failure(description: "version missing") }
        guard BundleFormat.readableVersions.contains(version) else {
            throw Failure(
                description: version == 1
                    ? "format version 1 cannot prove what this verifier requires (a period's completeness, the key journal a checkpoint commits to, ledger-assigned time): re-export the period with this version"
                    : "unsupported version \(version) (this verifier reads versions \(BundleFormat.readableVersions.sorted().map(String.init).joined(separator: ", ")))"
            )
        }
        self.version = version
        guard let origin = o.string("origin") else { throw Failure(description: "origin missing") }
        guard case .object(let filesObject)? = o["files"] else { throw Failure(description: "files missing") }
        var files: [String: String] = [:]
        for member in filesObject.members {
            guard case .string(let digest) = member.value, digest.utf8.count == 64, Hex.decode(digest) != nil else {
                throw Failure(description: "files: \(member.key): not a SHA-256 hex digest")
            }
            files[member.key] = digest
        }
        guard case .array(let cps)? = o["checkpoints"], case .array(let anchors)? = o["anchors"] else {
            throw Failure(description: "checkpoints or anchors missing")
        }
        checkpoints = try cps.map { v in
            guard case .string(let s) = v else { throw Failure(description: "checkpoints: not a file name") }
            return s
        }
        self.anchors = try anchors.map { v in
            guard case .object(let a) = v, let size = a.uint("tree_size"), let tsa = a.string("tsa"),
                let token = a.string("token"),
                let request = a.string("request"), let chain = a.string("chain"),
                let revocation = a.string("revocation")
            else { throw Failure(description: "anchors: malformed entry") }
            return Anchor(
                treeSize: size, tsa: tsa, token: token, request: request, chain: chain, revocation: revocation)
        }
        switch o["evidence_records"] {
        case nil:
            evidenceRecords = []
        case .array(let list)? where version >= UInt64(BundleFormat.renewedVersion):
            evidenceRecords = try list.map { v in
                guard case .object(let e) = v, let anchor = e.string("anchor"), let slot = e.uint("slot"),
                    slot >= 1, slot <= 64, let record = e.string("record")
                else { throw Failure(description: "evidence_records: malformed entry") }
                return EvidenceRecordEntry(anchor: anchor, slot: Int(slot), record: record)
            }
        default:
            throw Failure(description: "evidence_records: only a version 4 manifest lists them, as an array")
        }
        guard let covering = o.uint("covering_tree_size"), case .object(let counts)? = o["counts"],
            let receipts = counts.uint("receipts"),
            case .object(let scope)? = o["scope"]
        else { throw Failure(description: "covering_tree_size, counts or scope missing") }
        func optionalString(_ key: String) throws -> String? {
            switch scope[key] {
            case .null?: return nil
            case .string(let s)?: return s
            default: throw Failure(description: "scope.\(key) must be a string or null")
            }
        }
        func optionalTime(_ key: String) throws -> ReceiptTime? {
            guard let s = try optionalString(key) else { return nil }
            guard let t = try? ReceiptTime(s) else { throw Failure(description: "scope.\(key) is not a receipt time") }
            return t
        }
        self.scope = Scope(
            from: try optionalTime("from"), to: try optionalTime("to"), stream: try optionalString("stream"),
            decision: try optionalString("decision"), action: try optionalString("action"))
        self.origin = origin
        self.files = files
        self.coveringTreeSize = covering
        self.receiptCount = Int(receipts)
    }
}

extension Manifest {
    /// What an (unsigned) manifest claims, for the report's `claimed` member: origin, created_at,
    /// covering_tree_size, counts, period, scope (as they are in the manifest; null when absent)
    /// and each anchor's tree size and TSA label. Taken from the parsed object, before any
    /// validation, so a refused manifest still says what it claimed.
    static func claimed(_ o: JCSObject) -> JCSValue? {
        let anchors: [JCSValue]
        if case .array(let list)? = o["anchors"] {
            anchors = list.compactMap { v in
                guard case .object(let a) = v else { return nil }
                return try? .object(JCSObject(["tree_size": a["tree_size"] ?? .null, "tsa": a["tsa"] ?? .null]))
            }
        } else {
            anchors = []
        }
        return try? .object(
            JCSObject([
                "origin": o["origin"] ?? .null, "created_at": o["created_at"] ?? .null,
                "covering_tree_size": o["covering_tree_size"] ?? .null, "counts": o["counts"] ?? .null,
                "period": o["period"] ?? .null, "scope": o["scope"] ?? .null, "anchors": .array(anchors),
            ]))
    }
}

extension JCSObject {
    /// Parses a JSON object with the strict JCS parser.
    static func parse(_ bytes: ArraySlice<UInt8>) throws -> JCSObject {
        guard case .object(let o) = try JCS.parse(Array(bytes), limits: JCSLimits(maxInputSize: 1 << 26)) else {
            throw Manifest.Failure(description: "not a JSON object")
        }
        return o
    }

    func string(_ key: String) -> String? {
        if case .string(let s)? = self[key] { return s }
        return nil
    }

    /// A non-negative integer (exact in a double).
    func uint(_ key: String) -> UInt64? {
        guard case .number(let d)? = self[key], d >= 0, d <= 9_007_199_254_740_991, d == d.rounded() else { return nil }
        return UInt64(d)
    }

    /// An array of base64 Merkle hashes.
    func hashes(_ key: String) -> [MerkleHash]? {
        guard case .array(let a)? = self[key] else { return nil }
        var out: [MerkleHash] = []
        for v in a {
            guard case .string(let s) = v, let h = try? MerkleHash(base64: s) else { return nil }
            out.append(h)
        }
        return out
    }
}
