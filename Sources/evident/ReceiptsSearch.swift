import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentTSP

struct ReceiptsSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find receipts by stream, decision, action, resource, key, policy and time (indexed).")
    @OptionGroup var ledger: LedgerOptions
    @Option var stream: String?
    @Option(help: "allow or deny.") var decision: String?
    @Option var action: String?
    @Option var resource: String?
    @Option(name: .customLong("key-id"), help: "Signing key id.") var key: String?
    @Option var policyId: String?
    @Option(help: "Issued at or after (RFC 3339 UTC).") var from: String?
    @Option(help: "Issued before (RFC 3339 UTC).") var to: String?
    @Option(help: "Most receipts to return.") var limit: Int = LedgerLimits.defaultSearchLimit
    @Flag(help: "One JSON object per line (the canonical receipt), for pipelines.") var jsonl = false
    @Flag(help: "JSON: {schema, receipts: [{index, stream, seq, hash, receipt}]} (docs/json.md).") var json = false

    func validate() throws {
        if json && jsonl { throw ValidationError("--json and --jsonl are exclusive") }
        if let decision, decision != "allow" && decision != "deny" {
            throw ValidationError("--decision must be allow or deny")
        }
        if limit < 1 { throw ValidationError("--limit must be positive") }
    }

    func run() throws {
        try CLI.guarding {
            var q = LedgerQuery(
                stream: stream, decision: decision, action: action, resource: resource, keyID: key, policyID: policyId,
                from: try CLI.millis(from, "--from"), to: try CLI.millis(to, "--to"))
            q.limit = limit
            let entries: [LedgerEntry]
            entries = try ledger.open().store.search(q)
            if jsonl {
                for e in entries { print(String(decoding: e.body, as: UTF8.self)) }
            } else if json {
                let receipts = entries.map { e in
                    JSONValue.object([
                        ("index", .int(Int(e.index))), ("stream", .string(e.stream)), ("seq", .int(Int(e.sequence))),
                        ("hash", .string(Hex.encode(e.hash))),
                        // The stored canonical receipt, as a JSON object (the bytes its hash covers).
                        ("receipt", .raw(String(decoding: e.body, as: UTF8.self))),
                    ])
                }
                print(JSONValue.document("receipts", [("receipts", .array(receipts))]).render())
            } else {
                for e in entries {
                    print(
                        "\(e.index)\t\(e.stream)#\(e.sequence)\t\(e.decision)\t\(e.action)\t\(e.resource)\t\(Hex.encode(e.hash))"
                    )
                }
                CLI.printError("\(entries.count) receipt(s)")
            }
        }
    }
}
