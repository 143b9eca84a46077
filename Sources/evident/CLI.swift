import ArgumentParser
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad input: printed as one line on stderr, exit status 2. Never a trap or a stack trace.
struct InputError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

enum CLI {

    /// Runs `body`, turning input errors into one line on stderr and exit status 2.
    static func guarding(_ body: () throws -> Void) throws {
        do { try body() } catch { try badInput(error) }
    }

    static func guardingAsync(_ body: () async throws -> Void) async throws {
        do { try await body() } catch { try badInput(error) }
    }

    /// Bad input ends the process with one line and exit status 2; anything else (ExitCode,
    /// usage errors) is rethrown to ArgumentParser.
    static func badInput(_ error: any Error) throws {
        switch error {
        case let e as InputError: fail(e.message)
        case let e as any CodedError: fail(e.description)
        default: throw error
        }
    }

    static func loadCertificates(_ path: String, _ option: String) throws -> [X509Certificate] {
        do { return try PEM.certificates(readFile(path, limit: 1 << 20)) } catch let e as CryptoError {
            throw InputError("\(option) \(path): \(e)")
        }
    }

    /// CRLs from files (PEM blocks or DER), named by the option they came from.
    static func loadCRLs(_ paths: [String], _ option: String = "--crl") throws -> [X509CRL] {
        try paths.flatMap { path in
            do { return try PEM.crls(readFile(path, limit: TSPLimits.maxMessageSize)) } catch let e as CryptoError {
                throw InputError("\(option) \(path): \(e)")
            }
        }
    }

    /// OCSP responses from files (DER, or PEM OCSP RESPONSE blocks).
    static func loadOCSP(_ paths: [String], _ option: String = "--ocsp") throws -> [OCSPResponse] {
        try paths.flatMap { path in
            do { return try OCSPResponse.load(readFile(path, limit: TSPLimits.maxMessageSize)) } catch let e
                as OCSPResponse.Failure
            {
                throw InputError("\(option) \(path): \(e)")
            }
        }
    }

    /// Ends a verifying command with its verdict's exit status (0 valid, 1 invalid, 3 indeterminate).
    static func exit(with verdict: Verdict) throws {
        if verdict != .valid { throw ExitCode(verdict.exitStatus.rawValue) }
    }

    static func fail(_ message: String) -> Never {
        printError("evident: error: \(message)")
        Glibc.exit(ExitStatus.badInput.rawValue)
    }

    /// One line on stderr; file names and other outside strings in it cannot reach the terminal
    /// raw (DisplayText).
    static func printError(_ message: String) {
        writeAll(2, Array((DisplayText.safe(message) + "\n").utf8))
    }

    /// Reads a whole file, refusing anything over `limit` bytes before reading it.
    static func readFile(_ path: String, limit: Int) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else {
            throw InputError("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0 else { throw InputError("\(path): cannot stat") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw InputError("\(path): not a regular file") }
        guard Int(st.st_size) <= limit else {
            throw InputError("\(path): \(st.st_size) bytes, larger than the \(limit)-byte limit")
        }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        let n = out.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
        guard n == out.count else { throw InputError("\(path): short read") }
        return out
    }

    /// Streams a file through `update` in 1 MiB chunks (for hashing inputs of any size).
    static func streamFile(_ path: String, _ update: ([UInt8]) -> Void) throws {
        guard let f = fopen(path, "rb") else {
            throw InputError("\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buf.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { update(Array(buf[0..<n])) }
            if n < buf.count {
                if ferror(f) != 0 { throw InputError("\(path): read error") }
                break
            }
        }
    }

    /// Writes `bytes` as the file `path` (DurableFile: atomic, durable, never through a link;
    /// a device or FIFO written directly); with `mode`, the file has those permissions from
    /// creation; an existing regular file as `existing` says (OutputOptions: `--force`).
    /// `-` is standard output.
    static func writeFileAtomically(
        _ path: String, _ bytes: [UInt8], mode: mode_t? = nil, existing: DurableFile.Existing
    ) throws {
        if path == "-" { return writeStdout(bytes) }
        try DurableFile.write(bytes, to: path, mode: mode ?? 0o644, existing: existing)
    }

    static func writeStdout(_ bytes: [UInt8]) { writeAll(1, bytes) }

    /// write(2) until done (stdio's globals are not concurrency-safe in Swift 6).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) { _ = DurableFile.writeAll(fd, bytes) }

    static var stdoutIsTerminal: Bool { isatty(1) != 0 }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}
