import EvidentCore
import EvidentCrypto
import EvidentDER

extension TSPMessage {
    /// A readable dump. The "Status info", "TST info" and request sections follow the layout
    /// of `openssl ts -reply -text` / `openssl ts -query -text` line for line; a "Signature"
    /// section adds what OpenSSL does not print: signer identifier, certificates, signed
    /// attributes and ESS certificate ids (with whether each matches a carried certificate).
    public func text() -> String {
        var out: [String] = []
        switch self {
        case .request(let r): out += TSPText.request(r)
        case .response(let r):
            out += TSPText.status(r.statusInfo)
            if let t = r.token {
                out.append("")
                out += TSPText.tstInfo(t.tstInfo)
                out.append("")
                out += TSPText.signature(t)
            } else {
                out.append("")
                out.append("TST info:")
                out.append("Not included.")
            }
        case .token(let t):
            out += TSPText.tstInfo(t.tstInfo)
            out.append("")
            out += TSPText.signature(t)
        }
        // Lines may carry text from the message (a statusString — escaped entry by entry, so its
        // own line breaks become escapes —, names): each is shown, never obeyed by the terminal.
        return out.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }.map {
            DisplayText.safe(String($0))
        }.joined(separator: "\n") + "\n"
    }
}

enum TSPText {
    static func request(_ r: TimeStampRequest) -> [String] {
        var out = ["Version: \(r.version)"]
        out += imprint(r.messageImprint)
        out.append("Policy OID: \(r.reqPolicy?.displayName ?? "unspecified")")
        out.append("Nonce: \(r.nonce.map(OpenSSLTextFormat.integer) ?? "unspecified")")
        out.append("Certificate required: \(r.certReq ? "yes" : "no")")
        out += extensions(r.extensions)
        return out
    }

    static func status(_ s: PKIStatusInfo) -> [String] {
        var out = ["Status info:"]
        out.append("Status: \(s.status?.opensslText ?? "out of bounds")")
        if let texts = s.statusString, !texts.isEmpty {
            out.append("Status description: \(texts.map(DisplayText.safe).joined(separator: "\n"))")
        } else {
            out.append("Status description: unspecified")
        }
        let failures = s.failures.map(\.opensslText) + s.unknownFailureBits.map { "unknown failure bit \($0)" }
        out.append("Failure info: \(failures.isEmpty ? "unspecified" : failures.joined(separator: "\n"))")
        return out
    }

    static func imprint(_ m: MessageImprint) -> [String] {
        ["Hash Algorithm: \(m.hashAlgorithm.algorithm.displayName)", "Message data:"]
            + OpenSSLTextFormat.hexDump(m.hashedMessage)
    }

    static func tstInfo(_ t: TSTInfo) -> [String] {
        var out = ["TST info:", "Version: \(t.version)", "Policy OID: \(t.policy.displayName)"]
        out += imprint(t.messageImprint)
        out.append("Serial number: \(OpenSSLTextFormat.integer(t.serialNumber))")
        out.append("Time stamp: \(OpenSSLTextFormat.time(t.genTime))")
        if let a = t.accuracy {
            func part(_ v: Int?) -> String { v.map(OpenSSLTextFormat.integer) ?? "unspecified" }
            out.append("Accuracy: \(part(a.seconds)) seconds, \(part(a.millis)) millis, \(part(a.micros)) micros")
        } else {
            out.append("Accuracy: unspecified")
        }
        out.append("Ordering: \(t.ordering ? "yes" : "no")")
        out.append("Nonce: \(t.nonce.map(OpenSSLTextFormat.integer) ?? "unspecified")")
        out.append("TSA: \(t.tsa?.description ?? "unspecified")")
        out += extensions(t.extensions)
        return out
    }

    static func extensions(_ list: [Extension]?) -> [String] {
        guard let list, !list.isEmpty else { return ["Extensions:"] }
        return ["Extensions:"]
            + list.map { "    \($0.id.displayName)\($0.critical ? " (critical)" : ""): \(Hex.encode($0.value))" }
    }

