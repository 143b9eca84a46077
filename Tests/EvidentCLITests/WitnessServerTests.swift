import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTestSupport
import Foundation
import Synchronization
import Testing

/// `evident witness init/serve` as a process: c2sp.org/tlog-witness conformance over HTTP,
/// concurrency, durability under kill -9, equivocation evidence, an independent oracle.
@Suite(.serialized) struct WitnessServerTests {
    /// A witness directory whose log list trusts `TestLog()`'s key.
    final class WitnessDir {
        let dir: URL
        let vkey: NoteVerifierKey
        let log: TestLog

        init() throws {
            dir = try TestSupport.temporaryDirectory().appendingPathComponent("w")
            let r = try TestSupport.evident([
                "witness", "init", "--dir", dir.path, "--name", "witness.example/w1", "--plaintext",
            ])
            guard r.status == 0 else { throw NSError(domain: "witness init: \(r.stderrText)", code: 1) }
            vkey = try NoteVerifierKey(vkey: r.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
            log = try TestLog()
            let policy = "# test\nlog \(log.key.vkey) https://ledger.example/\nquorum none\n"
            try Data(policy.utf8).write(to: dir.appendingPathComponent("logs.policy"))
        }

        var ledgerKeyFile: URL {
            get throws {
                let url = dir.deletingLastPathComponent().appendingPathComponent("ledger.pub.json")
                try Data(LedgerKeyFile.encodePublic(log.signer.key.publicKey)).write(to: url)
                return url
            }
        }
    }

    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        var base: String { "http://127.0.0.1:\(port)" }

