import CFuzzerDriver
import EvidentBundle
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ledger key the seed bundles are signed with (RFC 8032 seed 00…1f; see
/// testdata/fuzz/bundle/PROVENANCE.md), and a fixed "now" (2030-01-01T00:00:00Z, after the seeds).
let testKey = try! LedgerKey(seed: Array(0..<32))
let now: Int64 = 1_893_456_000

/// One file per process, rewritten for every input (the verifier reads a path).
let bundlePath = "/tmp/fuzzbundle-\(getpid()).evb"

/// libFuzzer entry point for the bundle reader: the input is verified as a bundle file as it is
/// (raw mode: tar headers, limits, path rules), and, when it holds the part separator, also as
/// the parts of a bundle wrapped in a valid ustar with the manifest's digests fixed up
/// (structured mode: reaches the manifest, key, checkpoint, proof and receipt checks). Each file
/// is verified stopping at the first failure and with `all`; both must give a report, agree on
/// the verdict and on the first failure. Only a trap, a failed precondition or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    verifyFile(input)
    if let parts = StructuredBundle.parts(input) { verifyFile(StructuredBundle.archive(parts)) }
    return 0
}

func verifyFile(_ bytes: [UInt8]) {
    writeFile(bundlePath, bytes)
    var verifier = BundleVerifier(ledgerKeys: [testKey.publicKey], tsaRoots: [], now: now)
    verifier.windowLimit = 16
    let first = verifier.verify(path: bundlePath)
    verifier.all = true
    let every = verifier.verify(path: bundlePath)
    for report in [first, every] {
        precondition(
            (report.verdict == .valid) == report.findings.isEmpty,
            "verdict \(report.verdict) with findings \(report.findings)")
        precondition(
            (report.verdict == .invalid) == report.findings.contains(where: \.isFailure),
            "verdict \(report.verdict) with findings \(report.findings)")
        _ = report.text(all: true)
        _ = try? report.json()
        _ = try? report.html()
    }
    precondition(
        first.verdict == every.verdict,
        "verdict \(first.verdict) stopping at the first failure, \(every.verdict) with all")
    let a = first.findings.first(where: \.isFailure), b = every.findings.first(where: \.isFailure)
    precondition(
        a == b,
        "first failure \(String(describing: a)) stopping at the first failure, \(String(describing: b)) with all")
}

func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot create \(path)")
    defer { close(fd) }
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        precondition(n > 0 || errno == EINTR, "cannot write \(path)")
        if n > 0 { done += n }
    }
}

/// The structure-aware input format: parts separated by `separator`, each `name\n` + contents.
/// The parts become the entries of a well-formed ustar archive, in input order; a part named
/// manifest.json that is a JSON object with a `files` member gets `files` rewritten to the
/// SHA-256 of every other entry, so the digest checks pass and the later checks are reached.
enum StructuredBundle {
    static let separator: [UInt8] = [0xFF, 0xFF] + Array("evb\n".utf8)

    static func parts(_ input: [UInt8]) -> [(name: String, bytes: [UInt8])]? {
        guard input.count <= 1 << 16 else { return nil }
        var chunks: [ArraySlice<UInt8>] = []
        var start = 0, i = 0
        while i + separator.count <= input.count {
            if input[i] == separator[0] && input[i..<(i + separator.count)].elementsEqual(separator) {
                chunks.append(input[start..<i])
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        guard !chunks.isEmpty else { return nil }
        chunks.append(input[start...])
        var out: [(name: String, bytes: [UInt8])] = []
        for chunk in chunks {
            guard let nl = chunk.firstIndex(of: 0x0A) else { continue }
            let name = chunk[chunk.startIndex..<nl]
            guard !name.isEmpty, name.count <= 100, !name.contains(0) else { continue }
            out.append((String(decoding: name, as: UTF8.self), Array(chunk[(nl + 1)...])))
        }
        return fixManifest(out)
    }

    static func fixManifest(_ entries: [(name: String, bytes: [UInt8])]) -> [(name: String, bytes: [UInt8])] {
        guard let m = entries.firstIndex(where: { $0.name == "manifest.json" }),
            case .object(let manifest)? = try? JCS.parse(entries[m].bytes), manifest["files"] != nil
        else { return entries }
        var files: [JCSObject.Member] = []
        var seen = Set<String>()
        for (k, e) in entries.enumerated() where k != m && seen.insert(e.name).inserted {
            files.append(.init(e.name, .string(Hex.encode((try? Digest.hash(.sha256, e.bytes)) ?? []))))
        }
        let members = manifest.members.map {
            $0.key == "files" ? JCSObject.Member("files", .object((try? JCSObject(files)) ?? .empty)) : $0
        }
        guard let object = try? JCSObject(members), let bytes = try? JCS.serialize(.object(object)) else {
            return entries
        }
        var out = entries
        out[m].bytes = bytes
        return out
    }

    /// A ustar archive of regular files (the layout of EvidentBundle's Tar.header), end marker included.
    static func archive(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for e in entries {
            out += header(name: Array(e.name.utf8), size: UInt64(e.bytes.count))
            out += e.bytes
            out += [UInt8](repeating: 0, count: (512 - e.bytes.count % 512) % 512)
        }
        return out + [UInt8](repeating: 0, count: 1024)
    }

    static func header(name: [UInt8], size: UInt64) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (i, b) in bytes.enumerated() { h[offset + i] = b } }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put([UInt8](repeating: 0x20, count: 8), at: 148)
        h[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        let sum = h.reduce(0) { $0 + UInt64($1) }
        let digits = String(sum, radix: 8)
        put(Array((String(repeating: "0", count: max(0, 6 - digits.count)) + digits).utf8) + [0, 0x20], at: 148)
        return h
    }
}

/// The process entry point SwiftPM links `main` to: run libFuzzer on `fuzz`; the bundle file
/// is removed at exit (libFuzzer exits rather than returns; a crash leaves it in /tmp, named by
/// the pid).
@_cdecl("FuzzBundle_main")
func fuzzBundleMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    atexit { unlink(bundlePath) }
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return fuzz(UnsafePointer(bitPattern: 1)!, 0) }
        return fuzz(data, size)
    }
}
