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

    @Test func everyCaseIsHere() { #expect(Self.cases.count == 11, "\(Self.cases)") }

    @Test(arguments: RedTeamTests.cases) func attack(_ name: String) throws {
        let dir = Self.root.appendingPathComponent(name)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [Self.root.appendingPathComponent("normalize.sh").path, dir.path]
        // The cases' Python (tampering, signing) needs `cryptography`: the suite's oracle environment.
        let python = try #require(
            TestSupport.python, "no Python oracle environment: scripts/test creates .build/test-venv")
        var env = ProcessInfo.processInfo.environment
        env["EVIDENT"] = TestSupport.evidentBinary
        env["PATH"] = (python as NSString).deletingLastPathComponent + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let expected = try String(contentsOf: dir.appendingPathComponent("expected.txt"), encoding: .utf8)
        let got = text.split(separator: "\n"), want = expected.split(separator: "\n")
        #expect(got.count == want.count, "\(name): \(got.count) commands ran, \(want.count) expected\n\(text)")
        for (g, w) in zip(got, want) { #expect(g == w, "\(name)") }
    }
}
