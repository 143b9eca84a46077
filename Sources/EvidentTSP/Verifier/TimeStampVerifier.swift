import EvidentCore
import EvidentCrypto
import EvidentDER

/// A strict, offline RFC 3161 verifier. The TSP/CMS logic and every field check are ours,
/// over our DER layer; OpenSSL does the certificate path building and signature primitives.
///
/// Each check is named (``CheckName``); the first failure makes the verdict invalid, an
/// indeterminate check (with no failure) makes it indeterminate.
public struct TimeStampVerifier: Sendable {
    public let options: VerificationOptions

    public init(options: VerificationOptions) { self.options = options }

    /// Verifies a TimeStampResp (`isResponse`) or a bare token, as bytes. By default under
    /// ``DEREncodingRules/tolerant``: the deviations sound TSAs emit are accepted and listed in
    /// the report's `warnings`; `.der` (`--strict-der`) makes each a failure of `encoding`.
    public func verify(_ bytes: [UInt8], isResponse: Bool, rules given: DEREncodingRules? = nil) -> VerificationReport {
        let rules = given ?? DEREncodingRules(level: options.encoding)
        var run = Run(options: options)
        run.verify(bytes, isResponse: isResponse, rules: rules)
        var report = VerificationReport(
            checks: run.results, tstInfo: run.tstInfo, chain: run.chain, chainCertificates: run.chainCertificates)
        report.warnings = rules.warnings
        report.algorithmPolicy = options.algorithmPolicy.name
        report.algorithmsEnd = run.algorithmsEnd
        return report
    }

    /// Verifies an already-decoded token.
    public func verify(token: TimeStampToken) -> VerificationReport {
        var run = Run(options: options)
        run.results.append(CheckResult(check: .encoding, outcome: .passed("decoded"), object: "token"))
        run.verify(token: token)
        var report = VerificationReport(
            checks: run.results, tstInfo: run.tstInfo, chain: run.chain, chainCertificates: run.chainCertificates)
        report.algorithmPolicy = options.algorithmPolicy.name
        report.algorithmsEnd = run.algorithmsEnd
        return report
    }
}

/// One verification, accumulating results; stops at the first failure unless asked not to.
struct Run {
    let options: VerificationOptions
    var results: [CheckResult] = []
    var tstInfo: TSTInfo?
    var chain: [String] = []
    var chainCertificates: [[UInt8]] = []
    /// The signature scheme the `signature` check read from the SignerInfo (for `algorithms`).
    var scheme: SignatureScheme?
    /// The earliest end date of the token's algorithms (``VerificationReport/algorithmsEnd``).
    var algorithmsEnd: Int64?

    init(options: VerificationOptions) { self.options = options }

    /// The certificate with this DER: one of the given ones when it is, else parsed by OpenSSL
    /// once for every verification sharing these options (``VerificationOptions/parsedCertificates``).
    func x509(_ der: [UInt8]) throws -> X509Certificate {
        if let given = options.untrusted.first(where: { $0.derBytes == der })
            ?? options.trustedRoots.first(where: { $0.derBytes == der })
        {
            return given
        }
        return try options.parsedCertificates.certificate(der)
    }

    var shouldStop: Bool { !options.runAllChecks && results.contains(where: \.isFailure) }

    mutating func pass(_ c: CheckName, _ detail: String, _ object: String = "") {
        results.append(CheckResult(check: c, outcome: .passed(detail), object: object))
    }
    mutating func fail(_ c: CheckName, _ why: String, _ object: String) {
        results.append(CheckResult(check: c, outcome: .failed(why), object: object))
    }
    mutating func indeterminate(_ c: CheckName, _ why: String, _ object: String) {
        results.append(CheckResult(check: c, outcome: .indeterminate(why), object: object))
    }
    mutating func skip(_ c: CheckName, _ why: String) {
        results.append(CheckResult(check: c, outcome: .skipped(why), object: ""))
    }

