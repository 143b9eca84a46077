import EvidentCore
import EvidentCrypto

extension KeyRing {
    /// The key ring a verifier uses for what it is checking (a bundle, a ledger store): the keys
    /// and records it was given, plus the records that came with the object (`carried`), and the
    /// ``CheckName/keys`` findings about them. A carried record that is forged (a failing
    /// signature in the name of a known key) or forks a lineage is a failure, and then only the
    /// given keys and records are used; a record that cannot be verified (about, or signed only
    /// by, keys not given) is undecided and not applied. One rule for the bundle verifier and
    /// `ledger verify`.
    public static func audited(
        publicKeys: [Ed25519.PublicKey], records: [KeyRecord], carried: [KeyRecord], object: String
    ) throws -> (ring: KeyRing, findings: [Finding]) {
        var findings: [Finding] = []
        let ring: KeyRing
        do {
            ring = try KeyRing(publicKeys: publicKeys, records: records, carried: carried)
        } catch let e as KeyError {
            findings.append(Finding(.keys, .invalid, object: object, reason: "\(e)"))
            ring = try KeyRing(publicKeys: publicKeys, records: records)
        }
        for u in ring.unverified {
            findings.append(
                Finding(.keys, .indeterminate, object: object, reason: "not verified, not applied: \(u.reason)"))
        }
        return (ring, findings)
    }
}
