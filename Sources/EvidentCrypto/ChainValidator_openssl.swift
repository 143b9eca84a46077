internal import COpenSSL
import EvidentDER

/// Certificate path validation with OpenSSL (RFC 5280 §6), under the caller's trust only.
public enum ChainValidator {
    public enum Status: Hashable, Sendable {
        /// A path to one of the given roots exists and is valid at the given time.
        case valid
        /// A path exists but something on it is wrong at that time (expired, revoked, bad
        /// signature, a non-CA issuer, a purpose the certificate does not allow…).
        case invalid
        /// No path to any of the given roots (the verifier was not told to trust its root).
        case noTrustedRoot
        /// Revocation data was required but none covers a certificate on the path.
        case revocationUnknown
    }

    public struct Result: Sendable {
        public let status: Status
        /// OpenSSL's X509_V_ERR_* code (0 when valid) and its text.
        public let errorCode: Int
        public let message: String
        /// Depth of the certificate at fault (0 = leaf), -1 when not applicable.
        public let errorDepth: Int
        /// The validated path, leaf first (empty unless valid).
        public let chain: [X509Certificate]
        /// Revocations accepted because they happened after the validation time for a reason
        /// that does not affect earlier signatures (RFC 3161 §4), one line each.
        public var acceptedLaterRevocations: [String] = []
        /// Certificates whose revocation status came from an OCSP response, one line each.
        public var coveredByOCSP: [String] = []
        /// With no path to a trusted root: the last certificate of the chain that could be built
        /// (what a reader compares with the roots they gave).
        public var lastCertificate: X509Certificate?
    }

    /// Revocation data that can show a certificate revoked but not prove it good: the bundle
    /// verifier's CRLs issued and OCSP responses produced before the time the token must be
    /// proven good from. A revocation either shows on the path is decisive
    /// (``revocationShown(on:crls:ocsp:signed:)``).
    public struct RevocationEvidence: Sendable {
        public var crls: [X509CRL]
        public var ocsp: [OCSPResponse]
        public init(crls: [X509CRL] = [], ocsp: [OCSPResponse] = []) {
            self.crls = crls
            self.ocsp = ocsp
        }
        public var isEmpty: Bool { crls.isEmpty && ocsp.isEmpty }
    }

    /// Which certificates revocation data must cover.
    public enum RevocationScope: Sendable, Hashable {
        /// Only the leaf (OpenSSL's `-crl_check`).
        case leaf
        /// Every certificate on the path (`-crl_check_all`): the default.
        case fullChain
    }

    /// Reasons after which signatures made before the revocation date stay valid (RFC 3161 §4:
    /// only a key compromise invalidates earlier tokens; we also refuse unspecified, hold,
    /// privilegeWithdrawn and CA/AA compromise, which say nothing reassuring).
    static let benignReasons: Set<Int> = [
        3 /* affiliationChanged */, 4 /* superseded */, 5 /* cessationOfOperation */,
    ]

    /// When the signature under validation was made, for the revocation rules. By its own claim
    /// at `time`, the validation time (a token's genTime): a revocation dated then or before is
    /// decisive. But perhaps as late as `latest` (genTime plus the token's accuracy, RFC 3161
    /// §2.4.2): only a revocation dated after it shows the signature made before it, so a benign
    /// revocation dated in between leaves the status unknown. Revocation data proves good status
    /// only when issued at or after `goodFrom` (a whole second at or after the latest instant).
    public struct SigningTime: Sendable, Hashable {
        public var time: Int64
        public var latest: Int64
        public var goodFrom: Int64
        /// A signature made at `time` exactly (a validation time that is not a token's genTime).
        public init(at time: Int64) { self.init(time: time, latest: time, goodFrom: time) }
        public init(time: Int64, latest: Int64, goodFrom: Int64) {
            self.time = time
            self.latest = max(time, latest)
            self.goodFrom = max(time, goodFrom)
        }
        /// A benign revocation dated `at` after `time`: whether it shows the signature made
        /// before it.
        func after(_ at: Int64) -> Bool { at > latest }
    }

    /// State the verify callback reads, reached through the store context's app data.
    final class CallbackState {
        let crls: [X509CRL]
        let ocsp: [OCSPResponse]
        let signed: SigningTime
        var time: Int64 { signed.time }
        var accepted: [String] = []
        var coveredByOCSP: [String] = []
        /// Why a certificate's status is unknown, when OpenSSL's text would not say.
        var unknownBecause: String?
        init(crls: [X509CRL], ocsp: [OCSPResponse], signed: SigningTime) {
            self.crls = crls
            self.ocsp = ocsp
            self.signed = signed
        }
    }