    mutating func verify(_ bytes: [UInt8], isResponse: Bool, rules: DEREncodingRules) {
        let token: TimeStampToken
        do {
            if isResponse {
                let resp = try TimeStampResponse(derEncoded: bytes, rules: rules)
                pass(.encoding, "TimeStampResp decoded (\(bytes.count) bytes)", "TimeStampResp")
                let s = resp.statusInfo
                guard let status = s.status, status == .granted || status == .grantedWithMods else {
                    var why = "status is \(s.status?.description ?? "unknown value \(s.statusValue)")"
                    if !s.failures.isEmpty {
                        why += ", failInfo \(s.failures.map(\.description).joined(separator: ","))"
                    }
                    if let text = s.statusString { why += ", statusString \"\(text.joined(separator: "; "))\"" }
                    fail(.status, why, "PKIStatusInfo")
                    return
                }
                guard let t = resp.token else {
                    fail(.status, "status \(status) but no timeStampToken", "TimeStampResp")
                    return
                }
                pass(.status, status.description, "PKIStatusInfo")
                token = t
            } else {
                token = try TimeStampToken(derEncoded: bytes, rules: rules)
                pass(.encoding, "token decoded (\(bytes.count) bytes)", "TimeStampToken")
                skip(.status, "bare token: no PKIStatusInfo")
            }
        } catch let e as DERError {
            let check: CheckName =
                e.code == .unexpectedContentType || e.code == .missingContent ? .contentType : .encoding
            fail(check, e.description, isResponse ? "TimeStampResp" : "TimeStampToken")
            return
        } catch {
            fail(.encoding, "\(error)", "input")
            return
        }
        verify(token: token)
    }

    mutating func verify(token: TimeStampToken) {
        let sd = token.signedData
        tstInfo = token.tstInfo
        pass(.contentType, "signedData / id-ct-TSTInfo", "ContentInfo")

        // RFC 3161 §2.4.2: the token MUST NOT contain any signature other than the TSA's.
        guard sd.signerInfos.count == 1, let si = sd.signerInfos.first else {
            fail(.signerInfo, "\(sd.signerInfos.count) SignerInfos, a time-stamp token has exactly one", "SignedData")
            return
        }
        pass(.signerInfo, "one SignerInfo, \(si.sid)", "SignerInfo")

        // RFC 5652 §5.3: with a non-data eContentType, signed attributes MUST be present and
        // hold content-type and message-digest.
        guard let attrs = si.signedAttributes, let signedBytes = si.signedAttributesForSignature else {
            fail(.signedAttributes, "no signed attributes", "SignerInfo")
            return
        }
        // RFC 5652 §11: content-type, message-digest and signing-time are single-instance,
        // single-valued; no signed attribute of a time-stamp token may repeat or carry two
        // values, whether the verifier reads it or not (two signing-times would let a display
        // pick either).
        var seen = Set<OID>()
        for a in attrs {
            guard seen.insert(a.type).inserted else {
                fail(.signedAttributes, "signed attribute \(a.type.displayName) appears more than once", "SignerInfo")
                return
            }
            guard a.values.count == 1 else {
                fail(
                    .signedAttributes, "signed attribute \(a.type.displayName) has \(a.values.count) values, not one",
                    "SignerInfo")
                return
            }
        }
        let contentTypes = attrs.all(.contentType)
        guard contentTypes.count == 1, let ct = try? contentTypes[0].singleValue(rules: sd.rules).objectIdentifier()
        else {
            fail(.signedAttributes, "content-type attribute must be present exactly once with one value", "SignerInfo")
            return
        }
        guard ct == .tstInfo else {
            fail(
                .signedAttributes, "content-type attribute is \(ct.displayName), eContentType is id-ct-TSTInfo",
                "SignerInfo")
            return
        }
        pass(.signedAttributes, "content-type id-ct-TSTInfo", "SignerInfo")

        let digests = attrs.all(.messageDigest)
        guard digests.count == 1, let md = try? digests[0].singleValue(rules: sd.rules).octetString() else {
            fail(.messageDigest, "message-digest attribute must be present exactly once with one value", "SignerInfo")
            return
        }
        guard let digestAlg = si.digestAlgorithm.digest else {
            fail(.messageDigest, "unsupported digest algorithm \(si.digestAlgorithm.algorithm)", "SignerInfo")
            return
        }
        guard let computed = try? Digest.hash(digestAlg, token.tstInfoBytes), computed == Array(md) else {
            fail(.messageDigest, "message-digest attribute does not match the \(digestAlg) of the TSTInfo", "TSTInfo")
            return
        }
        pass(.messageDigest, "\(digestAlg) of TSTInfo matches", "TSTInfo")

        // The signer certificate is the one the SignerIdentifier names: never guessed.
        let carried = sd.x509Certificates
        // A token without certificates (certReq FALSE) is checked with the signer certificate
        // the verifier supplies; it is still validated up to a trusted root like any other.
        let given = (options.untrusted + options.trustedRoots).compactMap { try? Certificate(derEncoded: $0.derBytes) }
        guard let signerCert = TokenCertificates.signer(of: si, in: carried + given) else {
            indeterminate(
                .signerCertificate,
                "the certificate named by the SignerInfo (\(si.sid)) is neither in the token nor given (--untrusted, --ca-file)",
                "SignerInfo")
            return
        }
        let signerInToken = TokenCertificates.signer(of: si, in: carried) != nil
        pass(
            .signerCertificate, "\(signerCert.subject)\(signerInToken ? "" : " (given, not in the token)")",
            "SignerInfo")

        signature(si, signedBytes, signerCert)
        if shouldStop { return }
        essSigningCertificate(token, si, signerCert)
        if shouldStop { return }
        tsaCertificate(signerCert)
        if shouldStop { return }
        chainCheck(signerCert, carried: carried, tstInfo: token.tstInfo)
        if shouldStop { return }
        tstFields(
            token.tstInfo, signerCert: signerCert, signerInToken: signerInToken, hasCertificates: sd.certificates != nil
        )
        if shouldStop { return }
        algorithms(token.tstInfo, si, signerCert)
    }

