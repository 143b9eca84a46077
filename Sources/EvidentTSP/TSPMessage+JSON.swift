import EvidentCore
import EvidentCrypto
import EvidentDER

extension TSPMessage {
    /// The decoded fields as JSON (hex for binary values, RFC 3339 for times, dotted OIDs).
    public func json() -> JSONValue {
        switch self {
        case .request(let r): return .document("tsp-message", [("type", .string("request"))] + TSPJSON.request(r))
        case .response(let r):
            var f: [(String, JSONValue)] = [("type", .string("response")), ("status", TSPJSON.status(r.statusInfo))]
            if let t = r.token { f += TSPJSON.token(t) }
            return .document("tsp-message", f)
        case .token(let t): return .document("tsp-message", [("type", .string("token"))] + TSPJSON.token(t))
        }
    }
}

enum TSPJSON {
    static func oid(_ o: OID) -> JSONValue { .string(o.description) }
    static func opt<T>(_ v: T?, _ f: (T) -> JSONValue) -> JSONValue { v.map(f) ?? .null }

    static func imprint(_ m: MessageImprint) -> JSONValue {
        .object([
            ("hash_algorithm", oid(m.hashAlgorithm.algorithm)),
            ("hash_algorithm_name", .string(m.hashAlgorithm.algorithm.displayName)),
            ("hashed_message", .string(Hex.encode(m.hashedMessage))),
        ])
    }

    static func extensions(_ list: [Extension]?) -> JSONValue {
        opt(list) {
            .array(
                $0.map {
                    .object([
                        ("id", oid($0.id)), ("critical", .bool($0.critical)), ("value", .string(Hex.encode($0.value))),
                    ])
                })
        }
    }

    static func request(_ r: TimeStampRequest) -> [(String, JSONValue)] {
        [
            ("version", .int(r.version)), ("message_imprint", imprint(r.messageImprint)),
            ("req_policy", opt(r.reqPolicy, oid)),
            ("nonce", opt(r.nonce) { .string($0.hexString) }), ("cert_req", .bool(r.certReq)),
            ("extensions", extensions(r.extensions)),
        ]
    }

    static func status(_ s: PKIStatusInfo) -> JSONValue {
        .object([
            ("status", .int(s.statusValue)), ("status_name", opt(s.status) { .string($0.description) }),
            ("status_string", opt(s.statusString) { .array($0.map(JSONValue.string)) }),
            (
                "fail_info",
                .array(s.failures.map { .string($0.description) } + s.unknownFailureBits.map { .string("bit \($0)") })
            ),
        ])
    }

    static func tstInfo(_ t: TSTInfo) -> JSONValue {
        .object([
            ("version", .int(t.version)), ("policy", oid(t.policy)), ("message_imprint", imprint(t.messageImprint)),
            ("serial_number", .string(t.serialNumber.hexString)), ("gen_time", .string(t.genTime.description)),
            (
                "accuracy",
                opt(t.accuracy) { a in
                    .object([
                        ("seconds", opt(a.seconds, JSONValue.int)), ("millis", opt(a.millis, JSONValue.int)),
                        ("micros", opt(a.micros, JSONValue.int)),
                    ])
                }
            ),
            ("ordering", .bool(t.ordering)), ("nonce", opt(t.nonce) { .string($0.hexString) }),
            ("tsa", opt(t.tsa) { .string($0.description) }), ("extensions", extensions(t.extensions)),
        ])
    }

    static func token(_ t: TimeStampToken) -> [(String, JSONValue)] {
        let sd = t.signedData
        let certs: [JSONValue] = (sd.certificates ?? []).map { c in
            switch c {
            case .certificate(let cert):
                return .object([
                    ("subject", .string(cert.subject.description)), ("issuer", .string(cert.issuer.description)),
                    ("serial_number", .string(cert.serialNumber.hexString)),
                    ("not_before", .string(cert.notBefore.description)),
                    ("not_after", .string(cert.notAfter.description)),
                    ("sha256", opt(try? Digest.hash(.sha256, cert.derBytes)) { .string(Hex.encode($0)) }),
                ])
            case .other(let tag, let encoded):
                return .object([("choice", .int(Int(tag))), ("bytes", .int(encoded.count))])
            }
        }
        let signers: [JSONValue] = sd.signerInfos.map { si in
            var attrs: [JSONValue] = []
            for a in si.signedAttributes ?? [] {
                var f: [(String, JSONValue)] = [("type", oid(a.type)), ("name", .string(a.type.displayName))]
                if a.type == .signingCertificate || a.type == .signingCertificateV2,
                    let v = try? a.singleValue(rules: sd.rules),
                    let sc = try? SigningCertificate(derElement: v, v2: a.type == .signingCertificateV2)
                {
                    f.append(
                        (
                            "ess_cert_ids",
                            .array(
                                sc.certs.map { id in
                                    .object([
                                        ("hash_algorithm", oid(id.hashAlgorithm.algorithm)),
                                        ("cert_hash", .string(Hex.encode(id.certHash))),
                                        ("issuer_serial", opt(id.issuerSerial) { .string($0.serialNumber.hexString) }),
                                        (
                                            "matches_certificate",
                                            opt(TokenCertificates.match(id, in: sd.x509Certificates)) {
                                                .string($0.subject.description)
                                            }
                                        ),
                                    ])
                                })
                        ))
                } else {
                    f.append(("values", .array(a.values.map { .string(Hex.encode($0)) })))
                }
                attrs.append(.object(f))
            }
            return .object([
                ("version", .int(si.version)), ("sid", .string(si.sid.description)),
                (
                    "signer_certificate",
                    opt(TokenCertificates.signer(of: si, in: sd.x509Certificates)) { .string($0.subject.description) }
                ),
                ("digest_algorithm", oid(si.digestAlgorithm.algorithm)),
                ("signature_algorithm", oid(si.signatureAlgorithm.algorithm)),
                ("signature_bytes", .int(si.signature.count)), ("signed_attributes", .array(attrs)),
                ("unsigned_attributes", opt(si.unsignedAttributes) { .array($0.map { .string($0.type.description) }) }),
            ])
        }
        return [
            ("tst_info", tstInfo(t.tstInfo)),
            (
                "signed_data",
                .object([
                    ("version", .int(sd.version)),
                    ("digest_algorithms", .array(sd.digestAlgorithms.map { oid($0.algorithm) })),
                    ("certificates", .array(certs)), ("revocation_entries", .int(sd.crls?.count ?? 0)),
                    ("signer_infos", .array(signers)),
                ])
            ),
        ]
    }
}
