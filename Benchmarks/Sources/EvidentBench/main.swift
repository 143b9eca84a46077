import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP
import Foundation

// Single-threaded rates of the hot paths, each beside its limit, measured in one run so the
// ratios are comparable (absolute figures on a shared 2-core machine are noisy).
let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 2 : 2
/// Optional: only key kinds whose name contains this (e.g. `ec-p256`), for profiling one path.
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : ""
/// Optional: only measurements whose name contains this (e.g. `respond`).
let phase = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : ""

func rate(_ name: String, _ body: () throws -> Void) rethrows -> Double {
    guard phase.isEmpty || name.contains(phase) else { return .nan }
    for _ in 0..<50 { try body() }  // warm up
    var n = 0
    let start = Date()
    while Date().timeIntervalSince(start) < seconds {
        for _ in 0..<50 { try body() }
        n += 50
    }
    let r = Double(n) / Date().timeIntervalSince(start)
    print(String(format: "%-52@ %10.0f /s  %8.2f µs", name as NSString, r, 1e6 / r))
    return r
}

/// The summed rate of `threads` threads, each running `body` for `seconds` after a warm-up.
func everyCoreRate(_ name: String, threads: Int, _ body: @escaping @Sendable () -> Void) -> Double {
    guard phase.isEmpty || name.contains(phase) else { return .nan }
    // One slot per thread, each written by its thread only, read after all have joined.
    final class Rates: @unchecked Sendable {
        let perThread: UnsafeMutableBufferPointer<Double>
        init(_ n: Int) { perThread = .allocate(capacity: n) }
        deinit { perThread.deallocate() }
    }
    let rates = Rates(threads)
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        for _ in 0..<50 { body() }
        var n = 0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            for _ in 0..<50 { body() }
            n += 50
        }
        rates.perThread[t] = Double(n) / Date().timeIntervalSince(start)
    }
    let r = rates.perThread.reduce(0, +)
    print(String(format: "%-52@ %10.0f /s  %8.2f µs", name as NSString, r, 1e6 / r))
    return r
}

// `EvidentBench verify-files REPLY.tsr REQUEST.tsq ROOT.pem SECONDS`: the in-process verify rate
// of a given token (scripts/bench-verify puts it beside `openssl ts -verify` and a C loop).
if CommandLine.arguments.count == 6 && CommandLine.arguments[1] == "verify-files" {
    let a = CommandLine.arguments
    let reply = [UInt8](try Data(contentsOf: URL(fileURLWithPath: a[2])))
    let request = try TimeStampRequest(derEncoded: [UInt8](try Data(contentsOf: URL(fileURLWithPath: a[3]))))
    var options = VerificationOptions(
        trustedRoots: try PEM.certificates([UInt8](try Data(contentsOf: URL(fileURLWithPath: a[4])))),
        now: Int64(Date().timeIntervalSince1970))
    options.expectedImprint = request.messageImprint
    options.expectedNonce = request.nonce
    let verifier = TimeStampVerifier(options: options)
    let verdict = verifier.verify(reply, isResponse: true).verdict
    guard verdict == .valid else { print("not valid: \(verdict)"); exit(1) }
    var n = 0
    let start = Date()
    while Date().timeIntervalSince(start) < Double(a[5])! {
        for _ in 0..<50 { _ = verifier.verify(reply, isResponse: true) }
        n += 50
    }
    let r = Double(n) / Date().timeIntervalSince(start)
    print(
        String(
            format: "Evident TimeStampVerifier.verify, in process (decode + all checks): %.0f /s  %.2f µs", r, 1e6 / r))
    exit(0)
}