    /// Every algorithm the token's proof rests on, judged by the algorithm policy at genTime and
    /// now: the imprint's hash (what binds the data), the signature's digest and the TSA's key.
    mutating func algorithms(_ t: TSTInfo, _ si: SignerInfo, _ cert: Certificate) {
        var uses: [AlgorithmPolicy.Use] = []
        if let d = t.messageImprint.hashAlgorithm.digest { uses.append(.init(digest: d, role: "message imprint")) }
        if let d = si.digestAlgorithm.digest { uses.append(.init(digest: d, role: "signature digest")) }
        if case .rsaPSS(_, let mgf, _)? = scheme { uses.append(.init(digest: mgf, role: "RSA-PSS MGF1 hash")) }
        if let key = (try? x509(cert.derBytes))?.publicKeyInfo { uses.append(.init(key: key, role: "TSA key")) }
        let policy = options.algorithmPolicy
        algorithmsEnd = uses.compactMap { policy.entry(for: $0)?.notAfter }.min()
        var undecided: [String] = []
        for use in uses {
            switch policy.judge(use, genTime: t.genTime.secondsSinceEpoch, now: options.now) {
            case .acceptable: continue
            case .expiredAtGenTime(let why):
                fail(.algorithms, why, "TSTInfo")
                return
            case .expiredSince(let why), .unknown(let why): undecided.append(why)
            }
        }
        if !undecided.isEmpty {
            indeterminate(.algorithms, undecided.joined(separator: "; "), "TSTInfo")
        } else {
            pass(
                .algorithms,
                "\(uses.map(\.description).joined(separator: ", ")) acceptable at genTime and now (policy \(policy.name))",
                "TSTInfo")
        }
    }

    mutating func signature(_ si: SignerInfo, _ signedBytes: [UInt8], _ cert: Certificate) {
        do {
            let scheme = try SignatureScheme(
                signatureAlgorithm: si.signatureAlgorithm, digestAlgorithm: si.digestAlgorithm)
            self.scheme = scheme
            let x509 = try self.x509(cert.derBytes)
            if try x509.verifySignature(si.signature, over: signedBytes, scheme: scheme) {
                pass(.signature, "\(scheme) by \(cert.subject)", "SignerInfo")
            } else {
                fail(.signature, "\(scheme) signature does not verify with \(cert.subject)", "SignerInfo")
            }
        } catch {
            fail(.signature, "\(error)", "SignerInfo")
        }
    }