    /// A certificate without a CRL is covered by an OCSP response that says "good" as of the
    /// time good status must be proven from or later (thisUpdate ≥ goodFrom), or "revoked" after
    /// the signature's latest time for a benign reason (RFC 3161 §4). Returns the error to report
    /// instead, or X509_V_OK.
    static func ocspVerdict(_ state: CallbackState, ctx: OpaquePointer, cert: OpaquePointer) -> Int32 {
        let depth = X509_STORE_CTX_get_error_depth(ctx)
        guard let chain = X509_STORE_CTX_get0_chain(ctx), depth + 1 < evident_sk_X509_num(chain),
            let issuer = evident_sk_X509_value(chain, depth + 1),
            let c = try? X509Certificate(derEncoded: X509Certificate.encode(cert)),
            let i = try? X509Certificate(derEncoded: X509Certificate.encode(issuer))
        else { return X509_V_ERR_UNABLE_TO_GET_CRL }
        let name = X509Certificate.format(X509_get_subject_name(cert))
        // Any revocation first, from every response: one that is not benign-and-later is decisive.
        var later: String?
        var good: Int64?
        var tooEarly: Int64?
        for response in state.ocsp {
            for status in response.statuses(of: c, issuer: i) {
                switch status {
                case .revoked(let at, let reason, _, let startUnknown):
                    guard at > state.time && benignReasons.contains(reason) else { return X509_V_ERR_CERT_REVOKED }
                    // Revoked later, but perhaps invalid since before, or within the token's
                    // accuracy (revocationShown has already said so): not shown either way.
                    guard startUnknown == nil, state.signed.after(at) else { return X509_V_ERR_UNABLE_TO_GET_CRL }
                    later = later ?? "\(name) revoked after the validation time, reason \(reasonText(reason)) (OCSP)"
                case .good(let thisUpdate):
                    // Good as of the earlier of thisUpdate and producedAt: a responder cannot know
                    // a status at a time after it signed (round 23: `ts verify` took a thisUpdate
                    // later than producedAt, the bundle verifier did not).
                    let asOf = min(thisUpdate, response.producedAt)
                    if asOf >= state.signed.goodFrom {
                        good = good ?? asOf
                    } else {
                        tooEarly = max(tooEarly ?? .min, asOf)
                    }
                default:
                    continue
                }
            }
        }
        if let later {
            state.accepted.append(later)
            return X509_V_OK
        }
        if let good {
            state.coveredByOCSP.append("\(name): OCSP good as of \(ChainValidator.moment(good))")
            return X509_V_OK
        }
        if let tooEarly {
            state.unknownBecause =
                "\(name): OCSP good only as of \(moment(tooEarly)), before \(moment(state.signed.goodFrom)) "
                + "(genTime plus the token's accuracy, or the later time it is judged at): its status then is not shown"
        }
        return X509_V_ERR_UNABLE_TO_GET_CRL
    }

