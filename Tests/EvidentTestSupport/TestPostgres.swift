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
        // Not `TestSupport.run`: this runs inside a once-initialiser that every PostgreSQL test
        // waits on, and Foundation's `Process.waitUntilExit` needs a Dispatch thread to see the
        // child exit — with the test threads all blocked here, none was free and the run hung.
        guard let out = spawnAndWait("/bin/bash", [script, "start", dir]) else {
            fatalError(
                "cannot start PostgreSQL with scripts/postgres (set EVIDENT_TEST_POSTGRES_URL to use a running server)")
        }
        return out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
    }()

    /// Runs `executable` with `arguments` (stdin and stderr from and to /dev/null, stdout to a
    /// temporary file) and waits for it with `waitpid`: no Dispatch, no run loop. Its stdout when
    /// it exits with status 0, else nil.
    static func spawnAndWait(_ executable: String, _ arguments: [String]) -> String? {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("evident-spawn-\(UUID())").path
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exited normally (low seven bits zero) with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { return nil }
        return try? String(contentsOfFile: outPath, encoding: .utf8)
    }

    /// A URL naming a schema no other test uses.
    public static func freshURL() -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        return serverURL + (serverURL.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