    /// RFC 2634 §5.4 / RFC 5035 §3 / RFC 5816: a SigningCertificate or SigningCertificateV2
    /// attribute whose first ESSCertID designates the signer certificate. Further ESSCertIDs
    /// (the chain, when the TSA lists it) are informative and not required to match.
    mutating func essSigningCertificate(_ token: TimeStampToken, _ si: SignerInfo, _ cert: Certificate) {
        let attrs = si.signedAttributes ?? []
        let v1 = attrs.all(.signingCertificate), v2 = attrs.all(.signingCertificateV2)
        guard v1.count + v2.count >= 1 else {
            fail(
                .essSigningCertificate,
                "neither SigningCertificate nor SigningCertificateV2 is present (RFC 3161 §2.4.1, RFC 5816)",
                "SignerInfo")
            return
        }
        guard v1.count <= 1, v2.count <= 1 else {
            fail(.essSigningCertificate, "the signing-certificate attribute appears more than once", "SignerInfo")
            return
        }
        for (attr, isV2) in [(v1.first, false), (v2.first, true)] {
            guard let attr else { continue }
            let name = isV2 ? "SigningCertificateV2" : "SigningCertificate"
            let sc: SigningCertificate
            do {
                sc = try SigningCertificate(derElement: attr.singleValue(rules: token.signedData.rules), v2: isV2)
            } catch {
                fail(.essSigningCertificate, "\(name) does not decode: \(error)", "SignerInfo")
                return
            }
            let first = sc.certs[0]
            guard let alg = first.hashAlgorithm.digest, let h = try? Digest.hash(alg, cert.derBytes) else {
                fail(.essSigningCertificate, "\(name) uses unsupported hash \(first.hashAlgorithm)", "SignerInfo")
                return
            }
            guard h == first.certHash else {
                fail(
                    .essSigningCertificate,
                    "\(name) first ESSCertID hash does not match the signer certificate \(cert.subject)", "SignerInfo")
                return
            }
            if let s = first.issuerSerial {
                let issuerMatches = s.issuer.contains {
                    if case .directoryName(let n) = $0 {
                        return n.derBytes == cert.issuer.derBytes
                    } else {
                        return false
                    }
                }
                guard issuerMatches, s.serialNumber == cert.serialNumber else {
                    fail(
                        .essSigningCertificate, "\(name) issuerSerial does not name the signer certificate",
                        "SignerInfo")
                    return
                }
            }
            pass(.essSigningCertificate, "\(name) (\(alg)) designates \(cert.subject)", "SignerInfo")
        }
    }

    /// RFC 3161 §2.3: the TSA certificate has exactly one extended key usage, id-kp-timeStamping,
    /// marked critical; and (RFC 5280) it is not a CA, and its key usage allows signatures.
    mutating func tsaCertificate(_ cert: Certificate) {
        let object = cert.subject.description
        guard let eku = cert.extension(.extendedKeyUsage) else {
            fail(.tsaCertificate, "no extended key usage (RFC 3161 §2.3 requires id-kp-timeStamping)", object)
            return
        }
        guard let purposes = try? DERParser.parse(eku.value).sequence().map({ try $0.objectIdentifier() }) else {
            fail(.tsaCertificate, "extended key usage does not decode", object)
            return
        }
        guard purposes == [.kpTimeStamping] else {
            fail(
                .tsaCertificate,
                "extended key usage must be exactly id-kp-timeStamping, is \(purposes.map(\.displayName).joined(separator: ", "))",
                object)
            return
        }
        guard eku.critical else {
            fail(.tsaCertificate, "extended key usage id-kp-timeStamping must be critical (RFC 3161 §2.3)", object)
            return
        }
        if let bc = cert.extension(.basicConstraints),
            let seq = try? DERParser.parse(bc.value).sequence(), let first = seq.first, first.tag == .boolean,
            (try? first.boolean()) == true
        {
            fail(.tsaCertificate, "the TSA certificate is a CA (basicConstraints cA TRUE)", object)
            return
        }
        if let ku = cert.extension(.keyUsage), let bits = try? DERParser.parse(ku.value).bitString() {
            // digitalSignature (0) or nonRepudiation (1) must be set.
            guard bits.isSet(0) || bits.isSet(1) else {
                fail(.tsaCertificate, "key usage allows neither digitalSignature nor nonRepudiation", object)
                return
            }
        }
        pass(.tsaCertificate, "critical EKU timeStamping only, not a CA", object)
    }

