import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentTSP

#if canImport(Glibc)
import Glibc
#endif

struct LedgerAddKeyRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-key-record",
        abstract: "Put a key rotation or revocation record into the ledger's key journal (checked first).",
        discussion:
            "The record must verify against the keys given plus the journal: a rotation signed by the old and the new key, a revocation by the key or a successor."
    )
    @OptionGroup var ledger: LedgerOptions
    @Option(help: "The record (from `evident key rotate` or `evident key revoke`).") var record: String
    @Option(name: .customLong("ledger-key"), help: "Ledger public key files the ledger trusts; repeatable.") var keys:
        [String]

    func run() throws {
        try CLI.guarding {
            let l = try ledger.open()
            let bytes = try CLI.readFile(record, limit: 1 << 16)
            let parsed: KeyRecord
            do { parsed = try KeyRecord(json: bytes) } catch { throw InputError("\(record): \(error)") }
            let journal = try l.store.keyRecords()
            // The ring refuses to build when a record is forged; a record it cannot verify (about,
            // or signed only by, keys it does not know) is refused here too: the journal holds
            // only records that verify against the ledger's keys.
            let ring = try LedgerKeys.ring(keys, journal: journal + [try parsed.encoded()], journalTrusted: true)
            if let u = ring.unverified.first {
                throw InputError("\(record): cannot be verified with the ledger's keys: \(u.reason)")
            }
            try l.store.addKeyRecord(try parsed.encoded(), addedAtMillis: WallClock.seconds() * 1000)
            print("key record added to \(ledger.dir) (\(journal.count + 1) in the journal)")
        }
    }
}
