import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentLedger
import EvidentTSP

struct EvidenceRecordInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show an RFC 4998 evidence record's chains and time-stamps (nothing is verified).")

    @Argument(help: "The evidence record (DER).") var record: String
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        try CLI.guarding {
            let record = try EvidenceRecordGroup.load(record)
            var chains: [JSONValue] = []
            var lines = [
                "evidence record: \(record.chains.count) chain(s), digest algorithms \(record.digestAlgorithms.map { $0.digest?.rawValue ?? $0.algorithm.description })"
            ]
            for (c, chain) in record.chains.enumerated() {
                lines.append("chain \(c + 1): \(chain.count) archive time-stamp(s)")
                var items: [JSONValue] = []
                for (j, ats) in chain.enumerated() {
                    let t = ats.timeStamp
                    let hash = (try? ats.hashAlgorithm.rawValue) ?? "?"
                    let certs = t.signedData.x509Certificates.compactMap { try? Certificate(derEncoded: $0.derBytes) }
                    let signer = t.signedData.signerInfos.first.flatMap { TokenCertificates.signer(of: $0, in: certs) }
                    let genTime = t.tstInfo.genTime.description
                    let tree = ats.reducedHashtree.map { $0.map(\.count) } ?? []
                    let carried = t.validationData
                    lines.append(
                        "  \(c + 1).\(j + 1): hash \(hash)\(ats.digestAlgorithm == nil ? " (from the imprint)" : ""), genTime \(genTime), TSA \(signer?.subject.oneLine ?? "?"), imprint \(Hex.encode(t.tstInfo.messageImprint.hashedMessage)), reduced hash tree \(tree.isEmpty ? "none" : "\(tree) values per list"), carries \(carried.certificates.count) certificate(s), \(carried.crls.count) CRL(s), \(carried.ocspResponses.count) OCSP response(s)"
                    )
                    items.append(
                        .object([
                            ("hash", .string(hash)), ("digest_algorithm_field", .bool(ats.digestAlgorithm != nil)),
                            ("gen_time", .string(genTime)),
                            ("tsa_subject", signer.map { .string($0.subject.oneLine) } ?? .null),
                            ("imprint", .string(Hex.encode(t.tstInfo.messageImprint.hashedMessage))),
                            ("reduced_hashtree", .array(tree.map { .int($0) })),
                            ("certificates", .int(carried.certificates.count)), ("crls", .int(carried.crls.count)),
                            ("ocsp_responses", .int(carried.ocspResponses.count)),
                        ]))
                }
                chains.append(.array(items))
            }
            if json {
                print(JSONValue.document("evidence-record", [("chains", .array(chains))]).render())
            } else {
                for l in lines { print(DisplayText.safe(l)) }
            }
        }
    }
}