    mutating func chainCheck(_ signer: Certificate, carried: [Certificate], tstInfo: TSTInfo) {
        let signed: ChainValidator.SigningTime
        let when: String
        switch options.validationTime {
        case .genTime:
            // Made at genTime by the TSA's claim, but perhaps as late as genTime plus its
            // accuracy: the revocation rules weigh both (docs/verification.md, "TSA revocation").
            signed = .init(
                time: tstInfo.genTime.secondsSinceEpoch, latest: tstInfo.latestSecond,
                goodFrom: max(tstInfo.dataFromSecond, options.revocationDataFrom ?? .min))
            when = "at genTime \(tstInfo.genTime)"
        case .now: signed = .init(at: options.now); when = "now"
        case .at(let t):
            signed = .init(at: t)
            when = "at \((try? DERTime(secondsSinceEpoch: t)).map { "\($0)" } ?? "\(t) s since 1970")"
        }
        do {
            let leaf = try x509(signer.derBytes)
            let untrusted = try carried.map { try x509($0.derBytes) } + options.untrusted
            let r = try ChainValidator.validate(
                leaf: leaf, untrusted: untrusted, trustedRoots: options.trustedRoots, crls: options.crls,
                revocationEvidence: options.revocationEvidence,
                ocsp: options.ocspResponses, revocationScope: options.revocationScope, signed: signed)
            switch r.status {
            case .valid:
                chain = r.chain.map(\.subject)
                chainCertificates = r.chain.map(\.derBytes)
                let later =
                    r.acceptedLaterRevocations.isEmpty
                    ? ""
                    : "; " + r.acceptedLaterRevocations.joined(separator: "; ")
                        + " (RFC 3161 §4: earlier tokens stay valid)"
                let ocsp = r.coveredByOCSP.isEmpty ? "" : "; " + r.coveredByOCSP.joined(separator: "; ")
                let revocation = options.crls.isEmpty && options.ocspResponses.isEmpty ? "" : ", not revoked then"
                pass(
                    .chain, "\(chain.joined(separator: " <- ")) valid \(when)\(revocation)\(later)\(ocsp)",
                    signer.subject.description)
            case .noTrustedRoot:
                // Named by its last certificate, which the reader compares with the roots they gave.
                let end =
                    r.lastCertificate.map {
                        "the TSA's chain ends at \($0.subject), SHA-256 fingerprint \(Hex.encode($0.sha256Fingerprint)), which is not among the roots you gave"
                    } ?? r.message
                indeterminate(
                    .chain, "no path to a trusted root \(when): \(end) (OpenSSL: \(r.message), depth \(r.errorDepth))",
                    signer.subject.description)
            case .revocationUnknown:
                indeterminate(
                    .chain, "revocation status unknown \(when): \(r.message) (depth \(r.errorDepth))",
                    signer.subject.description)
            case .invalid:
                fail(.chain, "\(r.message) \(when) (depth \(r.errorDepth))", signer.subject.description)
            }
        } catch {
            fail(.chain, "\(error)", signer.subject.description)
        }
    }

