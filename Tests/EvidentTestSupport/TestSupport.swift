import Foundation

/// Paths and process helpers shared by the test suites.
public enum TestSupport {
    /// The repository root (found from this file's location).
    public static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// Where tests keep what a person should look at (screenshots, the output a vector test
    /// expected to match): EVIDENT_TEST_ARTIFACTS or .test-artifacts/ (not in git).
    public static let artifacts: URL = {
        let env = ProcessInfo.processInfo.environment["EVIDENT_TEST_ARTIFACTS"]
        return env.map { URL(fileURLWithPath: $0) } ?? repoRoot.appendingPathComponent(".test-artifacts")
    }()

    /// The Python of the suite's oracle environment (scripts/test-requirements.txt):
    /// EVIDENT_TEST_PYTHON or .build/test-venv/bin/python, when it exists.
    public static var python: String? {
        let path =
            ProcessInfo.processInfo.environment["EVIDENT_TEST_PYTHON"]
            ?? repoRoot.appendingPathComponent(".build/test-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    public static func testdata(_ path: String) -> URL {
        repoRoot.appendingPathComponent("testdata").appendingPathComponent(path)
    }

    public static func read(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// All regular files under a testdata folder whose names end in one of `extensions`, sorted.
    public static func files(under folder: String, extensions: [String]) -> [URL] {
        let root = testdata(folder)
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [URL] = []
        for case let url as URL in e where extensions.contains(where: { url.lastPathComponent.hasSuffix($0) }) {
            out.append(url)
        }
        return out.sorted { $0.path < $1.path }
    }

    /// The path of `url` relative to `testdata/<folder>/`.
    public static func relative(_ url: URL, to folder: String) -> String {
        let base = testdata(folder).path + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }

    public struct ProcessResult: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs a program to completion (stdin from `input`, or /dev/null), with `environment`
    /// added to this process's.
    public static func run(
        _ executable: String, _ arguments: [String], input: Data? = nil, cwd: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> ProcessResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let outPipe = Pipe(), errPipe = Pipe(), inPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try p.run()
        if let input {
            inPipe.fileHandleForWriting.write(input)
            try inPipe.fileHandleForWriting.close()
        }
        // Drain both pipes concurrently so a chatty child never blocks.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return ProcessResult(status: p.terminationStatus, stdout: outData, stderr: errData)
    }

    /// Runs the stock `openssl` binary.
    public static func openssl(_ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        try run("/usr/bin/openssl", arguments, input: input)
    }

    /// The `evident` executable built next to the test bundle.
    public static let evidentBinary: String = {
        let exe = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("evident").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/evident").path
    }()

    public static func evident(_ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        try run(evidentBinary, arguments, input: input)
    }

    /// Debian's libfaketime wrapper (package faketime; scripts/test installs it).
    public static let faketime = "/usr/bin/faketime"

    /// `evident` with the clock starting at `clock` (`YYYY-MM-DD hh:mm:ss`, UTC) and running on.
    public static func evident(at clock: String, _ arguments: [String]) throws -> ProcessResult {
        try run(faketime, ["-f", "@" + clock, evidentBinary] + arguments, environment: ["TZ": "UTC"])
    }

    /// Why a server under test did not start: its status (nil while it still ran) and its stderr.
    public struct ServerDidNotStart: Error, CustomStringConvertible {
        public let command: String
        public let exitStatus: Int32?
        public let stderr: String
        public var description: String {
            let how = exitStatus.map { "exited with status \($0)" } ?? "wrote no port within 60 s"
            return "\(command) \(how); stderr: \(stderr.isEmpty ? "(empty)" : stderr)"
        }
    }

    /// Runs `process` (a server given `--port-file portFile`) and returns the port it wrote once
    /// listening. It waits while the process lives, up to 60 s (a loaded CI machine running the
    /// suites in parallel under libfaketime has taken more than 10); if the process exits or the
    /// time runs out, the error carries its exit status and stderr.
    public static func startServer(_ process: Process, portFile: URL) throws -> Int {
        try? FileManager.default.removeItem(at: portFile)
        let errFile = portFile.deletingLastPathComponent().appendingPathComponent(
            "\(portFile.lastPathComponent).stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errFile)
        defer { try? errHandle.close() }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errHandle
        try process.run()
        let command = ([process.executableURL?.lastPathComponent ?? "?"] + (process.arguments ?? []).prefix(3))
            .joined(separator: " ")
        for _ in 0..<2400 {
            if let s = try? String(contentsOf: portFile, encoding: .utf8),
                let port = Int(s.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return port
            }
            if !process.isRunning {
                throw ServerDidNotStart(
                    command: command, exitStatus: process.terminationStatus,
                    stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
            }
            usleep(25_000)
        }
        process.terminate()
        process.waitUntilExit()
        throw ServerDidNotStart(
            command: command, exitStatus: nil, stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("evident-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
