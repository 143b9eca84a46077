/// Where a witness keeps its ``WitnessRecord`` per log origin. The one rule that makes a witness
/// sound (c2sp.org/tlog-witness, the race at the end of add-checkpoint): checking the stored
/// size and storing the new checkpoint are one atomic step, so ``replace(origin:expected:with:)``
/// is a compare-and-swap, and it is durable before it returns.
public protocol WitnessStateStore: Sendable {
    /// The latest cosigned checkpoint of `origin`, or nil when none was ever cosigned.
    func record(origin: String) throws -> WitnessRecord?

    /// Stores `new` for `origin` only if the stored record still has the size and root of
    /// `expected` (nil: there is none); durable (on disk, synced) before it returns true. False
    /// when another request changed it first: nothing was written.
    func replace(origin: String, expected: WitnessRecord?, with new: WitnessRecord) throws -> Bool
}
