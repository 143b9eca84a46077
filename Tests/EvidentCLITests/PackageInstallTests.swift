import EvidentTestSupport
import Foundation
import Testing

/// The package a user installs without a Swift toolchain (docs/install.md). scripts/package builds
/// it for real — in its `--debug` mode: statically linked and laid out like the release package,
/// without the release build's nine minutes; scripts/test runs it before the suite and names its
/// output in EVIDENT_TEST_PACKAGE, else this test runs it — apt-get installs it, and the installed
/// /usr/bin/evident, run with an empty environment and a PATH without the toolchain, prints its
/// version and libraries, makes a request, verifies a real token and a conformance bundle and
/// needs no library of the toolchain's; `man evident-verify` shows its page; then apt-get purges it
/// and nothing it installed is left. Needs root (apt-get) and a machine without evident installed.
@Suite(.serialized, .enabled(if: getuid() == 0, "installs a Debian package with apt-get: needs root"))
struct PackageInstallTests {
    static let installed = "/usr/bin/evident"

    /// The installed binary with nothing of this process's environment: PATH has no toolchain.
    static func run(_ arguments: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.run("/usr/bin/env", ["-i", "PATH=/usr/bin:/bin", installed] + arguments)
    }

    static func aptGet(_ arguments: [String]) throws -> TestSupport.ProcessResult {
        try TestSupport.run(
            "/usr/bin/apt-get", ["-o", "DPkg::Lock::Timeout=300", "-y", "-q"] + arguments,
            environment: ["DEBIAN_FRONTEND": "noninteractive"])
    }

    static func isInstalled() throws -> Bool {
        let r = try TestSupport.run("/usr/bin/dpkg-query", ["-W", "-f=${Status}", "evident"])
        return r.status == 0 && r.stdoutText.contains("install ok installed")
    }

    /// Where the Swift toolchain lives: the folder above the `swift` on PATH (symbolic links
    /// resolved) and the one above the Swift runtime this test process has loaded.
    static func toolchainFolders() throws -> Set<String> {
        var out: Set<String> = []
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let swift = URL(fileURLWithPath: String(dir)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            // .../usr/bin/swift -> .../usr
            out.insert(swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().path)
            break
        }
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        for line in maps.split(separator: "\n") {
            guard let slash = line.firstIndex(of: "/"), line.hasSuffix("libswiftCore.so") else { continue }
            // .../usr/lib/swift/linux/libswiftCore.so -> .../usr
            let path = String(line[slash...])
            if let lib = path.range(of: "/lib/swift/") { out.insert(String(path[..<lib.lowerBound])) }
        }
        return out.filter { $0 != "/usr" && $0 != "/" && !$0.isEmpty }
    }

    @Test func packageInstallsRunsWithoutTheToolchainAndRemovesCleanly() throws {
        try #require(!(try Self.isInstalled()), "evident is installed already; this test installs and removes it")
        try #require(
            !FileManager.default.fileExists(atPath: Self.installed), "\(Self.installed) exists (not from a package)")
        let toolchain = try Self.toolchainFolders()
        try #require(!toolchain.isEmpty, "the Swift toolchain's folder was not found")

