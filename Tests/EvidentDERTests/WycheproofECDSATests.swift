import EvidentCore
import Foundation
import Testing

@testable import EvidentDER

/// Wycheproof ECDSA P-256 vectors (testdata/der/wycheproof): the signature field is an
/// Ecdsa-Sig-Value, SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3). Only the encoding is
/// judged here, not the signature: every vector flagged BER or InvalidEncoding must fail the
/// strict parse or that two-INTEGER shape, and every valid vector must pass both.
@Suite struct WycheproofECDSATests {
    struct Vector {
        let tcId: Int
        let comment: String
        let flags: [String]
        let result: String
        let signature: [UInt8]
    }

    static func vectors() throws -> [Vector] {
        let data = try Data(
            contentsOf: derTestdata.appendingPathComponent("wycheproof/ecdsa_secp256r1_sha256_test.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let groups = try #require(root["testGroups"] as? [[String: Any]])
        return groups.flatMap { ($0["tests"] as? [[String: Any]]) ?? [] }.compactMap { t in
            guard let id = t["tcId"] as? Int, let sig = t["sig"] as? String, let bytes = Hex.decode(sig) else {
                return nil
            }
            return Vector(
                tcId: id, comment: t["comment"] as? String ?? "", flags: t["flags"] as? [String] ?? [],
                result: t["result"] as? String ?? "", signature: bytes)
        }
    }

    /// Strict parse plus the Ecdsa-Sig-Value shape; nil when both hold.
    static func encodingError(_ signature: [UInt8]) -> DERError? {
        do {
            let seq = try DERParser.parse(signature).sequence()
            guard seq.count == 2 else {
                throw DERError(.unexpectedElement, at: 0, "Ecdsa-Sig-Value has \(seq.count) elements")
            }
            _ = try seq[0].integer()
            _ = try seq[1].integer()
            return nil
        } catch {
            return error as? DERError
        }
    }

    @Test func badEncodingsAreRejectedAndValidOnesAccepted() throws {
        let vectors = try Self.vectors()
        #expect(vectors.count == 484)
        var rejected = 0
        var accepted = 0
        var codes: [String: Int] = [:]
        for v in vectors {
            let error = Self.encodingError(v.signature)
            let badEncoding = v.flags.contains("BerEncodedSignature") || v.flags.contains("InvalidEncoding")
            if badEncoding {
                #expect(error != nil, "tcId \(v.tcId) (\(v.comment)) is accepted")
                if let error { codes[error.code.name, default: 0] += 1 }
                rejected += 1
            } else if v.result == "valid" {
                #expect(error == nil, "tcId \(v.tcId) (\(v.comment)): \(String(describing: error))")
                accepted += 1
            }
        }
        print(
            "wycheproof ecdsa: \(rejected) bad encodings rejected \(codes.sorted { $0.key < $1.key }), \(accepted) valid accepted"
        )
        #expect(rejected == 99)
    }
}
