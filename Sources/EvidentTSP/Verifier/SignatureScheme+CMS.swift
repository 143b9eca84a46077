import EvidentCrypto
import EvidentDER

extension SignatureScheme {
    /// The scheme a SignerInfo names (RFC 5652 §5.3, RFC 3370, RFC 4056, RFC 5758, RFC 8419).
    /// `rsaEncryption` and `id-ecPublicKey` take their hash from `digestAlgorithm`; algorithms
    /// that name a hash must agree with it.
    public init(signatureAlgorithm sig: AlgorithmIdentifier, digestAlgorithm: AlgorithmIdentifier) throws {
        func fail(_ why: String) -> DERError { DERError(.invalidValue, at: 0, why) }
        guard let digest = digestAlgorithm.digest else {
            throw fail("unsupported digest algorithm \(digestAlgorithm.algorithm)")
        }
        func named(_ h: DigestAlgorithm) throws -> DigestAlgorithm {
            guard h == digest else {
                throw fail("signature algorithm \(sig) disagrees with digest algorithm \(digest)")
            }
            return h
        }
        switch sig.algorithm {
        case .rsaEncryption: self = .rsaPKCS1(digest)
        case .sha1WithRSAEncryption: self = .rsaPKCS1(try named(.sha1))
        case .sha224WithRSAEncryption: self = .rsaPKCS1(try named(.sha224))
        case .sha256WithRSAEncryption: self = .rsaPKCS1(try named(.sha256))
        case .sha384WithRSAEncryption: self = .rsaPKCS1(try named(.sha384))
        case .sha512WithRSAEncryption: self = .rsaPKCS1(try named(.sha512))
        case .ecPublicKey: self = .ecdsa(digest)
        case .ecdsaWithSHA1: self = .ecdsa(try named(.sha1))
        case .ecdsaWithSHA224: self = .ecdsa(try named(.sha224))
        case .ecdsaWithSHA256: self = .ecdsa(try named(.sha256))
        case .ecdsaWithSHA384: self = .ecdsa(try named(.sha384))
        case .ecdsaWithSHA512: self = .ecdsa(try named(.sha512))
        case .ed25519:
            // RFC 8419 §3.1: with signed attributes, Ed25519's digest algorithm is SHA-512.
            guard digest == .sha512 else {
                throw fail("Ed25519 with digest algorithm \(digest): RFC 8419 requires sha512")
            }
            self = .ed25519
        case .ed448: self = .ed448
        case .rsassaPSS:
            guard let p = sig.parameters else { throw fail("RSASSA-PSS without parameters") }
            let scheme = try SignatureScheme.pss(DERParser.parse(p))
            // The hash the signature is made with must be the digest algorithm the SignerInfo
            // names (RFC 4056 §3): else the signature rests on another (perhaps retired) hash
            // than the one reported and judged. Found by the red team (round 4).
            guard case .rsaPSS(let hash, _, _) = scheme, hash == digest else {
                throw fail(
                    "RSASSA-PSS hash \(scheme.hash.map(\.rawValue) ?? "?") disagrees with digest algorithm \(digest)")
            }
            self = scheme
        default:
            throw fail("unsupported signature algorithm \(sig.algorithm)")
        }
    }

    /// RSASSA-PSS-params (RFC 4055 §3.1), all fields EXPLICIT with DEFAULTs.
    static func pss(_ e: DERElement) throws -> SignatureScheme {
        var r = try e.sequenceReader(tag: .sequence, "RSASSA-PSS-params")
        var hash = DigestAlgorithm.sha1, mgfHash = DigestAlgorithm.sha1, salt = 20
        if let h = r.optional(.context(0)) {
            let id = try AlgorithmIdentifier(derElement: h.explicit(tag: .context(0)))
            guard let d = id.digest else {
                throw DERError(.invalidValue, at: h.offset, "unsupported PSS hash \(id.algorithm)")
            }
            hash = d
        }
        if let m = r.optional(.context(1)) {
            let id = try AlgorithmIdentifier(derElement: m.explicit(tag: .context(1)))
            guard id.algorithm == .mgf1, let p = id.parameters,
                let inner = try? AlgorithmIdentifier(derEncoded: p), let d = inner.digest
            else { throw DERError(.invalidValue, at: m.offset, "unsupported PSS mask generation") }
            mgfHash = d
        }
        if let s = r.optional(.context(2)) { salt = try s.explicit(tag: .context(2)).integer(as: Int.self) }
        if let t = r.optional(.context(3)) {
            guard try t.explicit(tag: .context(3)).integer(as: Int.self) == 1 else {
                throw DERError(.invalidValue, at: t.offset, "PSS trailerField must be 1")
            }
        }
        try r.finish()
        guard (0...1024).contains(salt) else { throw DERError(.invalidValue, at: e.offset, "PSS salt length \(salt)") }
        return .rsaPSS(hash: hash, mgf1Hash: mgfHash, saltLength: salt)
    }
}
