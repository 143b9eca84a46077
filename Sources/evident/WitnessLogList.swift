import EvidentLedger

/// The log keys of a c2sp.org/tlog-policy file: a witness's log list (only `log` lines count;
/// the format requires a quorum line, `quorum none` for a witness), or the logs a verifier's
/// `--policy` trusts.
enum WitnessLogList {
    static func keys(_ path: String, option: String) throws -> [NoteVerifierKey] {
        let policy = try LedgerKeys.policy(path, option: option)
        guard !policy.logs.isEmpty else { throw InputError("\(option) \(path): no `log` line (no log to trust)") }
        return policy.logs.map(\.key)
    }
}
