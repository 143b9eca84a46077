import ArgumentParser
import EvidentCore
import EvidentDER
import EvidentLedger
import EvidentTSP

struct ReceiptsGet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print receipts by hash (JSON lines); exit 1 if any is not in the ledger.")
    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "Receipt hashes (hex).") var hashes: [String] = []
    @Option(name: .customLong("hashes"), help: "A file of receipt hashes, one per line.") var hashFile: String?

    func run() throws {
        var missing = 0
        try CLI.guarding {
            var wanted = hashes
            if let hashFile {
                let text = String(decoding: try CLI.readFile(hashFile, limit: 64 << 20), as: UTF8.self)
                wanted += text.split(whereSeparator: { $0 == "\n" || $0 == " " }).map(String.init)
            }
            let store: any LedgerStore
            store = try ledger.open().store
            for h in wanted {
                guard let bytes = Hex.decode(h), bytes.count == 32 else {
                    throw InputError("'\(h)' is not a 64-hex-digit receipt hash")
                }
                if let e = try store.entry(hash: bytes) {
                    print(String(decoding: e.body, as: UTF8.self))
                } else {
                    CLI.printError("evident: \(h): not in the ledger")
                    missing += 1
                }
            }
        }
        if missing > 0 { throw ExitCode(ExitStatus.invalid.rawValue) }
    }
}
