import EvidentTestSupport
import Foundation
import Testing

/// Issue #13's hostile load, at the suite's scale: `scripts/attack-load --small` against both
/// servers on loopback (each mix starts its own server). The bounds are the script's own (a row
/// says `ok`), and each is also checked here by name, so a failure says which one broke:
/// - bodies: 200 connections holding most of a 1 MiB mint body (half chunked, every tenth without
///   a token and answered 401 from its head) against a 32 MiB cap — RSS rises by at most the cap plus 64 MiB and returns to within 24 MiB of its baseline
///   once they close; the rest are answered 503; minting on another connection works meanwhile;
/// - exports: 24 export downloads never read while one client mints — the export budget refuses
///   all but 4 (503), every mint made meanwhile is answered (the full run also bounds its p99 by
///   max(50 ms, 5 × its p99 without the exports; a timing figure, not asserted here), and every
///   staged file is gone after the download deadline;
/// - descriptors: `evident serve` and `evident tsa serve` under a descriptor limit of 256 with
///   400 idle connections — accept fails (counted), the server does not spin (< 25 % of a core),
///   keeps serving a connection it has, and accepts again once they close.
@Suite(.serialized) struct AttackLoadTests {
    static func rows(_ mix: String) throws -> [[String: Any]] {
        // Bounded: a hang is a failure with its output, never a CI run that waits forever
        // (SIGKILL: a child of the test runner may inherit blocked signals).
        let r = try TestSupport.run(
            "/usr/bin/timeout",
            [
                "-s", "KILL", "300", "/usr/bin/python3",
                TestSupport.repoRoot.appendingPathComponent("scripts/attack-load").path, "--evident",
                TestSupport.evidentBinary, "--mix", mix, "--small", "--json",
            ])
        let rows = r.stdoutText.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(!rows.isEmpty, "attack-load printed no row: \(r.stderrText)")
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        return rows
    }

    static func number(_ row: [String: Any], _ key: String) -> Double {
        (row[key] as? NSNumber)?.doubleValue ?? .nan
    }

    @Test func bufferedBodiesAreCappedAndMemoryReturns() throws {
        for row in try Self.rows("bodies") {
            let base = Self.number(row, "rss_base_mib"), cap = Self.number(row, "cap_mib")
            #expect(Self.number(row, "rss_peak_mib") - base <= cap + 64, "\(row)")
            #expect(Self.number(row, "rss_after_mib") - base <= 24, "\(row)")
            #expect(Self.number(row, "refused_503") > 0 && Self.number(row, "mint_ok_during") == 50, "\(row)")
            #expect(Self.number(row, "refused_401") == Self.number(row, "connections") / 10, "\(row)")
        }
    }

    @Test func unreadExportsDoNotStarveMinting() throws {
        for row in try Self.rows("exports") {
            // Not starved: every one of the 200 mints made while the exports stall is answered 201.
            // Its p99 against the bound is a timing figure, reported by the full run (BENCHMARKS.md).
            #expect(Self.number(row, "mint_ok") == 200, "\(row)")
            #expect(Self.number(row, "exports_refused_503") >= Self.number(row, "unread_exports") - 4, "\(row)")
            #expect(Self.number(row, "staged_seen") > 0 && Self.number(row, "staged_left") == 0, "\(row)")
        }
    }

    @Test func descriptorExhaustionPausesAcceptAndRecovers() throws {
        let rows = try Self.rows("descriptors")
        #expect(Set(rows.compactMap { $0["server"] as? String }) == ["serve", "tsa"])
        for row in rows {
            #expect(Self.number(row, "cpu_percent_while_exhausted") < 25, "\(row)")
            #expect(row["existing_connection_served"] as? Bool == true, "\(row)")
            #expect(Self.number(row, "recovered_after_s") < 10, "\(row)")
            #expect(Self.number(row, "accept_errors_metric") > 0, "\(row)")
        }
    }
}