        init(_ w: WitnessDir, extra: [String] = []) throws {
            let portFile = w.dir.appendingPathComponent("port")
            process.executableURL = URL(fileURLWithPath: TestSupport.evidentBinary)
            process.arguments =
                ["witness", "serve", "--dir", w.dir.path, "--listen", "127.0.0.1:0", "--port-file", portFile.path]
                + ["--threads", "2"] + extra
            port = try TestSupport.startServer(process, portFile: portFile)
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    struct Reply {
        let status: Int
        let contentType: String
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request with curl: status, Content-Type, body.
    static func request(_ url: String, post body: [UInt8]? = nil, method: String? = nil) throws -> Reply {
        let work = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var args = ["-s", "-o", work.appendingPathComponent("body").path, "-w", "%{http_code} %{content_type}"]
        if let body {
            try Data(body).write(to: work.appendingPathComponent("req"))
            args += ["--data-binary", "@" + work.appendingPathComponent("req").path]
        }
        if let method { args += ["-X", method] }
        let r = try TestSupport.run("/usr/bin/curl", args + [url])
        let parts = r.stdoutText.split(separator: " ", maxSplits: 1)
        let out = (try? TestSupport.read(work.appendingPathComponent("body"))) ?? []
        return Reply(
            status: parts.first.flatMap { Int($0) } ?? 0, contentType: parts.count > 1 ? String(parts[1]) : "",
            body: out)
    }

    static func add(_ s: Server, _ body: [UInt8]) throws -> Reply {
        try request(s.base + "/add-checkpoint", post: body)
    }

    static func monitoringPath(_ origin: String) throws -> String {
        "/" + Hex.encode(try Digest.hash(.sha256, Array(origin.utf8))) + "/checkpoint"
    }

    // MARK: conformance

    @Test func everyStatusCodeOfTheSpec() throws {
        let w = try WitnessDir()
        let s = try Server(w)
        defer { _ = s.stop() }
        var log = w.log
        try log.append(0..<5)
        // Monitoring before any cosignature: 404.
        #expect(try Self.request(s.base + Self.monitoringPath(log.origin)).status == 404)
        // 404 unknown origin.
        var other = try TestLog(origin: "other.example/log")
        try other.append(0..<2)
        #expect(try Self.add(s, other.request(old: 0)).status == 404)
        // 403 no trusted signature; 403 a trusted key's signature that fails.
        var forged = try TestLog(seed: 2)
        try forged.append(0..<5)
        #expect(try Self.add(s, forged.request(old: 0)).status == 403)
        var bad = try log.note()
        bad[bad.count - 5] = bad[bad.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(try Self.add(s, AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: bad).encode()).status == 403)
        // 400 old size above the checkpoint's; 400 malformed.
        #expect(
            try Self.add(s, AddCheckpointRequest(oldSize: 6, proof: [], checkpoint: log.note()).encode()).status == 400)
        #expect(try Self.add(s, Array("old 01\n\n".utf8)).status == 400)
        // 422 a proof with old size 0.
        let stray = AddCheckpointRequest(oldSize: 0, proof: [try MerkleHash.leaf([1])], checkpoint: try log.note())
        #expect(try Self.add(s, stray.encode()).status == 422)
        // 200: cosignature lines.
        let ok = try Self.add(s, log.request(old: 0))
        #expect(ok.status == 200, "\(ok.text)")
        let lines = try SignedNote.parseSignatureLines(ok.body)
        #expect(lines.count == 1 && lines[0].name == "witness.example/w1")
        let cosigned = try SignedNote.parse(log.note()).adding(lines)
        #expect(try cosigned.verifiedSignatures(by: [w.vkey]) == [w.vkey])
        let ts = Cosignature.timestamp(of: lines[0].signature) ?? 0
        #expect(ts > 0 && abs(Int64(ts) - WallClock.seconds()) < 60)
        // 409 with text/x.tlog.size and the latest size.
        try log.append(5..<9)
        let conflict = try Self.add(s, log.request(old: 2))
        #expect(conflict.status == 409 && conflict.contentType == "text/x.tlog.size" && conflict.text == "5\n")
        // 422 a failing consistency proof (plain, no evidence).
        var wrong = try log.proof(from: 5)
        wrong[0] = try MerkleHash.leaf([2])
        let failing = try Self.add(s, AddCheckpointRequest(oldSize: 5, proof: wrong, checkpoint: log.note()).encode())
        #expect(failing.status == 422 && failing.contentType.hasPrefix("text/plain"))
        #expect(try Self.add(s, log.request(old: 5)).status == 200)
        // 422 same size, different root: with the equivocation proof.
        var fork = try TestLog()
        try fork.append(0..<9, tag: "fork")
        let split = try Self.add(s, fork.request(old: 9))
        #expect(split.status == 422 && split.contentType == "text/x.evident.equivocation")
        #expect(try EquivocationProof.parse(split.body).verify(trusting: [log.key]).verdict == .valid)
        // Monitoring: the latest cosigned note, with the log's signature and the witness's.
        let monitored = try Self.request(s.base + Self.monitoringPath(log.origin))
        #expect(monitored.status == 200)
        let note = try SignedNote.parse(monitored.body)
        #expect(try note.verifiedSignatures(by: [log.key, w.vkey]) == [log.key, w.vkey])
        #expect(try Checkpoint(text: note.text).treeSize == 9)
        #expect(try Self.request(s.base + "/" + String(repeating: "0", count: 64) + "/checkpoint").status == 404)
        // Methods, unknown paths, health, metrics.
        #expect(try Self.request(s.base + "/add-checkpoint").status == 405)
        #expect(try Self.request(s.base + "/nope").status == 404)
        #expect(try Self.request(s.base + "/healthz").text == "ok\n")
        let metrics = try Self.request(s.base + "/metrics").text
        #expect(metrics.contains("evident_witness_cosignatures_total 2"))
        #expect(metrics.contains("evident_witness_conflicts_total 1"))
        #expect(metrics.contains("evident_witness_equivocations_total 1"))
        #expect(metrics.contains(#"evident_witness_http_requests_total{route="add-checkpoint",status="422"} 3"#))
        // The evidence was kept.
        let evidence = try FileManager.default.contentsOfDirectory(
            atPath: w.dir.appendingPathComponent("evidence").path)
        #expect(evidence.count == 1)
        #expect(s.stop() == 0)
    }

    @Test func sizeZeroAndLimitsAndKeepAliveAndAccessLog() throws {
        let w = try WitnessDir()
        let accessLog = w.dir.appendingPathComponent("access.log")
        let s = try Server(w, extra: ["--access-log", accessLog.path])
        let log = w.log
        let wrong = try Checkpoint(origin: log.origin, treeSize: 0, rootHash: try MerkleHash.leaf([]))
            .signed(by: [log.signer]).bytes
        #expect(try Self.add(s, AddCheckpointRequest(oldSize: 0, proof: [], checkpoint: wrong).encode()).status == 422)
        #expect(try Self.add(s, log.request(old: 0)).status == 200)
        // A body over the limit: 413, unread.
        let huge = [UInt8](repeating: 0x41, count: AddCheckpointRequest.maxBodySize + 1)
        #expect(try Self.add(s, huge).status == 413)
        // Keep-alive: two requests, one connection.
        let r = try TestSupport.run(
            "/usr/bin/curl",
            [
                "-s", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects} ", s.base + "/healthz",
                s.base + "/healthz",
            ])
        #expect(r.stdoutText == "1 0 ", "\(r.stdoutText)")
        #expect(s.stop() == 0)
        // One JSON line per request, with the route's name.
        let lines = String(decoding: try TestSupport.read(accessLog), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 5, "\(lines)")
        #expect(lines[0].contains(#""route":"add-checkpoint""#) && lines[0].contains(#""status":422"#))
        #expect(lines[2].contains(#""status":413"#) && lines[4].contains(#""route":"healthz""#))
    }

