/// What a bundle's selection claims, from which filters it has (docs/verification.md): defined
/// once for the exporter's scope, the manifest's and the report's.
public protocol SelectionShape {
    var stream: String? { get }
    var decision: String? { get }
    var action: String? { get }
    /// Whether a start (`from`) is stated.
    var statesStart: Bool { get }
}

extension SelectionShape {
    /// A stream/decision/action filter: such a selection is never claimed complete.
    public var isFiltered: Bool { stream != nil || decision != nil || action != nil }

    /// A selection in which each stream's receipts are one run of seqs: a period (the whole log
    /// in it), or one stream with no decision or action filter (a period allowed). A stream's
    /// seqs follow log order and the log's time is monotone, so the receipts of a stream inside
    /// a period are consecutive, and start at seq 1 when no start is stated. A gap is then a
    /// receipt the bundle withholds.
    public var holdsStreamRuns: Bool { decision == nil && action == nil }

    /// One stream's selection (no decision or action filter) with a stated start: its first
    /// receipt need not be seq 1, so the bundle carries the stream's receipt just before it (the
    /// one its prev names, issued before `from`) as a boundary receipt, proving that no receipt
    /// of the stream issued from `from` on is withheld before it.
    public var provesStreamStart: Bool { stream != nil && holdsStreamRuns && statesStart }
}
