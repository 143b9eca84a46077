import EvidentTestSupport
import Foundation
import Testing

/// Issue #5 item 9: `scripts/crash-test` SIGKILLs a minting process 50 times at random points;
/// after each kill every acknowledged receipt is present and `ledger verify` passes.
@Suite struct CrashSafetyTests {
    @Test func fiftyKillsLoseNoAcknowledgedReceipt() throws {
        let r = try TestSupport.run(
            "/bin/bash",
            [TestSupport.repoRoot.appendingPathComponent("scripts/crash-test").path, "50", TestSupport.evidentBinary])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        #expect(r.stdoutText.contains("crash-test: 50 SIGKILLs"), "\(r.stdoutText)")
        // The script itself fails unless at least 16 rounds acknowledged receipts before their kill
        // (it waits for them in every third round) and every complete output line parsed.
        #expect(r.stdoutText.contains("rounds with acknowledgements"), "\(r.stdoutText)")
        #expect(r.stdoutText.contains("ledger verify passed after every kill"))
    }
}