    @Test func initAndServeRefuseBadSetups() throws {
        let w = try WitnessDir()
        // A second init into the same directory.
        var r = try TestSupport.evident([
            "witness", "init", "--dir", w.dir.path, "--name", "x.example/w", "--plaintext",
        ])
        #expect(r.status == 2 && r.stderrText.contains("already holds a witness key"), "\(r.stderrText)")
        r = try TestSupport.evident(["witness", "init", "--dir", w.dir.path + "2", "--name", "bad name", "--plaintext"])
        #expect(r.status == 2 && r.stderrText.contains("invalid-key-name"), "\(r.stderrText)")
        // A sealed key needs its passphrase; the log list needs a log line.
        let sealed = w.dir.deletingLastPathComponent().appendingPathComponent("sealed")
        let env = ["WITNESS_PASS": "correct horse"]
        r = try TestSupport.run(
            TestSupport.evidentBinary,
            [
                "witness", "init", "--dir", sealed.path, "--name", "witness.example/w2", "--passphrase-env",
                "WITNESS_PASS",
            ],
            environment: env)
        #expect(r.status == 0, "\(r.stderrText)")
        #expect(try TestSupport.read(sealed.appendingPathComponent("witness.key")).contains(Array("sealed".utf8)))
        r = try TestSupport.evident(["witness", "serve", "--dir", sealed.path, "--listen", "127.0.0.1:0"])
        #expect(r.status == 2 && r.stderrText.contains("is sealed"), "\(r.stderrText)")
        r = try TestSupport.run(
            TestSupport.evidentBinary,
            ["witness", "serve", "--dir", sealed.path, "--listen", "127.0.0.1:0", "--passphrase-env", "WITNESS_PASS"],
            environment: env)
        #expect(r.status == 2 && r.stderrText.contains("no `log` line"), "\(r.stderrText)")
    }

    @Test func concurrentRequestsForOneLogAdvanceItOnce() throws {
        let w = try WitnessDir()
        let s = try Server(w, extra: ["--workers", "8"])
        defer { _ = s.stop() }
        var log = w.log
        try log.append(0..<4)
        #expect(try Self.add(s, log.request(old: 0)).status == 200)
        var bodies: [[UInt8]] = []
        for n in 0..<16 {
            try log.append((4 + n)..<(5 + n))
            bodies.append(try log.request(old: 4))
        }
        let statuses = Mutex<[Int]>([])
        let requests = bodies
        DispatchQueue.concurrentPerform(iterations: bodies.count) { i in
            let st = (try? Self.add(s, requests[i]).status) ?? 0
            statuses.withLock { $0.append(st) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 200 }.count == 1, "\(all)")
        #expect(all.filter { $0 == 409 }.count == 15, "\(all)")
        let note = try SignedNote.parse(Self.request(s.base + Self.monitoringPath(log.origin)).body)
        #expect(try Checkpoint(text: note.text).treeSize > 4)
    }

