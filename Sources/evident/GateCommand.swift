import ArgumentParser
import EvidentCore
import EvidentLedger

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract:
            "Before executing: exit 0 only if the receipt is a valid allow for exactly this action, resource and scope.",
        discussion: """
            Fail closed: exit 1 with the reason for anything else — a deny, another action, resource or scope, an expired or
            tampered receipt, an unknown, revoked or rotated-out key. Exit 2 for unreadable input.
            """)

    @Option(help: "The receipt (JSON).") var receipt: String
    @Option var action: String
    @Option var resource: String
    @Option(help: "Scope entry key=value (repeatable); must equal the receipt's scope exactly.") var scope: [String] =
        []
    @Option(name: .customLong("ledger-key"), help: "Trusted ledger public key files and key records; repeatable.")
    var trustedKeys: [String]
    @Option(help: "The time to check at (RFC 3339 UTC; default now).") var at: String?

    func run() throws {
        var refused: String? = nil
        try CLI.guarding {
            let ring = try LedgerKeys.ring(trustedKeys)
            let r: Receipt
            do { r = try Receipt(json: CLI.readFile(receipt, limit: 1 << 20)) } catch let e as InputError {
                throw e
            } catch {
                refused = "receipt does not parse: \(error)"
                return
            }
            var wanted: [String: String] = [:]
            for kv in scope {
                guard let eq = kv.firstIndex(of: "="), eq != kv.startIndex else {
                    throw InputError("--scope '\(kv)' is not key=value")
                }
                wanted[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
            }
            let time = try at.map { try CLI.time($0, "--at") } ?? CLI.now()
            switch Gate.check(
                r, against: .init(action: action, resource: resource, scope: wanted, at: time), keys: ring)
            {
            case .allowed: print("allowed: \(r.receiptHashHex)")
            case .refused(let why): refused = why
            }
        }
        if let refused {
            CLI.printError("evident: gate refused: \(refused)")
            throw ExitCode(ExitStatus.invalid.rawValue)
        }
    }
}
