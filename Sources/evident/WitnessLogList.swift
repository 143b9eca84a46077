import EvidentLedger

/// The log keys of a c2sp.org/tlog-policy file: a witness's log list (only `log` lines count;
/// the format requires a quorum line, `quorum none` for a witness), or the logs a verifier's
/// `--policy` trusts.
enum WitnessLogList {
    static func keys(_ path: String) throws -> [NoteVerifierKey] {
        let bytes = try CLI.readFile(path, limit: WitnessPolicy.maxSize)
        let policy: WitnessPolicy
        do { policy = try WitnessPolicy.parse(bytes) } catch { throw InputError("\(path): \(error)") }
        guard !policy.logs.isEmpty else { throw InputError("\(path): no `log` line (no log to trust)") }
        return policy.logs.map(\.key)
    }
}