    // MARK: durability

    /// kill -9 at random points while a client submits growing checkpoints: after each restart
    /// the stored size is at least every size the witness returned a cosignature for.
    /// What the submitting client thread and the test share.
    final class ClientState: @unchecked Sendable {
        private let lock = NSLock()
        private var _acked: UInt64 = 0
        private var _done = false
        var log: TestLog
        var known: UInt64 = 0
        var cosigned = 0

        init(log: TestLog) { self.log = log }

        var acked: UInt64 { lock.withLock { _acked } }
        var done: Bool {
            get { lock.withLock { _done } }
            set { lock.withLock { _done = newValue } }
        }
        func acknowledge(_ size: UInt64) { lock.withLock { _acked = max(_acked, size) } }
    }

    @Test func stateSurvivesKill9() throws {
        let w = try WitnessDir()
        var rng = SplitMix64(seed: 0x5717_2026)
        let state = ClientState(log: w.log)
        for round in 0..<12 {
            let s = try Server(w)
            state.done = false
            // The client owns log/known/cosigned until it sets done.
            let client = Thread {
                while true {
                    do {
                        let grow = 1 + state.cosigned % 3
                        try state.log.append(Int(state.log.tree.size)..<Int(state.log.tree.size) + grow)
                        let r = try Self.add(s, state.log.request(old: state.known))
                        if r.status == 200 {
                            state.acknowledge(state.log.tree.size)
                            state.known = state.log.tree.size
                            state.cosigned += 1
                        } else if r.status == 409, let size = UInt64(r.text.dropLast()) {
                            state.known = size
                        } else {
                            break  // the witness is gone (curl reports 000)
                        }
                    } catch { break }
                }
                state.done = true
            }
            client.start()
            usleep(UInt32(150_000 + rng.int(400_000)))
            s.kill9()
            while !state.done { usleep(10_000) }
            // Restart: the stored size is at least every acknowledged size.
            let again = try Server(w)
            let reply = try Self.request(again.base + Self.monitoringPath(w.log.origin))
            let stored = reply.status == 200 ? try Checkpoint(text: SignedNote.parse(reply.body).text).treeSize : 0
            #expect(stored >= state.acked, "round \(round): stored \(stored) < acknowledged \(state.acked)")
            #expect(stored <= state.log.tree.size)
            _ = again.stop()
        }
        #expect(state.cosigned >= 12, "too few cosignatures to mean anything: \(state.cosigned)")
    }

    // MARK: equivocation evidence, verify, compare

