import EvidentTestSupport
import Foundation
import Testing

/// The second red-team round's attacks (testdata/redteam/README.md), kept as regression tests:
/// each case runs against the built CLI and must give exactly the exit statuses in its
/// expected.txt — the holes it found stay closed, and what was detected stays detected.
@Suite struct RedTeamTests {
    static let root = TestSupport.testdata("redteam")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/expected.txt").path)
        }
        .sorted()
    }()

    @Test func everyCaseIsHere() { #expect(Self.cases.count == 26, "\(Self.cases)") }

    @Test(arguments: RedTeamTests.cases) func attack(_ name: String) throws {
        let dir = Self.root.appendingPathComponent(name)
        // The cases' Python (tampering, signing) needs `cryptography`: the suite's oracle environment.
        let python = try #require(
            TestSupport.python, "no Python oracle environment: scripts/test creates .build/test-venv")
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let text = try TestSupport.run(
            "/bin/bash", [Self.root.appendingPathComponent("normalize.sh").path, dir.path],
            environment: [
                "EVIDENT": TestSupport.evidentBinary,
                "PATH": (python as NSString).deletingLastPathComponent + ":" + path,
            ]
        ).stdoutText
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8)
        let got = text.split(separator: "\n"), want = expected.split(separator: "\n")
        #expect(got.count == want.count, "\(name): \(got.count) commands ran, \(want.count) expected\n\(text)")
        for (g, w) in zip(got, want) { #expect(g == w, "\(name)") }
    }
}
