import EvidentTestSupport
import Foundation
import Testing

/// What a process loads before it does its work (issue #19, goal 4; docs/install.md): libcurl
/// and the thirty libraries it needs are loaded only when an HTTP request is made or its version
/// is asked for, never by `--version` or a command that works offline.
@Suite struct StartTests {
    /// The files the process (and its threads) opened, from strace.
    static func opened(_ arguments: [String]) throws -> (status: Int32, files: String) {
        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = dir.appendingPathComponent("trace").path
        let r = try TestSupport.run(
            "/usr/bin/strace", ["-f", "-e", "trace=openat,open", "-o", trace, TestSupport.evidentBinary] + arguments)
        return (r.status, try String(contentsOf: URL(fileURLWithPath: trace), encoding: .utf8))
    }

    @Test func libcurlIsLoadedOnlyWhenNeeded() throws {
        for arguments in [["--version"], ["ts", "verify", "--help"], ["anchr"]] {
            let (_, files) = try Self.opened(arguments)
            #expect(!files.contains("libcurl"), "\(arguments) loaded libcurl")
            #expect(files.contains("libcrypto"), "\(arguments): the trace shows no library at all")
        }
        let (status, files) = try Self.opened(["libraries"])
        #expect(status == 0 && files.contains("libcurl.so"), "evident libraries did not load libcurl")
        let version = try TestSupport.evident(["--version"])
        #expect(version.stdoutText.contains("libcurl: loaded on the first HTTP request"))
        let libraries = try TestSupport.evident(["libraries"])
        #expect(libraries.stdoutText.contains("libcurl: libcurl/"), "\(libraries.stdoutText)")
    }
}