    @Test func splitViewIsRefusedProvenAndCompared() throws {
        let w = try WitnessDir()
        let s = try Server(w)
        var log = w.log, fork = try TestLog()
        try log.append(0..<8)
        try fork.append(0..<3)
        try fork.append(3..<8, tag: "fork")
        #expect(try Self.add(s, log.request(old: 0)).status == 200)
        // A stale old size: the spec's 409 first, but the signed conflict is kept already.
        let stale = try Self.add(s, fork.request(old: 0))
        #expect(stale.status == 409 && stale.text == "8\n")
        let evidenceDir = w.dir.appendingPathComponent("evidence").path
        #expect(try FileManager.default.contentsOfDirectory(atPath: evidenceDir).count == 1)
        let refused = try Self.add(s, fork.request(old: 8))
        _ = s.stop()
        #expect(refused.status == 422)
        let work = w.dir.deletingLastPathComponent()
        let proofFile = work.appendingPathComponent("split.equivocation")
        try Data(refused.body).write(to: proofFile)
        let kept = try FileManager.default.contentsOfDirectory(atPath: w.dir.appendingPathComponent("evidence").path)
        #expect(kept.count == 1)
        #expect(try TestSupport.read(w.dir.appendingPathComponent("evidence/" + kept[0])) == refused.body)
        let key = try w.ledgerKeyFile.path
        let policy = w.dir.appendingPathComponent("logs.policy").path
        var r = try TestSupport.evident(["verify", "--equivocation", proofFile.path, "--ledger-key", key])
        #expect(r.status == 0 && r.stdoutText.contains("PROVEN (same-size)"), "\(r.stdoutText)\(r.stderrText)")
        r = try TestSupport.evident(["verify", "--equivocation", proofFile.path, "--policy", policy])
        #expect(r.status == 0, "\(r.stdoutText)\(r.stderrText)")
        // Another log key: indeterminate; no key: usage error; a tampered file: not proven.
        let otherKey = work.appendingPathComponent("other.pub.json")
        try Data(LedgerKeyFile.encodePublic(try TestLog(seed: 4).signer.key.publicKey)).write(to: otherKey)
        r = try TestSupport.evident(["verify", "--equivocation", proofFile.path, "--ledger-key", otherKey.path])
        #expect(r.status == 3, "\(r.stdoutText)")
        r = try TestSupport.evident(["verify", "--equivocation", proofFile.path])
        #expect(r.status == 64, "\(r.stderrText)")
        var tampered = refused.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        tampered[3] = "note " + Base64.encode(try log.note())  // B := A: no conflict left
        try Data(tampered.joined(separator: "\n").utf8).write(to: proofFile)
        r = try TestSupport.evident(["verify", "--equivocation", proofFile.path, "--ledger-key", key])
        #expect(r.status == 1 && r.stdoutText.contains("check same-size"), "\(r.stdoutText)")
        try Data("evident-equivocation/v1\nkind same-size\n".utf8).write(to: proofFile)
        r = try TestSupport.evident(["verify", "--equivocation", proofFile.path, "--ledger-key", key])
        #expect(r.status == 1 && r.stdoutText.contains("check format"), "\(r.stdoutText)")

        // checkpoint compare on notes.
        let a = work.appendingPathComponent("a.note"), b = work.appendingPathComponent("b.note")
        let a6 = work.appendingPathComponent("a6.note")
        try Data(log.note()).write(to: a)
        try Data(fork.note()).write(to: b)
        try Data(log.note(size: 6)).write(to: a6)
        let out = work.appendingPathComponent("compare.equivocation")
        r = try TestSupport.evident(["checkpoint", "compare", a.path, b.path, "--ledger-key", key, "-o", out.path])
        #expect(r.status == 1 && r.stdoutText.contains("equivocation"), "\(r.stdoutText)\(r.stderrText)")
        r = try TestSupport.evident(["verify", "--equivocation", out.path, "--ledger-key", key])
        #expect(r.status == 0, "\(r.stdoutText)")
        r = try TestSupport.evident(["checkpoint", "compare", a6.path, a.path, "--policy", policy])
        #expect(r.status == 3 && r.stdoutText.contains("evident proof consistency 6 8"), "\(r.stdoutText)")
        let proofJSON = work.appendingPathComponent("c.json")
        let path = try log.proof(from: 6).map { "\"\($0.base64)\"" }.joined(separator: ",")
        try Data(#"{"old_size":6,"new_size":8,"path":[\#(path)]}"#.utf8).write(to: proofJSON)
        r = try TestSupport.evident([
            "checkpoint", "compare", a6.path, a.path, "--proof", proofJSON.path, "--ledger-key", key,
        ])
        #expect(r.status == 0 && r.stdoutText.hasPrefix("consistent"), "\(r.stdoutText)\(r.stderrText)")
        r = try TestSupport.evident(["checkpoint", "compare", a6.path, a.path, "--ledger-key", otherKey.path])
        #expect(r.status == 3, "\(r.stdoutText)")
    }

    // MARK: an independent oracle

    /// Python `cryptography` checks one cosignature line as the spec defines it: the key hash
    /// SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4], the message `cosignature/v1\ntime <t>\n<text>`,
    /// Ed25519 over it.
    @Test func pythonVerifiesACosignature() throws {
        guard let python = TestSupport.python else {
            Issue.record("no test Python (EVIDENT_TEST_PYTHON or .build/test-venv)")
            return
        }
        let w = try WitnessDir()
        let s = try Server(w)
        var log = w.log
        try log.append(0..<3)
        let reply = try Self.add(s, log.request(old: 0))
        _ = s.stop()
        #expect(reply.status == 200)
        let work = w.dir.deletingLastPathComponent()
        try Data(SignedNote.parse(log.note()).text.utf8).write(to: work.appendingPathComponent("text"))
        try Data(reply.body).write(to: work.appendingPathComponent("line"))
        let script = """
            import base64, hashlib, sys
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
            vkey = sys.argv[1]
            name, keyhash, key = vkey.split('+', 2)
            raw = base64.b64decode(key)
            assert raw[0] == 4 and len(raw) == 33
            h = hashlib.sha256(name.encode() + b'\\n' + raw).digest()[:4]
            assert h.hex() == keyhash, 'vkey hash'
            line = open(sys.argv[2], 'rb').read().decode()
            assert line.startswith('\\u2014 ' + name + ' ') and line.endswith('\\n')
            sig = base64.b64decode(line.split(' ')[2])
            assert sig[:4] == h, 'line key hash'
            ts = int.from_bytes(sig[4:12], 'big')
            text = open(sys.argv[3], 'rb').read()
            msg = b'cosignature/v1\\ntime ' + str(ts).encode() + b'\\n' + text
            Ed25519PublicKey.from_public_bytes(raw[1:]).verify(sig[12:], msg)
            print('ok', ts)
            """
        let r = try TestSupport.run(
            python,
            [
                "-c", script, w.vkey.vkey, work.appendingPathComponent("line").path,
                work.appendingPathComponent("text").path,
            ])
        #expect(r.status == 0 && r.stdoutText.hasPrefix("ok "), "\(r.stdoutText)\(r.stderrText)")
    }
}

/// `checkpoint compare` on bundles: two ledgers forked from one key and origin.
@Suite struct CheckpointCompareBundleTests {
    @Test func forkedBundlesAreAnEquivocationAndABundleIsConsistentWithItself() throws {
        let f = try LedgerCLITests.fixture()
        func checkpoint(_ ledger: String, _ out: URL) throws {
            let r = try TestSupport.evident([
                "checkpoint", "--dir", ledger, "--signing-key", f.key, "-o", out.path, "--force",
            ])
            #expect(r.status == 0, "\(r.stderrText)")
        }
        // The leaf-level (inclusion) proof needs each disputed leaf's own path: the per-receipt
        // layout carries it, and from a v5 bundle it is derived by folding the multi-proof.
        func export(_ ledger: String, _ out: URL, perReceipt: Bool = true) throws {
            let r = try TestSupport.evident(
                ["export", "--dir", ledger, "--allow-unanchored", "-o", out.path]
                    + (perReceipt ? ["--per-receipt-proofs"] : []))
            #expect(r.status == 0, "\(r.stderrText)")
        }
        let first = f.dir.appendingPathComponent("a2.note"), last = f.dir.appendingPathComponent("a3.note")
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f))
        try checkpoint(f.ledger, first)
        _ = try LedgerCLITests.mint(f, LedgerCLITests.flags(f, decision: "deny"))
        try checkpoint(f.ledger, last)
        let a = f.dir.appendingPathComponent("a.evb")
        try export(f.ledger, a)
        // The fork: another ledger with the same origin and key, other receipts.
        let forkLedger = f.dir.appendingPathComponent("fork").path
        let initialized = try TestSupport.evident([
            "ledger", "init", "--dir", forkLedger, "--origin", "evident.test/cli",
        ])
        #expect(initialized.status == 0, "\(initialized.stderrText)")
        let forkFlags = LedgerCLITests.flags(f, stream: "other", decision: "deny", action: "file.delete")
        for _ in 0..<2 {
            let r = try TestSupport.evident(["mint", "--dir", forkLedger, "--signing-key", f.key] + forkFlags)
            #expect(r.status == 0, "\(r.stderrText)")
        }
        try checkpoint(forkLedger, f.dir.appendingPathComponent("b2.note"))
        let b = f.dir.appendingPathComponent("b.evb")
        try export(forkLedger, b)