let now = Int64(Date().timeIntervalSince1970)
for kind in [PrivateKey.Kind.ecP256, .rsa2048, .ed25519] where only.isEmpty || kind.rawValue.contains(only) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evident-bench-\(UUID().uuidString)").path
    let tsa = TSADirectory(path: dir)
    try tsa.initialize(
        keyKind: kind, subject: [("O", "Bench"), ("CN", "Bench TSA")], policy: "1.3.6.1.4.1.99999.1", passphrase: nil,
        now: now)
    let (config, serials) = try tsa.load(passphrase: nil)
    let responder = try TimeStampResponder(configuration: config, serials: serials)
    let request = try TimeStampRequest(
        messageImprint: MessageImprint(algorithm: .sha256, digest: [UInt8](repeating: 1, count: 32)),
        nonce: DERInteger(12345 as UInt64), certReq: true
    ).derBytes()
    print("== \(kind.rawValue)")
    let message = [UInt8](repeating: 7, count: 200)
    let signer = try Signer(key: config.signerKey, scheme: kind.defaultScheme)
    _ = try rate("one-shot sign of 200 bytes (key set-up each time)") {
        _ = try config.signerKey.sign(message, scheme: kind.defaultScheme)
    }
    let sign = try rate("raw sign of 200 bytes (\(kind.defaultScheme), Signer)") { _ = try signer.sign(message) }
    let respond = try rate("TimeStampResponder.respond (request -> response)") {
        _ = responder.respond(to: request, now: (now, 123))
    }
    print(String(format: "%-52@ %10.2f", "ratio respond / raw sign" as NSString, respond / sign))
    let (reply, _) = responder.respond(to: request, now: (now, 123))
    _ = try rate("TimeStampResponse decode (strict DER)") { _ = try TimeStampResponse(derEncoded: reply) }
    var options = VerificationOptions(
        trustedRoots: try PEM.certificates(Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/root.pem")))),
        now: now + 10)
    options.expectedImprint = try TimeStampRequest(derEncoded: request).messageImprint
    let verifier = TimeStampVerifier(options: options)
    precondition(verifier.verify(reply, isResponse: true).verdict == .valid)
    _ = try rate("TimeStampVerifier.verify (full, chain included)") { _ = verifier.verify(reply, isResponse: true) }
    try? FileManager.default.removeItem(atPath: dir)
}

