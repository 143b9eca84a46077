import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal c2sp.org/tlog-witness `add-checkpoint` responder on loopback, written from the spec
/// text for the ledger's witness client. The honest path is also tested against the real witness
/// (`evident witness serve`, RealWitnessTests); this one can misbehave on purpose (`mode`) and
/// counts requests:
/// one log (origin + key), the latest cosigned size and root kept in memory; 404 unknown origin,
/// 403 no valid log signature, 400 old > new, 409 (text/x.tlog.size) old ≠ held size, 422 bad
/// proof or a non-empty proof from 0, 200 with one cosignature/v1 line. `mode` makes it misbehave.
final class LoopbackWitness: @unchecked Sendable {
    enum Mode: Sendable {
        case honest
        /// Answers 503 to everything (a witness that is down behind a proxy).
        case unavailable
        /// Cosigns with another key than the one configured at the ledger.
        case wrongKey
        /// Returns a cosignature line by its key whose signature does not verify.
        case badSignature
        /// Reads the request and never answers (a hung witness: the client's timeout ends it).
        case silent
    }

    let signer: NoteSigner
    let logKey: NoteVerifierKey
    var mode: Mode
    private(set) var port: UInt16 = 0
    private let lock = NSLock()
    private var held: (size: UInt64, root: MerkleHash)?
    private(set) var requests = 0
    private let fd: Int32
    private var stopped = false

    var url: String { "http://127.0.0.1:\(port)/w" }
    var vkey: String { signer.verifierKey.vkey }

    init(name: String, logKey: NoteVerifierKey, mode: Mode = .honest) throws {
        signer = try NoteSigner(name: name, key: Ed25519.SecretKey(), type: .cosignatureV1)
        self.logKey = logKey
        self.mode = mode
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// The size this witness last cosigned (0: none).
    var heldSize: UInt64 { lock.withLock { held?.size ?? 0 } }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func serve() {
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let conn = c
            Thread { [self] in
                handle(conn)
                close(conn)
            }.start()
        }
    }

    /// Reads one request (headers, Content-Length body), answers it, closes.
    private func handle(_ c: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var bodyStart: Int?
        var length = 0
        while true {
            let n = read(c, &buffer, buffer.count)
            if n <= 0 { return }
            data += buffer[0..<n]
            if bodyStart == nil, let r = Self.find([13, 10, 13, 10], in: data) {
                bodyStart = r + 4
                let head = String(decoding: data[0..<r], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let s = bodyStart, data.count - s >= length { break }
        }
        let head = String(decoding: data[0..<(bodyStart ?? 0)], as: UTF8.self)
        let body = Array(data[(bodyStart ?? 0)...])
        lock.withLock { requests += 1 }
        if mode == .silent {
            sleep(30)
            return
        }
        let (status, type, answer) =
            head.hasPrefix("POST /w/add-checkpoint ") ? respond(body) : (404, "text/plain", Array("not found\n".utf8))
        var out = Array(
            "HTTP/1.1 \(status) X\r\nContent-Type: \(type)\r\nContent-Length: \(answer.count)\r\nConnection: close\r\n\r\n"
                .utf8)
        out += answer
        _ = out.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    private func text(_ status: Int, _ s: String) -> (Int, String, [UInt8]) { (status, "text/plain", Array(s.utf8)) }

    /// The protocol's checks, in the spec's order.
    private func respond(_ body: [UInt8]) -> (Int, String, [UInt8]) {
        if mode == .unavailable { return text(503, "down for maintenance\n") }
        guard let blank = Self.find([0x0A, 0x0A], in: body) else { return text(400, "malformed\n") }
        let lines = String(decoding: body[0..<blank], as: UTF8.self).split(separator: "\n").map(String.init)
        guard let first = lines.first, first.hasPrefix("old "), let old = UInt64(first.dropFirst(4)) else {
            return text(400, "malformed old line\n")
        }
        let proof = lines.dropFirst().compactMap { try? MerkleHash(base64: $0) }
        guard proof.count == lines.count - 1, proof.count <= 63 else { return text(400, "malformed proof\n") }
        let noteBytes = Array(body[(blank + 2)...])
        guard let note = try? SignedNote.parse(noteBytes), let checkpoint = try? Checkpoint(text: note.text) else {
            return text(400, "malformed checkpoint\n")
        }
        guard checkpoint.origin == logKey.name else { return text(404, "unknown log\n") }
        guard (try? note.verify(trusting: [logKey])) != nil else { return text(403, "no valid log signature\n") }
        guard old <= checkpoint.treeSize else { return text(400, "old size above the checkpoint's\n") }
        return lock.withLock { () -> (Int, String, [UInt8]) in
            let heldSize = held?.size ?? 0
            guard old == heldSize else { return (409, "text/x.tlog.size", Array("\(heldSize)\n".utf8)) }
            if old == 0 {
                guard proof.isEmpty else { return text(422, "a proof from 0\n") }
            } else if old == checkpoint.treeSize {
                guard held?.root == checkpoint.rootHash, proof.isEmpty else { return text(422, "roots differ\n") }
            } else {
                do {
                    try ConsistencyProof(oldSize: old, newSize: checkpoint.treeSize, path: proof).verify(
                        oldRoot: held!.root, newRoot: checkpoint.rootHash)
                } catch { return text(422, "inconsistent: \(error)\n") }
            }
            held = (checkpoint.treeSize, checkpoint.rootHash)
            let now = UInt64(time(nil))
            do {
                var line: SignedNote.Signature
                switch mode {
                case .wrongKey:
                    let other = try NoteSigner(
                        name: signer.name, key: Ed25519.SecretKey(), type: .cosignatureV1)
                    line = try other.cosignature(for: note.text, timestamp: now)
                case .badSignature:
                    let good = try signer.cosignature(for: note.text, timestamp: now)
                    var sig = good.signature
                    sig[sig.count - 1] ^= 1
                    line = SignedNote.Signature(name: good.name, keyHash: good.keyHash, signature: sig)
                default:
                    line = try signer.cosignature(for: note.text, timestamp: now)
                }
                return (200, "text/plain; charset=utf-8", Array((line.line + "\n").utf8))
            } catch {
                return text(500, "\(error)\n")
            }
        }
    }
}