        let a5 = f.dir.appendingPathComponent("a5.evb"), b5 = f.dir.appendingPathComponent("b5.evb")
        try export(f.ledger, a5, perReceipt: false)
        try export(forkLedger, b5, perReceipt: false)
        // Each pairing of the two layouts proves the same fork, and the proof verifies.
        for (x, y) in [(a5, b5), (a, b5), (a5, b)] {
            let proofOut = f.dir.appendingPathComponent("fork-\(x.lastPathComponent)-\(y.lastPathComponent).eq")
            let v5 = try TestSupport.evident([
                "checkpoint", "compare", x.path, y.path, "--ledger-key", f.pub, "-o", proofOut.path,
            ])
            #expect(v5.status == 1, "\(x.lastPathComponent) \(y.lastPathComponent): \(v5.stdoutText)\(v5.stderrText)")
            let checked = try TestSupport.evident(["verify", "--equivocation", proofOut.path, "--ledger-key", f.pub])
            #expect(
                checked.status == 0 && checked.stdoutText.contains("PROVEN (inclusion)"),
                "\(checked.stdoutText)\(checked.stderrText)")
        }
        // A v5 bundle whose multi-proof does not fold (the manifest claims another covering
        // size; the tar stays well formed): its leaves are left out, and compare says so.
        var bytes = try Data(contentsOf: a5)
        let claim = Data("\"covering_tree_size\":3".utf8)
        let at = try #require(bytes.range(of: claim))
        bytes.replaceSubrange(at, with: Data("\"covering_tree_size\":4".utf8))
        let skewed = f.dir.appendingPathComponent("a5-skewed.evb")
        try bytes.write(to: skewed)
        let noted = try TestSupport.evident(["checkpoint", "compare", skewed.path, b5.path, "--ledger-key", f.pub])
        #expect(
            noted.status == 3 && noted.stderrText.contains("a5-skewed.evb: its receipts' leaves are not compared"),
            "\(noted.stdoutText)\(noted.stderrText)")
        // A v5 bundle against itself, and against the per-receipt export of the same ledger: no dispute.
        for (x, y) in [(a5, a5), (a5, a)] {
            let same = try TestSupport.evident(["checkpoint", "compare", x.path, y.path, "--ledger-key", f.pub])
            #expect(same.status == 0, "\(same.stdoutText)\(same.stderrText)")
        }
        let out = f.dir.appendingPathComponent("fork.equivocation")
        var r = try TestSupport.evident([
            "checkpoint", "compare", a.path, b.path, "--ledger-key", f.pub, "-o", out.path,
        ])
        #expect(r.status == 1, "\(r.stdoutText)\(r.stderrText)")
        r = try TestSupport.evident(["verify", "--equivocation", out.path, "--ledger-key", f.pub])
        #expect(r.status == 0 && r.stdoutText.contains("PROVEN (inclusion)"), "\(r.stdoutText)\(r.stderrText)")
        // The fork's note of size 2 against the ledger's: two trees of one size.
        r = try TestSupport.evident([
            "checkpoint", "compare", f.dir.appendingPathComponent("b2.note").path, first.path, "--ledger-key", f.pub,
        ])
        #expect(r.status == 1 && r.stdoutText.contains("two different trees of size 2"), "\(r.stdoutText)")
        // An earlier checkpoint against the bundle: undetermined until the ledger's own
        // `proof consistency` output is given.
        r = try TestSupport.evident(["checkpoint", "compare", first.path, a.path, "--ledger-key", f.pub])
        #expect(r.status == 3 && r.stdoutText.contains("evident proof consistency 2 3"), "\(r.stdoutText)")
        let proof = try TestSupport.evident(["proof", "consistency", "2", "3", "--dir", f.ledger])
        #expect(proof.status == 0, "\(proof.stderrText)")
        let proofFile = f.dir.appendingPathComponent("2-3.json")
        try proof.stdout.write(to: proofFile)
        r = try TestSupport.evident([
            "checkpoint", "compare", first.path, a.path, "--proof", proofFile.path, "--ledger-key", f.pub,
        ])
        #expect(r.status == 0 && r.stdoutText.contains("proven an append-only extension"), "\(r.stdoutText)")
        r = try TestSupport.evident(["checkpoint", "compare", last.path, a.path, "--ledger-key", f.pub])
        #expect(r.status == 0 && r.stdoutText.contains("both newest"), "\(r.stdoutText)\(r.stderrText)")
    }
}
