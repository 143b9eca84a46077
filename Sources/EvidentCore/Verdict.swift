/// What every verifier in the project answers (a token, a receipt, a ledger, a bundle): never a
/// bare boolean. docs/verification.md says, for each claim, what proves it and which verdict
/// a missing proof gives.
public enum Verdict: String, Sendable, Hashable, CaseIterable {
    /// Every check passed: each claim is proven by what the verifier was given.
    case valid
    /// A check failed: the object is wrong, forged, or does not match what was asked.
    case invalid
    /// Nothing failed, but a claim could not be proven from what was given (no path to a
    /// trusted root, no revocation data, an unknown key, no anchor). Never valid.
    case indeterminate

    /// The verdict of a run that found `findings`: invalid if any finding is a failure,
    /// indeterminate if any is undecided, valid only when there are none.
    public init(of findings: some Sequence<Finding>) {
        var verdict = Verdict.valid
        for f in findings {
            if f.severity == .invalid { self = .invalid; return }
            verdict = .indeterminate
        }
        self = verdict
    }

    /// The verdict of several claims together: invalid if any is, else indeterminate if any is.
    public static func worst(_ verdicts: Verdict...) -> Verdict {
        verdicts.contains(.invalid) ? .invalid : (verdicts.contains(.indeterminate) ? .indeterminate : .valid)
    }

    /// The process exit status a command reports for this verdict.
    public var exitStatus: ExitStatus {
        switch self {
        case .valid: return .valid
        case .invalid: return .invalid
        case .indeterminate: return .indeterminate
        }
    }
}

/// The exit statuses of every `evident` command (docs/cli.md), mapped in this one place.
public enum ExitStatus: Int32, Sendable, Hashable {
    /// Success; for a verifying command, the verdict is valid.
    case valid = 0
    /// The verdict is invalid (or, for a command that does not verify, it failed).
    case invalid = 1
    /// Bad input: an unreadable or malformed file, a wrong option, a refused operation. Nothing
    /// was judged.
    case badInput = 2
    /// The verdict is indeterminate.
    case indeterminate = 3
}
