import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentTSP

struct LedgerStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Log size, root, stream heads and the newest checkpoint.")
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "Print only the number of receipts (for scripts).") var sizeOnly = false
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        try CLI.guarding {
            do {
                let l = try ledger.open()
                let size = try l.store.merkle.treeSize()
                if sizeOnly {
                    print(size)
                    return
                }
                let root = try l.store.merkle.rootHash(treeSize: size)
                let heads = try l.store.heads()
                let checkpoint = try l.store.latestCheckpoint()
                if json {
                    print(
                        JSONValue.document(
                            "ledger-status",
                            [
                                ("origin", .string(l.origin)), ("size", .int(Int(size))),
                                ("root", .string(root.base64)),
                                ("streams", CLI.json(heads: heads)),
                                (
                                    "checkpoint",
                                    checkpoint.map {
                                        .object([
                                            ("size", .int(Int($0.treeSize))),
                                            ("root", .string(Base64.encode($0.rootHash))),
                                        ])
                                    } ?? .null
                                ),
                            ]
                        ).render())
                } else {
                    print("origin: \(l.origin)")
                    print("receipts: \(size), root \(root.base64)")
                    print(
                        "checkpoint: \(checkpoint.map { "size \($0.treeSize)\($0.treeSize == size ? " (current)" : ", \(size - $0.treeSize) receipts newer")" } ?? "none")"
                    )
                    print("streams: \(heads.count)")
                    for h in heads { print("  \(h.stream)  #\(h.sequence)  \(Hex.encode(h.hash))") }
                }
            }
        }
    }
}