    mutating func tstFields(_ t: TSTInfo, signerCert: Certificate, signerInToken: Bool, hasCertificates: Bool) {
        pass(.tstInfoVersion, "v1", "TSTInfo")  // the decoder admits only version 1

        // Whether the imprint's hash is still acceptable is the `algorithms` check's (by date).
        let alg = t.messageImprint.hashAlgorithm
        if alg.digest == nil {
            fail(.imprint, "unsupported imprint algorithm \(alg.algorithm)", "TSTInfo")
        } else if !alg.hasAbsentOrNullParameters {
            fail(.imprint, "imprint algorithm has unexpected parameters", "TSTInfo")
        } else if let want = options.expectedImprint {
            if want.hashAlgorithm.algorithm != alg.algorithm {
                fail(.imprint, "imprint algorithm is \(alg), expected \(want.hashAlgorithm)", "TSTInfo")
            } else if want.hashedMessage != t.messageImprint.hashedMessage {
                fail(
                    .imprint,
                    "message imprint mismatch: the token covers \(Hex.encode(t.messageImprint.hashedMessage)), expected \(Hex.encode(want.hashedMessage))",
                    "TSTInfo")
            } else {
                pass(.imprint, "\(alg) \(Hex.encode(t.messageImprint.hashedMessage))", "TSTInfo")
            }
        } else {
            skip(.imprint, "NOT CHECKED: no data, digest or request given to compare with")
        }
        if shouldStop { return }

        if let want = options.expectedNonce {
            if t.nonce == want {
                pass(.nonce, want.hexString, "TSTInfo")
            } else {
                fail(
                    .nonce, "nonce mismatch: sent \(want.hexString), token has \(t.nonce?.hexString ?? "none")",
                    "TSTInfo")
            }
        } else {
            skip(.nonce, "no nonce was sent")
        }
        if shouldStop { return }

        if options.acceptedPolicies.isEmpty {
            pass(.policy, "\(t.policy) (any policy accepted)", "TSTInfo")
        } else if options.acceptedPolicies.contains(t.policy) {
            pass(.policy, t.policy.description, "TSTInfo")
        } else {
            fail(
                .policy,
                "policy \(t.policy) is not among the accepted \(options.acceptedPolicies.map(\.description).joined(separator: ", "))",
                "TSTInfo")
        }
        if shouldStop { return }

        // RFC 3161 §2.4.1: certReq TRUE → the signer certificate MUST be in the token;
        // FALSE or absent → the certificates field MUST NOT be present.
        switch options.certReq {
        case .some(true):
            if signerInToken {
                pass(.certReq, "signer certificate included as requested", "SignedData")
            } else {
                fail(.certReq, "certReq was TRUE but the token does not carry the signer certificate", "SignedData")
            }
        case .some(false):
            if hasCertificates {
                fail(.certReq, "certReq was FALSE but the token carries certificates (RFC 3161 §2.4.1)", "SignedData")
            } else {
                pass(.certReq, "no certificates, as requested", "SignedData")
            }
        case .none:
            skip(.certReq, "request not given")
        }
        if shouldStop { return }

        if t.genTime.secondsSinceEpoch > options.now + 60 {
            fail(.genTime, "genTime \(t.genTime) is in the future", "TSTInfo")
        } else {
            let acc =
                t.accuracy.map { "±\($0.seconds ?? 0)s \($0.millis ?? 0)ms \($0.micros ?? 0)µs" }
                ?? "accuracy unspecified"
            pass(.genTime, "\(t.genTime) UTC, \(acc)", "TSTInfo")
        }
        if shouldStop { return }

        // RFC 3161 §2.4.2: tsa, when present, "MUST correspond to one of the subject names
        // included in the certificate": its subject, or a subjectAltName entry equal to it, as
        // OpenSSL's check does (a directoryName compared as X509_NAME_cmp does; any other name
        // byte for byte). Other kinds of name were passed unchecked, so one TSA could name
        // another (red team round 17, tsa-field-generalname-unchecked); a Unicode-equivalent
        // spelling of another TSA's name passed a String comparison (round 18).
        if let name = t.tsa {
            let names = [GeneralName.directoryName(signerCert.subject)] + signerCert.subjectAltNames
            guard names.contains(where: { Self.sameName(name, $0) }) else {
                fail(
                    .tsaName,
                    "TSTInfo tsa \(name) is not a name of the signer certificate (its subject \(signerCert.subject) or a subjectAltName)",
                    "TSTInfo")
                return
            }
        }
        if let want = options.tsaName {
            // Byte for byte: Swift's String equality is canonical equivalence, under which two
            // differently encoded names are one (red team round 18).
            let wanted = Array(want.utf8)
            if wanted == Array(signerCert.subject.description.utf8)
                || t.tsa.map({ Array($0.description.utf8) }) == wanted
            {
                pass(.tsaName, want, "TSTInfo")
            } else {
                fail(.tsaName, "TSA is \(signerCert.subject), expected \(want)", "TSTInfo")
            }
        } else if t.tsa != nil {
            pass(.tsaName, "tsa field matches the signer", "TSTInfo")
        } else {
            skip(.tsaName, "no tsa field and no expected name")
        }
        if shouldStop { return }

        // RFC 3161 §2.4.2 extensions, with RFC 5280 §4.2's rule: a critical extension the
        // verifier does not understand fails (it may restrict what the token means). Evident
        // understands none, so every critical one fails; non-critical ones are named and ignored.
        let extensions = t.extensions ?? []
        if let critical = extensions.first(where: \.critical) {
            fail(
                .tstInfoExtensions, "critical extension \(critical.id.displayName) is not understood by this verifier",
                "TSTInfo")
        } else if extensions.isEmpty {
            pass(.tstInfoExtensions, "none", "TSTInfo")
        } else {
            pass(
                .tstInfoExtensions,
                "non-critical, ignored: \(extensions.map(\.id.displayName).joined(separator: ", "))", "TSTInfo")
        }
    }

    /// Two GeneralNames naming the same: directoryNames as OpenSSL's `X509_NAME_cmp` judges
    /// them, any other kind when the encodings are equal (`GENERAL_NAME_cmp`).
    static func sameName(_ a: GeneralName, _ b: GeneralName) -> Bool {
        if case .directoryName(let x) = a, case .directoryName(let y) = b {
            return X509Certificate.sameName(x.derBytes, y.derBytes)
        }
        return (try? a.derBytes()) == (try? b.derBytes())
    }
}
