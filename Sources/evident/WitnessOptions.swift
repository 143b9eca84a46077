import ArgumentParser
import EvidentCore
import EvidentLedger

/// The witness options of `checkpoint` and `anchor`, and the one way both collect cosignatures
/// from the ledger's witnesses (`evident ledger witness add`).
struct WitnessOptions: ParsableArguments {
    @Option(
        help:
            "Witnesses that must cosign the checkpoint; fewer: exit 1, nothing recorded as cosigned (default 0: ask the configured witnesses, need none)."
    )
    var minWitnesses: Int = 0
    @Option(help: "Attempts per witness for retryable failures.") var witnessRetries: Int = 3
    @Option(help: "Timeout per witness HTTP request, seconds.") var witnessTimeout: Double = 30
    @Option(help: "Most seconds spent on one witness, all attempts together (default: attempts × timeout).")
    var witnessDeadline: Double?

    func validate() throws {
        if minWitnesses < 0 { throw ValidationError("--min-witnesses must be 0 or more") }
        if witnessRetries < 1 { throw ValidationError("--witness-retries must be 1 or more") }
        if !(witnessTimeout > 0) { throw ValidationError("--witness-timeout must be positive seconds") }
        if let witnessDeadline, !(witnessDeadline > 0) {
            throw ValidationError("--witness-deadline must be positive seconds")
        }
    }

    var witnessing: Witnessing {
        var w = Witnessing()
        w.minWitnesses = minWitnesses
        w.client.attempts = witnessRetries
        w.client.http.timeout = witnessTimeout
        w.client.deadline = witnessDeadline
        w.client.onStillWaiting = { name, attempt, seconds in
            CLI.printError("evident: still waiting for witness \(name) (attempt \(attempt), \(seconds) s)")
        }
        return w
    }

    /// Collects and records the cosignatures of `checkpoint`; each witness's outcome on standard
    /// error. Throws ``Witnessing/Failure`` when fewer than `--min-witnesses` cosigned.
    func collect(_ ledger: Ledger, _ checkpoint: StoredCheckpoint) throws -> [Witnessing.Outcome] {
        let outcomes = try witnessing.collect(ledger: ledger, checkpoint: checkpoint, nowMillis: { WallClock.millis() })
        for o in outcomes { CLI.printError("evident: " + Self.describe(o, size: checkpoint.treeSize)) }
        return outcomes
    }

    static func describe(_ o: Witnessing.Outcome, size: UInt64) -> String {
        let name = DisplayText.safe(o.witness.name)
        switch o.status {
        case .alreadyCosigned(let c):
            return "witness \(name) had cosigned size \(size) at \(ReceiptTime.describe(millis: c.timestampMillis))"
        case .cosigned(let c):
            return "witness \(name) cosigned size \(size) at \(ReceiptTime.describe(millis: c.timestampMillis))"
        case .failed(let problem):
            return "witness \(name) did not cosign size \(size): \(DisplayText.safe(problem))"
        }
    }

    static func json(_ outcomes: [Witnessing.Outcome]) -> JSONValue {
        .array(
            outcomes.map { o in
                let status: String
                switch o.status {
                case .alreadyCosigned: status = "already-cosigned"
                case .cosigned: status = "cosigned"
                case .failed: status = "failed"
                }
                var fields: [(String, JSONValue)] = [("name", .string(o.witness.name)), ("status", .string(status))]
                if let c = o.cosignature {
                    fields.append(("timestamp", .string(ReceiptTime.describe(millis: c.timestampMillis))))
                }
                if case .failed(let p) = o.status { fields.append(("error", .string(p))) }
                return .object(fields)
            })
    }
}