    /// X509_verify_cert callback: accepts X509_V_ERR_CERT_REVOKED only for a revocation dated
    /// after the validation time with a benign reason; every other error stands.
    static let verifyCallback: @convention(c) (Int32, OpaquePointer?) -> Int32 = { ok, ctx in
        guard ok != 1, let ctx, let raw = X509_STORE_CTX_get_ex_data(ctx, 0),
            let cert = X509_STORE_CTX_get_current_cert(ctx)
        else { return ok }
        let state = Unmanaged<CallbackState>.fromOpaque(raw).takeUnretainedValue()
        let error = X509_STORE_CTX_get_error(ctx)
        // A trust anchor is an input to path validation, not a certificate it checks (RFC 5280
        // §6.1.1 (d)): no revocation data is required for it. CRL_CHECK_ALL asks for it anyway.
        if error == X509_V_ERR_UNABLE_TO_GET_CRL, let chain = X509_STORE_CTX_get0_chain(ctx),
            X509_STORE_CTX_get_error_depth(ctx) == evident_sk_X509_num(chain) - 1
        {
            X509_STORE_CTX_set_error(ctx, X509_V_OK)
            return 1
        }
        // A CRL issued after the validation time (thisUpdate > genTime) is later evidence, not
        // missing evidence: a certificate it does not list was not revoked at genTime, and one it
        // lists is judged by its revocation date and reason below (RFC 3161 §4; ETSI EN 319 102-1
        // accepts revocation data obtained after the time of interest). OpenSSL, validating at
        // -attime, calls it "not yet valid"; we deliberately accept it (docs/verifier.md).
        if error == X509_V_ERR_CRL_NOT_YET_VALID {
            X509_STORE_CTX_set_error(ctx, X509_V_OK)
            return 1
        }
        if error == X509_V_ERR_UNABLE_TO_GET_CRL && !state.ocsp.isEmpty {
            let verdict = ocspVerdict(state, ctx: ctx, cert: cert)
            X509_STORE_CTX_set_error(ctx, verdict)
            return verdict == X509_V_OK ? 1 : 0
        }
        guard error == X509_V_ERR_CERT_REVOKED else { return ok }
        for crl in state.crls {
            var entry: OpaquePointer? = nil
            guard X509_CRL_get0_by_cert(crl.ref, &entry, cert) == 1, let entry,
                let date = X509_REVOKED_get0_revocationDate(entry)
            else { continue }
            let invalidity = InvalidityDate.of(entry: entry)
            guard ASN1_TIME_cmp_time_t(date, time_t(state.time)) > 0, invalidity.start(revoked: .max) > state.time
            else { return ok }
            // Revoked later, but perhaps invalid since before, or within the token's accuracy
            // (revocationShown has already made this path's status unknown): never accepted.
            guard invalidity.unreadableReason == nil,
                state.signed.after(invalidity.start(revoked: OCSPResponse.epoch(date) ?? .min))
            else { return ok }
            guard let reason = reasonCode(entry), benignReasons.contains(reason) else { return ok }
            state.accepted.append(
                "\(X509Certificate.format(X509_get_subject_name(cert))) revoked after the validation time, reason \(reason)"
            )
            X509_STORE_CTX_set_error(ctx, X509_V_OK)
            return 1
        }
        return ok
    }

