/// A checkpoint together with the signed note that carries it.
public struct SignedCheckpoint: Hashable, Sendable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    /// The trusted keys whose signatures verified when it was opened (empty for one just signed).
    public var verifiedBy: [NoteVerifierKey] = []

    /// The bytes to publish or store.
    public var bytes: [UInt8] { note.bytes }

    /// Opens a signed checkpoint in the order c2sp.org/signed-note asks for: parse the envelope,
    /// verify the signatures against `keys` (the text is not looked at before one verifies),
    /// then parse the text and, when `origin` is given, require it.
    public static func open(
        _ bytes: [UInt8], trusting keys: [NoteVerifierKey], origin: String? = nil
    ) throws -> SignedCheckpoint {
        let note = try SignedNote.parse(bytes)
        let verifiedBy = try note.verify(trusting: keys)
        let checkpoint = try Checkpoint(text: note.text)
        if let origin, !checkpoint.origin.utf8.elementsEqual(origin.utf8) {
            throw NoteError(.originMismatch, line: 1, "the checkpoint is for \(checkpoint.origin), not \(origin)")
        }
        return SignedCheckpoint(checkpoint: checkpoint, note: note, verifiedBy: verifiedBy)
    }
}
