import EvidentCrypto
import EvidentLedger

/// Loading ledger keys for the ledger commands.
enum LedgerKeys {
    /// A secret key file, asking for the passphrase only when the file is sealed.
    static func secret(_ path: String, passphrase: PassphraseOptions) throws -> LedgerKey {
        let bytes = try CLI.readFile(path, limit: 1 << 16)
        do {
            return try LedgerKeyFile.decode(bytes) {
                guard let p = try passphrase.passphrase() else {
                    throw InputError("\(path) is sealed: give --passphrase-env or --passphrase-file")
                }
                return p
            }
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError("\(path): \(error)")
        }
    }

    /// Public key files and key records (rotation, revocation) from `paths`.
    static func load(_ paths: [String]) throws -> (keys: [Ed25519.PublicKey], records: [KeyRecord]) {
        var keys: [Ed25519.PublicKey] = []
        var records: [KeyRecord] = []
        for path in paths {
            let bytes = try CLI.readFile(path, limit: 1 << 20)
            if let k = try? LedgerKeyFile.decodePublic(bytes) {
                keys.append(k)
            } else if let r = try? KeyRecord(json: bytes) {
                records.append(r)
            } else {
                throw InputError("\(path): neither a ledger public key file nor a key record")
            }
        }
        guard !keys.isEmpty else { throw InputError("no ledger public key given") }
        return (keys, records)
    }

    /// A c2sp.org/tlog-policy file (`--policy`, or a witness's `--logs`).
    static func policy(_ path: String, option: String = "--policy") throws -> WitnessPolicy {
        try policyFile(path, option: option).policy
    }

    /// The policy and the file's bytes (a bundle's report fingerprints them as a trust input).
    static func policyFile(
        _ path: String, option: String = "--policy"
    ) throws -> (
        policy: WitnessPolicy, bytes: [UInt8]
    ) {
        let bytes = try CLI.readFile(path, limit: WitnessPolicy.maxSize)
        do { return (try WitnessPolicy.parse(bytes), bytes) } catch let e as PolicyError {
            throw InputError("\(option) \(path): \(e)")
        }
    }

    /// Public key files and key records → a key ring, plus records kept in the ledger's key journal:
    /// carried (not trusted beyond their signatures) when a third party checks the ledger, trusted
    /// as given (`journalTrusted`) when its operator adds to it.
    static func ring(_ paths: [String], journal: [[UInt8]] = [], journalTrusted: Bool = false) throws -> KeyRing {
        let (keys, records) = try load(paths)
        var carried: [KeyRecord] = []
        for bytes in journal {
            do { carried.append(try KeyRecord(json: bytes)) } catch { throw InputError("key journal: \(error)") }
        }
        do {
            return journalTrusted
                ? try KeyRing(publicKeys: keys, records: records + carried)
                : try KeyRing(publicKeys: keys, records: records, carried: carried)
        } catch { throw InputError("keys: \(error)") }
    }
}