    /// The reason code of a CRL entry, nil when it has none.
    static func reasonCode(_ entry: OpaquePointer) -> Int? {
        var critical: Int32 = 0
        guard let reasonPtr = X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nil) else { return nil }
        let enumerated = reasonPtr.assumingMemoryBound(to: ASN1_ENUMERATED.self)
        defer { ASN1_ENUMERATED_free(enumerated) }
        return ASN1_ENUMERATED_get(enumerated)
    }

    /// Revocation evidence (docs/verification.md, "TSA revocation"): a CRL signed by the issuer
    /// on `path` of any date, or a trusted OCSP response of any date, that lists a certificate of
    /// the path (the root aside) as revoked at or before `time`, or after it for a reason other
    /// than the benign ones. A revocation is a fact no other CRL can hide: one that does not list
    /// the certificate (issued later, after the certificate expired, or in another order) proves
    /// nothing against it (red team, issue #16: revocation-masked-by-newer-clean-crl,
    /// revocation-before-gentime-ignored-as-stale). Returns what was found, or nil.
    ///
    /// A certificateHold (reason 6) is reversible (RFC 5280 §5.3.1): listed by data issued before
    /// `time` it shows a suspension then, not at `time` — the hold may have been released before
    /// it. Such a hold is `decided: false` (the status at `time` is unknown), and only when no
    /// revocation is decisive; listed by data issued at or after `time`, it is decisive like any
    /// other (red team round 18: a hold released before genTime had made an honest token invalid).
    ///
    /// A revocation after `time` for a benign reason dated no later than `signed.latest` (within
    /// the token's accuracy after genTime) does not show the signature made before it: undecided.
    static func revocationShown(
        on path: [X509Certificate], crls: [X509CRL], ocsp: [OCSPResponse], signed: SigningTime
    ) -> (message: String, depth: Int, decided: Bool)? {
        let time = signed.time
        var undecided: (message: String, depth: Int, decided: Bool)?
        // Whether an entry is decisive; a hold listed before `time` is remembered as undecided.
        func decisive(
            _ at: Int64, _ reason: Int?, listedAt: Int64?, startUnknown: String?,
            _ message: @autoclosure () -> String, _ depth: Int
        )
            -> Bool
        {
            guard at <= time || !benignReasons.contains(reason ?? -1) else {
                // Revoked after `time` for a benign reason, but no later than the signature may
                // have been made: whether it was made before the revocation is not shown.
                if !signed.after(at), undecided == nil {
                    undecided = (
                        message() + ", after the validation time \(moment(time)) but not after "
                            + "\(moment(signed.latest)), the latest the token may have been made (genTime plus its "
                            + "accuracy): whether it was made before the revocation is not shown",
                        depth, false
                    )
                }
                // An invalidityDate that cannot be read may put the start before `time`
                // (InvalidityDate): the status at `time` is unknown.
                if let startUnknown, undecided == nil {
                    undecided = (
                        message() + ", but \(startUnknown): whether it was still valid at \(moment(time)) is not shown",
                        depth, false
                    )
                }
                return false
            }
            if reason == 6, (listedAt ?? .min) < time {
                if undecided == nil {
                    undecided = (
                        "certificate on hold" + message().dropFirst("certificate revoked".count)
                            + ", shown by data issued before the validation time: whether the hold still held at "
                            + "\(moment(time)) is not shown (a hold can be released)",
                        depth, false
                    )
                }
                return false
            }
            return true
        }
        for depth in path.indices.dropLast() {
            let cert = path[depth], issuer = path[depth + 1]
            let name = X509Certificate.format(X509_get_subject_name(cert.ref))
            for crl in crls where !signers(of: crl, among: [issuer]).isEmpty {
                for entry in entries(of: crl, for: cert) {
                    guard let date = X509_REVOKED_get0_revocationDate(entry) else { continue }
                    let reason = reasonCode(entry)
                    if reason == 8 { continue }  // removeFromCRL (delta CRLs): not a revocation
                    let invalidity = InvalidityDate.of(entry: entry)
                    let at = invalidity.start(revoked: OCSPResponse.epoch(date) ?? .min)
                    let message =
                        "certificate revoked: \(name) at \(moment(at)), reason \(reasonText(reason)) "
                        + "(CRL of \(crl.issuer) issued \(crl.thisUpdate.map(moment) ?? "?"))"
                    if decisive(
                        at, reason, listedAt: crl.thisUpdate, startUnknown: invalidity.unreadableReason, message, depth)
                    {
                        return (message, depth, true)
                    }
                }
            }
            for response in ocsp {
                for case .revoked(let at, let reason, let thisUpdate, let startUnknown)
                    in response.statuses(of: cert, issuer: issuer)
                {
                    let message = "certificate revoked: \(name) at \(moment(at)), reason \(reasonText(reason)) (OCSP)"
                    if decisive(at, reason, listedAt: thisUpdate, startUnknown: startUnknown, message, depth) {
                        return (message, depth, true)
                    }
                }
            }
        }
        return undecided
    }

    /// A CRLReason code for messages; "none" when the entry or response gives none (OCSP's -1).
    static func reasonText(_ reason: Int?) -> String { reason.flatMap { $0 >= 0 ? String($0) : nil } ?? "none" }

    /// A time in seconds as GeneralizedTime text, for messages.
    static func moment(_ t: Int64) -> String { DERTime.describe(secondsSinceEpoch: t) }

    /// The certificates among `candidates` whose subject is the CRL's issuer and whose key
    /// verifies its signature. A CRL no candidate signed proves nothing about this path: it is
    /// left out (so revocation stays unknown) rather than failing the path.
    static func signers(of crl: X509CRL, among candidates: [X509Certificate]) -> [X509Certificate] {
        candidates.filter { c in
            guard X509_NAME_cmp(X509_get_subject_name(c.ref), X509_CRL_get_issuer(crl.ref)) == 0 else { return false }
            if let known = crl.verifiedBy.withLock({ $0[c.derBytes] }) { return known }
            guard let key = X509_get0_pubkey(c.ref) else { return false }
            defer { ERR_clear_error() }
            let verified = X509_CRL_verify(crl.ref, key) == 1
            crl.verifiedBy.withLock { $0[c.derBytes] = verified }
            return verified
        }
    }

    /// The entries of `crl` for `cert`'s serial number, every one of them (X509_CRL_get0_by_cert
    /// stops at the first, so an entry listed first — benign, or removeFromCRL — hid a
    /// key-compromise entry after it: red team round 6, duplicate-crl-entry-…). The entry's
    /// certificateIssuer is not honoured: indirect CRLs are not supported, and a CRL its issuer
    /// signed that lists this serial is evidence against this certificate (crl-certificateissuer-inherited).
    static func entries(of crl: X509CRL, for cert: X509Certificate) -> [OpaquePointer] {
        guard let revoked = X509_CRL_get_REVOKED(crl.ref), let serial = X509_get0_serialNumber(cert.ref) else {
            return []
        }
        var out: [OpaquePointer] = []
        for i in 0..<evident_sk_X509_REVOKED_num(revoked) {
            guard let entry = evident_sk_X509_REVOKED_value(revoked, i),
                let s = X509_REVOKED_get0_serialNumber(entry), ASN1_INTEGER_cmp(s, serial) == 0
            else { continue }
            out.append(entry)
        }
        return out
    }

    /// Validates `leaf` at `signed.time` (seconds since the epoch) against `trustedRoots` only;
    /// the revocation rules also weigh `signed.latest` and `signed.goodFrom` (``SigningTime``).
    /// Certificates in `untrusted` can be intermediates, never anchors. With `crls` non-empty,
    /// every certificate on the path must be covered by a CRL (CRL_CHECK_ALL).
    /// `revocationEvidence`: CRLs and OCSP responses that cannot prove a certificate good (the
    /// bundle verifier's, from before the validation time) but can prove it revoked.
    /// `timeStamping` applies OpenSSL's timestamp-signing purpose to the path.
    public static func validate(
        leaf: X509Certificate, untrusted: [X509Certificate], trustedRoots: [X509Certificate],
        crls: [X509CRL] = [], revocationEvidence: RevocationEvidence = .init(), ocsp: [OCSPResponse] = [],
        revocationScope: RevocationScope = .fullChain, signed: SigningTime, timeStamping: Bool = true
    ) throws -> Result {
        let time = signed.time
        // OCSP responses count only when their signer chains to the given roots.
        func trusted(_ responses: [OCSPResponse]) -> [OCSPResponse] {
            responses.filter {
                $0.verifySigner(untrusted: untrusted + $0.embeddedCertificates, trustedRoots: trustedRoots)
            }
        }
        let trustedOCSP = trusted(ocsp)
        var usable = crls
        // With revocation data, the path is found first without revocation checks. Then (1) any
        // revocation the data shows is decisive (revocationShown), and (2) each certificate gets
        // only the CRLs signed by its issuer on that path: OpenSSL picks a certificate's CRL by
        // issuer name (ours, like many, carry no authority key identifier), so another CA of the
        // same name would have its CRL held against this path (two-tsas-same-root-name). A CRL no
        // path certificate signed proves nothing here and is left out.
        if !crls.isEmpty || !revocationEvidence.isEmpty || !trustedOCSP.isEmpty {
            let path = try validate(
                leaf: leaf, untrusted: untrusted, trustedRoots: trustedRoots, signed: signed, timeStamping: timeStamping
            )
            guard path.status == .valid else { return path }
            if let revoked = revocationShown(
                on: path.chain, crls: crls + revocationEvidence.crls,
                ocsp: trustedOCSP + trusted(revocationEvidence.ocsp),
                signed: signed)
            {
                return Result(
                    status: revoked.decided ? .invalid : .revocationUnknown,
                    errorCode: Int(revoked.decided ? X509_V_ERR_CERT_REVOKED : X509_V_ERR_UNABLE_TO_GET_CRL),
                    message: revoked.message, errorDepth: revoked.depth, chain: [])
            }
            // For good status, per issuer on the path its newest complete CRL: any revocation was
            // already decisive above, and OpenSSL re-sorts its store on every CRL added (32,000
            // archived CRLs took minutes: red team round 6, many-distinct-crls-store-quadratic).
            var newest: [[UInt8]: X509CRL] = [:]
            for crl in crls where crl.isComplete {
                guard let signer = signers(of: crl, among: path.chain).first else { continue }
                if let other = newest[signer.derBytes], (other.thisUpdate ?? .min) >= (crl.thisUpdate ?? .min) {
                    continue
                }
                newest[signer.derBytes] = crl
            }
            usable = Array(newest.values)
        }
        guard let store = X509_STORE_new() else { throw CryptoError.openssl("X509_STORE_new") }
        defer { X509_STORE_free(store) }
        for root in trustedRoots where X509_STORE_add_cert(store, root.ref) != 1 {
            throw CryptoError.openssl("X509_STORE_add_cert")
        }
        for crl in usable where X509_STORE_add_crl(store, crl.ref) != 1 {
            throw CryptoError.openssl("X509_STORE_add_crl")
        }
        guard let chainIn = evident_sk_X509_new() else { throw CryptoError.openssl("sk_X509_new") }
        defer { evident_sk_X509_free(chainIn) }
        for c in untrusted { _ = evident_sk_X509_push(chainIn, c.ref) }
        guard let ctx = X509_STORE_CTX_new() else { throw CryptoError.openssl("X509_STORE_CTX_new") }
        defer { X509_STORE_CTX_free(ctx) }
        guard X509_STORE_CTX_init(ctx, store, leaf.ref, chainIn) == 1 else {
            throw CryptoError.openssl("X509_STORE_CTX_init")
        }
        let param = X509_STORE_CTX_get0_param(ctx)
        X509_VERIFY_PARAM_set_time(param, time_t(time))
        // Not X509_V_FLAG_X509_STRICT: it applies profile rules RFC 5280 §6.1 path validation does not
        // (a trust anchor whose basicConstraints is not critical, as real TSA roots have), and would
        // reject sound real-world chains (docs/real-tokens.md).
        var flags: UInt = 0
        // On what was given, not on what was usable: revocation data that was given but proves
        // nothing about this path leaves its status unknown (fail closed), never unchecked.
        if !crls.isEmpty || !ocsp.isEmpty {
            flags |= UInt(X509_V_FLAG_CRL_CHECK)
            if revocationScope == .fullChain { flags |= UInt(X509_V_FLAG_CRL_CHECK_ALL) }
        }
        X509_VERIFY_PARAM_set_flags(param, flags)
        if timeStamping { X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_TIMESTAMP_SIGN) }
        let state = CallbackState(crls: usable, ocsp: trustedOCSP, signed: signed)
        let ok = withExtendedLifetime(state) { () -> Int32 in
            X509_STORE_CTX_set_ex_data(ctx, 0, Unmanaged.passUnretained(state).toOpaque())
            X509_STORE_CTX_set_verify_cb(ctx, verifyCallback)
            return X509_verify_cert(ctx)
        }
        let err = Int(X509_STORE_CTX_get_error(ctx))
        let depth = Int(X509_STORE_CTX_get_error_depth(ctx))
        var message = String(cString: X509_verify_cert_error_string(CLong(err)))
        if err == X509_V_ERR_UNABLE_TO_GET_CRL, let why = state.unknownBecause { message = why }
        ERR_clear_error()
        if ok == 1 {
            var chain: [X509Certificate] = []
            // The path is made of the objects we handed in (OpenSSL up-refs them): reuse their
            // wrappers instead of encoding and parsing each again (a third of a token's
            // verification was spent there: OpenSSL 3's key decoders take locks per parse).
            var given: [OpaquePointer: X509Certificate] = [:]
            for c in [leaf] + untrusted + trustedRoots { given[c.ref] = c }
            if let sk = X509_STORE_CTX_get1_chain(ctx) {
                defer { evident_sk_X509_pop_free(sk) }
                for i in 0..<evident_sk_X509_num(sk) {
                    guard let x = evident_sk_X509_value(sk, i) else { continue }
                    chain.append(try given[x] ?? X509Certificate(derEncoded: X509Certificate.encode(x)))
                }
            }
            var result = Result(status: .valid, errorCode: 0, message: "ok", errorDepth: -1, chain: chain)
            result.acceptedLaterRevocations = state.accepted
            result.coveredByOCSP = state.coveredByOCSP
            return result
        }
        let status: Status
        switch Int32(err) {
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
            X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            status = .noTrustedRoot
        // A CRL with a critical extension it cannot process must not be used to determine any
        // certificate's status (RFC 5280 §5.3): the status is unknown, not revoked (red team
        // round 21: one such entry, for any certificate, had made every token of its CA invalid).
        case X509_V_ERR_UNABLE_TO_GET_CRL, X509_V_ERR_CRL_NOT_YET_VALID, X509_V_ERR_CRL_HAS_EXPIRED,
            X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER, X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
            status = .revocationUnknown
        default:
            status = .invalid
        }
        var result = Result(status: status, errorCode: err, message: message, errorDepth: depth, chain: [])
        if status == .noTrustedRoot, let sk = X509_STORE_CTX_get0_chain(ctx), evident_sk_X509_num(sk) > 0,
            let last = evident_sk_X509_value(sk, evident_sk_X509_num(sk) - 1)
        {
            result.lastCertificate = try? X509Certificate(derEncoded: X509Certificate.encode(last))
        }
        return result
    }
}
