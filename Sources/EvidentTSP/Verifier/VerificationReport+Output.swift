import EvidentCore

extension VerificationReport {
    /// A readable report: the verdict, the first problem, then each check.
    public func text(all: Bool = false) -> String {
        var out = ["Verification: \(verdict.rawValue)"]
        if let p = firstProblem {
            out.append(
                "\(verdict == .invalid ? "Failed check" : "Undetermined check"): \(p.check) [\(p.object)]: \(p.reason)")
        }
        if let t = tstInfo {
            out.append("genTime: \(t.genTime) (serial \(t.serialNumber.hexString), policy \(t.policy))")
        }
        if !chain.isEmpty { out.append("Chain: \(chain.joined(separator: " <- "))") }
        out.append("Algorithm policy: \(algorithmPolicy)")
        for w in warnings {
            out.append("Warning: DER deviation accepted: \(w.code) at offset \(w.offset): \(w.detail)")
        }
        out.append("Checks:")
        for c in checks { out.append("  \(c)") }
        // Every line may carry text from the token or its unsigned envelope (a statusString, a
        // name): shown, never obeyed by the terminal (DisplayText).
        return out.map(DisplayText.safe).joined(separator: "\n")
    }

    public func json() -> JSONValue {
        func check(_ c: CheckResult) -> JSONValue {
            let outcome: String
            switch c.outcome {
            case .passed: outcome = "passed"
            case .failed: outcome = "failed"
            case .indeterminate: outcome = "indeterminate"
            case .skipped: outcome = "skipped"
            }
            return .object([
                ("check", .string(c.check.rawValue)), ("outcome", .string(outcome)), ("object", .string(c.object)),
                ("detail", .string(c.reason)),
            ])
        }
        var fields: [(String, JSONValue)] = [("verdict", .string(verdict.rawValue))]
        fields.append(("first_problem", firstProblem.map(check) ?? .null))
        fields.append(("gen_time", tstInfo.map { .string($0.genTime.description) } ?? .null))
        fields.append(("serial_number", tstInfo.map { .string($0.serialNumber.hexString) } ?? .null))
        fields.append(("policy", tstInfo.map { .string($0.policy.description) } ?? .null))
        fields.append(("chain", .array(chain.map(JSONValue.string))))
        fields.append(("algorithm_policy", .string(algorithmPolicy)))
        fields.append(("checks", .array(checks.map(check))))
        fields.append(
            (
                "warnings",
                .array(
                    warnings.map {
                        .object([
                            ("code", .string($0.code.name)), ("offset", .int($0.offset)),
                            ("detail", .string($0.detail)),
                        ])
                    })
            ))
        return .document("timestamp-verification", fields)
    }
}
