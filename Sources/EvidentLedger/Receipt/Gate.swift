/// The before-execution check for pipelines (`evident gate`): does this receipt authorize
/// exactly this action, on exactly this resource, with exactly this scope, now? Fail closed:
/// any doubt is a refusal with its reason.
public enum Gate {
    public struct Request: Sendable {
        public var action: String
        public var resource: String
        public var scope: [String: String]
        public var at: ReceiptTime

        public init(action: String, resource: String, scope: [String: String], at: ReceiptTime) {
            self.action = action
            self.resource = resource
            self.scope = scope
            self.at = at
        }
    }

    public enum Decision: Sendable, Equatable {
        case allowed
        case refused(String)
    }

    public static func check(_ receipt: Receipt, against request: Request, keys: KeyRing) -> Decision {
        let d = receipt.draft
        // Signature, key validity at issue time (not revoked, not rotated out), expiry at `at`.
        let verdict = keys.verify(receipt, now: request.at)
        if let e = verdict.error { return .refused("receipt is \(verdict == .valid ? "valid" : "not valid"): \(e)") }
        guard verdict == .valid else { return .refused("receipt is not valid: \(verdict)") }
        // A key revoked by now authorizes nothing from now on.
        if case .revoked(let from, let reason) = keys.status(of: receipt.keyID, at: request.at) {
            return .refused("signing key \(receipt.keyID) is revoked from \(from) (\(reason))")
        }
        // A newer minor version's member may restrict the authorization (a condition, a limit):
        // what this version cannot read, it cannot honour, so it authorizes nothing.
        if let unknown = d.extensions.first {
            return .refused(
                "receipt v\(d.version) has member \"\(unknown.key.prefix(40))\" that this version does not know: it may restrict the authorization"
            )
        }
        guard d.decision == .allow else { return .refused("the receipt records a deny decision") }
        guard d.action == request.action else {
            return .refused("receipt authorizes action '\(d.action)', not '\(request.action)'")
        }
        guard d.resource == request.resource else {
            return .refused("receipt authorizes resource '\(d.resource)', not '\(request.resource)'")
        }
        guard d.scope == request.scope else {
            return .refused("receipt scope \(describe(d.scope)) is not the requested scope \(describe(request.scope))")
        }
        guard d.issuedAt <= request.at else {
            return .refused("receipt is issued after the time checked (\(d.issuedAt) > \(request.at))")
        }
        return .allowed
    }

    static func describe(_ scope: [String: String]) -> String {
        "{" + scope.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") + "}"
    }
}