// Merkle: the root over N leaves against the raw SHA-256 rate on the same machine in the same run.
// A tree over N leaves hashes N leaves (33-byte inputs here) and N − 1 interior nodes (65-byte
// inputs), so the limit is (2N − 1) SHA-256 computations at the raw rate on a 65-byte input
// (one that takes two compression blocks, as 64 bytes also does: both are measured); a leaf's
// 33 bytes take one block, so the exact limit is N at the 33-byte rate plus N − 1 at the 65-byte
// rate, also shown. The raw
// rate is the fastest call there is (``Digest/sha256(_:into:)``: a stack context, no allocation);
// the EVP one-shot (``Digest/hash(_:_:)``, the limit before issue #19) is shown beside it.
if only.isEmpty || only == "merkle" {
    let n = 1 << 20
    print("== merkle (\(n) leaves)")
    let input = [UInt8](repeating: 1, count: 65)
    _ = try rate("raw SHA-256 of 65 bytes, EVP one-shot (Digest.hash)") { _ = try Digest.hash(.sha256, input) }
    // 1,000 chained hashes per timed call (each digest feeds the next input, as in a tree), so
    // the closure and clock around them cost nothing measurable: the rate of the call itself.
    let raw = [33, 64, 65].map { count in
        var buffer = [UInt8](repeating: 1, count: 65)
        let perCall = 1_000
        let r = rate("raw SHA-256 of \(count) bytes × \(perCall), stack context (Digest.sha256)") {
            buffer.withUnsafeMutableBytes { b in
                let input = UnsafeRawBufferPointer(rebasing: b[0..<count])
                let output = UnsafeMutableRawBufferPointer(rebasing: b[1..<33])
                for _ in 0..<perCall { Digest.sha256(input, into: output) }
            }
        }
        let perHash = r * Double(perCall)
        print(String(format: "%-52@ %10.0f /s  %8.3f µs", "  = per hash" as NSString, perHash, 1e6 / perHash))
        return perHash
    }
    let sha = raw[2]
    let leaves = (0..<n).map { i in [UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 32) }
    // In a function: a top-level `var` is a main-actor global, checked on every access.
    func build() throws -> (InMemoryMerkleTree, MerkleHash, Double) {
        let t = Date()
        var tree = InMemoryMerkleTree()
        for l in leaves { try tree.append(leafData: l) }
        let root = try tree.rootHash()
        return (tree, root, Date().timeIntervalSince(t))
    }
    let (tree, root, seconds) = try build()
    let hashes = Double(2 * n - 1)
    print(
        String(
            format: "%-52@ %10.3f s  %10.0f hashes/s  root %@…",
            "InMemoryMerkleTree: append \(n) leaves + root" as NSString, seconds, hashes / seconds,
            String(root.hex.prefix(16)) as NSString))
    print(String(format: "%-52@ %10.2f", "ratio tree hashes/s / raw SHA-256/s" as NSString, hashes / seconds / sha))
    // The same work at the raw rates: N leaves of 32 bytes (33-byte inputs, one block) and N − 1
    // nodes (65-byte inputs, two blocks). Above 1 would mean the limit is mis-measured.
    let limitSeconds = Double(n) / raw[0] + Double(n - 1) / raw[2]
    print(
        String(
            format: "%-52@ %10.2f", "ratio raw time of the same hashes / tree time" as NSString,
            limitSeconds / seconds))
    // The same tree with the leaves' data in one contiguous buffer, as a verifier or an export
    // holds a batch of receipts it has just read: the million separate arrays above are each a
    // cache miss (64 MiB of small allocations, long evicted when the tree reads them), which is
    // the benchmark's input layout, not the tree's work.
    let flat = leaves.flatMap { $0 }
    func buildFlat() throws -> (MerkleHash, Double) {
        let t = Date()
        var tree = InMemoryMerkleTree()
        try flat.withUnsafeBytes { all in
            for i in 0..<n {
                try tree.append(
                    leafHash: MerkleHash.leaf(UnsafeRawBufferPointer(rebasing: all[(i * 32)..<(i * 32 + 32)])))
            }
        }
        return (try tree.rootHash(), Date().timeIntervalSince(t))
    }
    let (flatRoot, flatSeconds) = try buildFlat()
    precondition(flatRoot == root)
    print(
        String(
            format: "%-52@ %10.3f s  ratio raw time / tree time %6.2f",
            "InMemoryMerkleTree, leaves from one buffer" as NSString, flatSeconds, limitSeconds / flatSeconds))
    // The hashing alone: the right edge over the same leaves, its nodes dropped (nothing stored),
    // to split the tree's time between the hashes and keeping 2N hashes in memory.
    func edgeOnly() throws -> Double {
        let t = Date()
        var edge = MerkleRightEdge()
        var count = 0
        try flat.withUnsafeBytes { all in
            for i in 0..<n {
                try edge.append(
                    leafHash: MerkleHash.leaf(UnsafeRawBufferPointer(rebasing: all[(i * 32)..<(i * 32 + 32)]))
                ) { _ in count += 1 }
            }
        }
        precondition(count == 2 * n - 1)
        return Date().timeIntervalSince(t)
    }
    let edgeSeconds = try edgeOnly()
    print(
        String(
            format: "%-52@ %10.3f s  ratio raw time / its time %6.2f",
            "the same hashes, nothing stored (MerkleRightEdge)" as NSString, edgeSeconds, limitSeconds / edgeSeconds))

    // Inclusion proofs on the 1M-leaf log: random leaves, full size; generation (the audit path
    // from the tree's stored subtree hashes) and verification (20 node hashes up to the root).
    let size = tree.size
    let picks = (0..<4096).map { _ in UInt64.random(in: 0..<size) }
    let proofs = try picks.map { try tree.inclusionProof(leafIndex: $0, treeSize: size) }
    let leafHashes = try picks.map { try MerkleHash.leaf(leaves[Int($0)]) }
    var k = 0
    _ = try rate("inclusion proof, \(n)-leaf InMemoryMerkleTree") {
        _ = try tree.inclusionProof(leafIndex: picks[k & 4095], treeSize: size)
        k += 1
    }
    _ = try rate("inclusion proof verify (\(proofs[0].path.count) hashes)") {
        try proofs[k & 4095].verify(leafHash: leafHashes[k & 4095], rootHash: root)
        k += 1
    }
}

