import EvidentCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A witness's directory (docs/witness.md): `witness.key` (the Ed25519 key, a ledger key file,
/// sealed unless asked otherwise), `witness.vkey` (the cosigner vkey, type 0x04, public),
/// `logs.policy` (the logs it witnesses, c2sp.org/tlog-policy `log` lines), `witness.sqlite`
/// (its state), `evidence/` (equivocation proofs it refused checkpoints with).
public struct WitnessDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public var keyFile: String { path + "/witness.key" }
    public var vkeyFile: String { path + "/witness.vkey" }
    public var logsFile: String { path + "/logs.policy" }
    public var stateFile: String { path + "/witness.sqlite" }
    public var evidence: String { path + "/evidence" }

    /// The log list `init` writes: comments, and the `quorum none` line the format requires.
    public static let emptyLogList = """
        # The logs this witness cosigns (c2sp.org/tlog-policy; only `log` lines are read).
        # One line per log key: log <vkey> [<url>], the vkey's name being the log's origin, e.g.
        #   log example.com/ledger+1a2b3c4d+AQ...
        # Restart `evident witness serve` after editing.
        quorum none

        """

    /// Creates the directory (0700) with a new key under `name`: the key file (0600, from
    /// `encodeKey`, which seals it), the vkey and an empty log list. Refuses a directory that
    /// already holds a witness key. Returns the vkey.
    public func create(name: String, encodeKey: (LedgerKey) throws -> [UInt8]) throws -> NoteVerifierKey {
        try NoteVerifierKey.validate(keyName: name)
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw KeyError(.io, "\(path): cannot create: \(String(cString: strerror(errno)))")
        }
        guard access(keyFile, F_OK) != 0 else { throw KeyError(.fileExists, "\(path) already holds a witness key") }
        let key = try LedgerKey.generate()
        let vkey = try NoteVerifierKey(name: name, publicKey: key.publicKey, type: .cosignatureV1)
        try KeyFileIO.writeNew(keyFile, try encodeKey(key), mode: 0o600)
        try KeyFileIO.writeNew(vkeyFile, Array((vkey.vkey + "\n").utf8), mode: 0o644)
        if access(logsFile, F_OK) != 0 { try KeyFileIO.writeNew(logsFile, Array(Self.emptyLogList.utf8), mode: 0o644) }
        try makeEvidenceDirectory()
        return vkey
    }

    /// The cosigner's signer: the key (opened by the caller) under the name of `witness.vkey`,
    /// whose key must be this key's.
    public func signer(key: LedgerKey) throws -> NoteSigner {
        let text = try KeyFileIO.readFile(vkeyFile, limit: 4096)
        let vkey = try NoteVerifierKey(vkey: String(decoding: text.prefix { $0 != 0x0A }, as: UTF8.self))
        guard vkey.type == .cosignatureV1, vkey.publicKey == key.publicKey else {
            throw KeyError(.keyMismatch, "\(vkeyFile) is not the cosigner vkey of \(keyFile)")
        }
        return try NoteSigner(name: vkey.name, key: key.secretKey, type: .cosignatureV1)
    }

    public func makeEvidenceDirectory() throws {
        if mkdir(evidence, 0o755) != 0 && errno != EEXIST {
            throw KeyError(.io, "\(evidence): cannot create: \(String(cString: strerror(errno)))")
        }
    }
}
