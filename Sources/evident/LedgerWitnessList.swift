import ArgumentParser
import EvidentCore
import EvidentLedger

struct LedgerWitnessList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The configured witnesses: name, URL, vkey, newest size each cosigned.")
    @OptionGroup var ledger: LedgerOptions
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        try CLI.guarding {
            let store = try ledger.open().store
            let witnesses = try store.witnesses()
            let newest = try store.newestCosignatures()
            let rows = witnesses.map { w in (w, newest.first { $0.isBy(w) }) }
            if json {
                print(
                    JSONValue.document(
                        "ledger-witnesses",
                        [
                            (
                                "witnesses",
                                .array(
                                    rows.map { w, c in
                                        .object([
                                            ("name", .string(w.name)), ("url", .string(w.url)),
                                            ("vkey", .string(w.key.vkey)),
                                            ("newest_cosigned_size", c.map { .int(Int($0.treeSize)) } ?? .null),
                                        ])
                                    })
                            )
                        ]
                    ).render())
            } else {
                if rows.isEmpty { print("no witnesses configured") }
                for (w, c) in rows {
                    print(
                        DisplayText.safe(
                            "\(w.name)  \(w.url)  \(w.key.vkey)  \(c.map { "cosigned size \($0.treeSize)" } ?? "never cosigned")"
                        ))
                }
            }
        }
    }
}