        // scripts/package, for real: its output from scripts/test (which runs it before the suite, so
        // that its build does not compete with the other tests for the cores), or run here.
        let out: URL
        let temporary = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: temporary) }
        if let made = ProcessInfo.processInfo.environment["EVIDENT_TEST_PACKAGE"] {
            out = URL(fileURLWithPath: made)
        } else {
            out = temporary  // not dist/: that is the user's
            let built = try TestSupport.run(
                "/usr/bin/timeout",
                ["-s", "KILL", "1800", "/bin/bash", "scripts/package", "--debug", "--out", out.path],
                cwd: TestSupport.repoRoot)
            try #require(built.status == 0, "scripts/package: \(built.stderrText.suffix(4000))")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let deb = try #require(files.first { $0.hasPrefix("evident_") && $0.hasSuffix(".deb") }, "\(files)")
        let tarball = try #require(files.first { $0.hasSuffix(".tar.gz") }, "\(files)")
        #expect(files.contains("SHA256SUMS"))
        let sums = try TestSupport.run("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], cwd: out)
        #expect(sums.status == 0 && sums.stdoutText.contains("\(deb): OK"), "\(sums.stdoutText)\(sums.stderrText)")

        // The tarball holds the package's files.
        let debFiles = try TestSupport.run(
            "/usr/bin/dpkg-deb", ["--fsys-tarfile", out.appendingPathComponent(deb).path])
        let tarFiles = try TestSupport.run("/bin/tar", ["-tzf", out.appendingPathComponent(tarball).path])
        #expect(tarFiles.status == 0 && debFiles.status == 0)
        let tarList = try TestSupport.run("/bin/tar", ["-t"], input: debFiles.stdout)
        func regular(_ listing: String, dropping prefix: Int) -> [String] {
            listing.split(separator: "\n").map { $0.split(separator: "/").dropFirst(prefix).joined(separator: "/") }
                .filter { !$0.isEmpty && !$0.hasSuffix("/") }.sorted()
        }
        #expect(
            Set(regular(tarFiles.stdoutText, dropping: 1)).isSuperset(of: regular(tarList.stdoutText, dropping: 1)),
            "the tarball lacks files of the package")

        // Installed with apt-get (its dependencies from Debian), and removed whatever happens below.
        let install = try Self.aptGet(["install", out.appendingPathComponent(deb).path])
        defer { _ = try? Self.aptGet(["remove", "--purge", "evident"]) }
        try #require(install.status == 0, "apt-get install: \(install.stdoutText)\(install.stderrText)")
        try #require(try Self.isInstalled())
        let listed = try TestSupport.run("/usr/bin/dpkg", ["-L", "evident"])
        let paths = listed.stdoutText.split(separator: "\n").map(String.init)
        for expected in [
            "/usr/bin/evident", "/usr/share/man/man1/evident.1.gz", "/usr/share/man/man1/evident-verify.1.gz",
            "/usr/share/man/man1/evident-ts-verify.1.gz", "/usr/share/bash-completion/completions/evident",
            "/usr/share/zsh/vendor-completions/_evident", "/usr/share/fish/vendor_completions.d/evident.fish",
            "/usr/share/doc/evident/README.md", "/usr/share/doc/evident/copyright",
            "/usr/share/evident/evident-verifier.html",
        ] {
            #expect(paths.contains(expected), "the package lacks \(expected)")
        }

        // Nothing from the toolchain: not in what ldd resolves, not in the environment.
        let ldd = try TestSupport.run("/usr/bin/ldd", [Self.installed])
        #expect(ldd.status == 0)
        for folder in toolchain {
            #expect(!ldd.stdoutText.contains(folder), "ldd shows the toolchain (\(folder)):\n\(ldd.stdoutText)")
        }
        for name in ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "not found"] {
            #expect(!ldd.stdoutText.contains(name), "ldd shows \(name):\n\(ldd.stdoutText)")
        }

        // --version: the version, the commit it was built from, the libraries it runs with.
        let version = try Self.run(["--version"])
        #expect(version.status == 0, "\(version.stderrText)")
        let lines = version.stdoutText.split(separator: "\n").map(String.init)
        let dev = try TestSupport.evident(["--version"])
        #expect(lines.first == dev.stdoutText.split(separator: "\n").first.map(String.init))
        let head = try TestSupport.run("/usr/bin/git", ["-C", TestSupport.repoRoot.path, "rev-parse", "HEAD"])
        if head.status == 0 {
            let commit = head.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(lines.contains { $0.hasPrefix("commit: \(commit)") }, "\(lines)")
        }
        for library in ["OpenSSL: OpenSSL 3", "libsodium: 1.", "libcurl: loaded on the first HTTP request"] {
            #expect(lines.contains { $0.hasPrefix(library) }, "no \(library) in \(lines)")
        }
        // libcurl is loaded with dlopen (not a NEEDED library): the installed binary finds it.
        let libraries = try Self.run(["libraries"])
        #expect(libraries.status == 0 && libraries.stdoutText.contains("libcurl: libcurl/"), "\(libraries.stdoutText)")

        let dir = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        // ts query: the same bytes as openssl's request.
        let data = dir.appendingPathComponent("decision.txt")
        try Data("deploy api-gateway v2.4.1\n".utf8).write(to: data)
        let ours = dir.appendingPathComponent("evident.tsq").path
        let theirs = dir.appendingPathComponent("openssl.tsq").path
        let query = try Self.run(["ts", "query", data.path, "--hash", "sha256", "--cert-req", "--no-nonce", "-o", ours])
        #expect(query.status == 0, "\(query.stderrText)")
        let o = try TestSupport.openssl([
            "ts", "-query", "-data", data.path, "-sha256", "-cert", "-no_nonce", "-out", theirs,
        ])
        #expect(o.status == 0)
        #expect(try TestSupport.read(URL(fileURLWithPath: ours)) == TestSupport.read(URL(fileURLWithPath: theirs)))

        // A real token (testdata/tsa, verdicts.tsv: valid), at its genTime.
        let tsa = { (path: String) in TestSupport.testdata("tsa/notaryproject-tspclient-go/" + path).path }
        let token = try Self.run([
            "ts", "verify", "--in", tsa("internal/cms/testdata/TimeStampToken.p7s"), "--token", "--data",
            tsa("_timestamped-data/notation.txt"), "--tsa-roots", tsa("internal/cms/testdata/GlobalSignRootCA.crt"),
            "--at", "gentime",
        ])
        #expect(token.status == 0, "\(token.stdoutText)\(token.stderrText)")

        // A bundle of the conformance corpus, with exactly its manifest's trust inputs.
        let genuine = try #require(ConformanceTests.cases.first { $0.name == "genuine-period" })
        let bundle = try Self.run(ConformanceTests.arguments(genuine))
        #expect(bundle.status == genuine.status, "\(bundle.stdoutText)\(bundle.stderrText)")
        let json = try Self.run(ConformanceTests.arguments(genuine) + ["--json"])
        #expect(json.stdoutText.contains("\"verdict\":\"valid\""), "\(json.stdoutText.prefix(400))")

        // The browser verifier page is the one this source tree's evident writes.
        let page = dir.appendingPathComponent("page.html")
        #expect(try TestSupport.evident(["verifier-html", "-o", page.path]).status == 0)
        #expect(
            try TestSupport.read(page)
                == TestSupport.read(URL(fileURLWithPath: "/usr/share/evident/evident-verifier.html")))

        // The man page, found by man(1) under the name users type; the completions load.
        let man = try TestSupport.run(
            "/usr/bin/env",
            ["-i", "PATH=/usr/bin:/bin", "MANPAGER=cat", "MANWIDTH=100", "man", "-P", "cat", "evident-verify"])
        #expect(man.status == 0, "\(man.stderrText)")
        #expect(
            man.stdoutText.contains("evident verify") && man.stdoutText.contains("--tsa-roots"),
            "\(man.stdoutText.prefix(600))")
        let bash = try TestSupport.run(
            "/bin/bash", ["-c", "source /usr/share/bash-completion/completions/evident && complete -p evident"])
        #expect(bash.status == 0 && bash.stdoutText.contains("evident"), "\(bash.stderrText)")

        // Purged: every file it installed is gone, and its own folders.
        let remove = try Self.aptGet(["remove", "--purge", "evident"])
        #expect(remove.status == 0, "apt-get remove: \(remove.stderrText)")
        #expect(!(try Self.isInstalled()))
        var isDirectory: ObjCBool = false
        for path in paths where FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            #expect(isDirectory.boolValue, "\(path) is left after apt-get remove --purge")
        }
        for folder in ["/usr/share/evident", "/usr/share/doc/evident"] {
            #expect(!FileManager.default.fileExists(atPath: folder), "\(folder) is left after apt-get remove --purge")
        }
    }
}