// Receipts: the raw libsodium Ed25519 verify rate (the limit of bundle verification, per core)
// beside a receipt's whole per-line work (parse, canonical check, key lookup, signature).
if only.isEmpty || only == "receipts" {
    print("== receipts")
    let key = try LedgerKey.generate()
    let ring = try KeyRing(publicKeys: [key.publicKey], records: [])
    let draft = try Minter.draft(
        json: Array(
            """
            {"stream":"s-1","decision":"allow","actor":"ci","action":"tool.call","resource":"r-1","scope":{},"policy":{"id":"p","version":"1","hash":"\(String(repeating: "a", count: 64))"}}
            """.utf8), nowMillis: now * 1000)
    let receipt = try draft.sign(with: key)
    let line = receipt.canonicalBytes
    let message = [UInt8](repeating: 7, count: line.count)
    let signature = key.signature(for: message)
    let raw = rate("raw Ed25519 verify, \(line.count)-byte message (libsodium)") {
        precondition(key.publicKey.isValidSignature(signature, for: message))
    }
    // The limit of a verifier on every core is what the cores give together, not cores × one
    // core's rate: measured with one thread per online core, each verifying for the same time.
    let cores = max(1, Int(ProcessInfo.processInfo.activeProcessorCount))
    let allCores = everyCoreRate("raw Ed25519 verify on \(cores) threads at once", threads: cores) {
        precondition(key.publicKey.isValidSignature(signature, for: message))
    }
    print(
        String(
            format: "%-52@ %10.2f", "ratio all threads / (\(cores) × one thread)" as NSString,
            allCores / (Double(cores) * raw)))
    let full = try rate("receipt line: parse + canonical + key + signature") {
        let r = try Receipt(json: line)
        precondition(r.isCanonical && ring.verify(r) == .valid)
    }
    print(String(format: "%-52@ %10.2f", "ratio receipt line / raw verify" as NSString, full / raw))
    // Issue #19: the same line through the tree reader (strict parser, schema on the tree,
    // canonical re-serialisation: what every receipt read did before the byte reader), and each
    // reader alone, without the signature.
    let tree = try rate("receipt line on the tree (pre-#19 reader)") {
        let r = try Receipt.readingTree(line)
        precondition(r.isCanonical && ring.verify(r) == .valid)
    }
    print(String(format: "%-52@ %10.2f", "ratio receipt line on the tree / raw verify" as NSString, tree / raw))
    let readBytes = rate("read only: byte reader") { precondition(Receipt.readingBytes(line) != nil) }
    let readTree = try rate("read only: tree reader") {
        let r = try Receipt.readingTree(line)
        precondition(r.isCanonical)
    }
    print(String(format: "%-52@ %10.2f", "ratio byte reader / tree reader" as NSString, readBytes / readTree))
    let signBytes = try rate("sign a draft (writer on bytes + read-back + Ed25519)") { _ = try draft.sign(with: key) }
    let rawSign = rate("raw Ed25519 sign, \(line.count)-byte message") { _ = key.signature(for: message) }
    print(String(format: "%-52@ %10.2f", "ratio draft sign / raw sign" as NSString, signBytes / rawSign))
}
