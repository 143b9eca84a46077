import EvidentCore
import EvidentLedger

extension CLI {
    /// Stream heads as `status` and `ledger status` print them (docs/json.md).
    static func json(heads: [StreamHead]) -> JSONValue {
        .array(
            heads.map {
                .object([
                    ("stream", .string($0.stream)), ("seq", .int(Int($0.sequence))),
                    ("head", .string(Hex.encode($0.hash))),
                ])
            })
    }
}
