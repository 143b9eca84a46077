import Foundation

/// The PostgreSQL server the tests use: `EVIDENT_TEST_POSTGRES_URL` when set (scripts/test sets
/// it), otherwise a throwaway server started once per test process with `scripts/postgres`
/// (which installs Debian's postgresql if it is missing). Each test takes a fresh schema, so
/// tests never see each other's ledgers.
public enum TestPostgres {
    public static let serverURL: String = {
        if let url = ProcessInfo.processInfo.environment["EVIDENT_TEST_POSTGRES_URL"], !url.isEmpty { return url }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evident-test-postgres-\(getuid())")
            .path
        let script = TestSupport.repoRoot.appendingPathComponent("scripts/postgres").path
        guard let r = try? TestSupport.run("/bin/bash", [script, "start", dir]), r.status == 0 else {
            fatalError(
                "cannot start PostgreSQL with scripts/postgres (set EVIDENT_TEST_POSTGRES_URL to use a running server)")
        }
        return r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// A URL naming a schema no other test uses.
    public static func freshURL() -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return serverURL + (serverURL.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