    static func signature(_ t: TimeStampToken) -> [String] {
        let sd = t.signedData
        var out = ["Signature:"]
        out.append("SignedData version: \(sd.version)")
        out.append("Digest algorithms: \(sd.digestAlgorithms.map(\.description).joined(separator: ", "))")
        let certs = sd.certificates ?? []
        out.append("Certificates: \(certs.count)")
        for (i, c) in certs.enumerated() {
            switch c {
            case .certificate(let cert):
                out.append("  [\(i)] subject: \(cert.subject)")
                out.append("      issuer: \(cert.issuer)")
                out.append("      serial: \(cert.serialNumber.hexString)")
                out.append("      validity: \(cert.notBefore) to \(cert.notAfter)")
                if let sha256 = try? Digest.hash(.sha256, cert.derBytes) {
                    out.append("      sha256: \(Hex.encode(sha256))")
                }
            case .other(let tag, let encoded):
                out.append("  [\(i)] non-X.509 certificate choice [\(tag)] (\(encoded.count) bytes)")
            }
        }
        let revs = sd.crls ?? []
        out.append("Revocation data: \(revs.count)")
        for r in revs {
            switch r {
            case .crl(let b): out.append("  CRL (\(b.count) bytes)")
            case .other(let format, let info, _): out.append("  \(format.displayName) (\(info.count) bytes)")
            }
        }
        out.append("Signer infos: \(sd.signerInfos.count)")
        for si in sd.signerInfos {
            out.append("  Version: \(si.version)")
            out.append("  Signer identifier: \(si.sid)")
            if let cert = TokenCertificates.signer(of: si, in: sd.x509Certificates) {
                out.append("  Signer certificate: \(cert.subject)")
            } else {
                out.append("  Signer certificate: not included in the token")
            }
            out.append("  Digest algorithm: \(si.digestAlgorithm)")
            out.append("  Signature algorithm: \(si.signatureAlgorithm)")
            out.append("  Signature: \(si.signature.count) bytes")
            out.append("  Signed attributes:")
            for a in si.signedAttributes ?? [] { out += attribute(a, rules: sd.rules, certs: sd.x509Certificates) }
            if let unsigned = si.unsignedAttributes {
                out.append("  Unsigned attributes:")
                for a in unsigned { out.append("    \(a.type.displayName): \(a.values.count) value(s)") }
            }
        }
        return out
    }

    static func attribute(_ a: CMSAttribute, rules: DEREncodingRules, certs: [Certificate]) -> [String] {
        let name = a.type.displayName
        guard let v = try? a.singleValue(rules: rules) else { return ["    \(name): \(a.values.count) values"] }
        switch a.type {
        case .contentType:
            return ["    \(name): \((try? v.objectIdentifier().displayName) ?? "invalid")"]
        case .messageDigest:
            return ["    \(name): \((try? Hex.encode(v.octetString())) ?? "invalid")"]
        case .signingTime:
            return ["    \(name): \((try? v.time().description) ?? "invalid")"]
        case .signingCertificate, .signingCertificateV2:
            guard let sc = try? SigningCertificate(derElement: v, v2: a.type == .signingCertificateV2) else {
                return ["    \(name): invalid"]
            }
            var out = ["    \(name):"]
            for id in sc.certs {
                let match = TokenCertificates.match(id, in: certs)
                out.append("      ESSCertID\(sc.isV2 ? "v2" : ""): \(id.hashAlgorithm) \(Hex.encode(id.certHash))")
                if let s = id.issuerSerial {
                    out.append(
                        "        issuerSerial: \(s.issuer.map(\.description).joined(separator: ", ")) serial \(s.serialNumber.hexString)"
                    )
                }
                out.append(
                    "        matches: \(match.map { "certificate \($0.subject)" } ?? "no certificate in the token")")
            }
            return out
        default:
            return ["    \(name): \(Hex.encode(v.encoded))"]
        }
    }
}
