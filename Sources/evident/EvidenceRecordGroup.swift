import ArgumentParser
import EvidentTSP

struct EvidenceRecordGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence-record", abstract: "RFC 4998 evidence records (docs/evidence-records.md).",
        subcommands: [EvidenceRecordVerify.self, EvidenceRecordInspect.self])

    /// Reads and parses an evidence record file (bad input: exit 2).
    static func load(_ path: String) throws -> EvidenceRecord {
        let bytes = try CLI.readFile(path, limit: ArchiveLimits.maxRecordSize)
        do { return try EvidenceRecord(derEncoded: bytes) } catch {
            throw InputError("\(path): not an evidence record: \(error)")
        }
    }
}
