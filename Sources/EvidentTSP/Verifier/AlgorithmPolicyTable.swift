/// The built-in algorithm policy (docs/verifier.md, "Algorithm policy"): the one table of end
/// dates, in the format a site's `--algorithm-policy FILE` uses. A date is the last day (UTC) on
/// which new evidence using the algorithm is accepted; `-` means no end date is announced.
///
/// Sources: NIST SP 800-131A Rev. 2 (2019) and SP 800-57 Part 1 Rev. 5 (2020) for what was
/// disallowed after 2013 and for 112-bit security (SHA-224, RSA 2048, P-224) through 2030; NIST
/// IR 8547 (initial public draft, 2024) for quantum-vulnerable signatures (RSA, ECDSA, EdDSA)
/// disallowed after 2035; RFC 6151 for MD5. ETSI TS 119 312 publishes its own dates for EU
/// qualified services; a site bound to them loads them as a policy file (the table is one file
/// for that reason). Hash functions of 256 bits or more have no announced end date.
extension AlgorithmPolicy {
    public static let builtInText = """
        # Evident's built-in algorithm policy. Format: ALGORITHM LAST-DAY|- SOURCE
        name evident-builtin-2026-12
        md5 2008-12-31 RFC 6151; chosen-prefix collisions (rogue CA certificate, 2008)
        sha1 2013-12-31 NIST SP 800-131A Rev. 2: SHA-1 for signature generation disallowed after 2013
        sha224 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030
        sha3-224 2030-12-31 NIST SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030
        sha256 - no end date announced
        sha384 - no end date announced
        sha512 - no end date announced
        sha3-256 - no end date announced
        sha3-384 - no end date announced
        sha3-512 - no end date announced
        rsa<2048 2013-12-31 NIST SP 800-131A Rev. 2: RSA below 2048 bits disallowed after 2013
        rsa<3072 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030
        rsa 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        ecdsa-p192 2013-12-31 NIST SP 800-131A Rev. 2: curves below 224 bits disallowed after 2013
        ecdsa-p224 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030
        ecdsa-p256 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        ecdsa-p384 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        ecdsa-p521 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        ed25519 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        ed448 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035
        """

    /// The built-in rows without any end date: what tools that judge no dates (OpenSSL) do, for
    /// comparing verdicts like with like.
    public static let withoutEndDates = AlgorithmPolicy(
        name: "no-end-dates", entries: builtIn.entries.map { Entry(algorithm: $0.algorithm, notAfter: nil, source: "") }
    )

    /// The built-in table (``builtInText``).
    public static let builtIn: AlgorithmPolicy = {
        do { return try AlgorithmPolicy(text: builtInText, name: "evident-builtin", reservedName: true) } catch {
            preconditionFailure("the built-in algorithm policy does not parse: \(error)")
        }
    }()
}
