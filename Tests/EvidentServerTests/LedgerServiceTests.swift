import EvidentBundle
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentSQLite
import EvidentServer
import EvidentTSP
import EvidentTestSupport
import Foundation
import Logging
import Testing

/// The ledger API without a socket: authentication and scopes, minting (single, batch,
/// back-pressure), reading, proofs that verify, the detail view's verification, and export.
@Suite struct LedgerServiceTests {
    struct Fixture {
        let service: LedgerService
        let key: LedgerKey
        let tokens: [APIScope: String]
        let dir: URL
    }

    static func fixture(_ configure: (inout LedgerService.Limits) -> Void = { _ in }) throws -> Fixture {
        let dir = try TestSupport.temporaryDirectory()
        let ledger = try LedgerDirectory(path: dir.appendingPathComponent("ledger").path).initialize(
            origin: "evident.test/api")
        let key = try LedgerKey.generate()
        var lines: [String] = []
        var tokens: [APIScope: String] = [:]
        for scope in APIScope.allCases {
            let (token, line) = try APITokens.issue(name: "t-\(scope.rawValue)", scopes: [scope])
            tokens[scope] = token
            lines.append(line)
        }
        var limits = LedgerService.Limits()
        configure(&limits)
        let service = try LedgerService(
            ledger: ledger, key: key, verifierKeys: [key.publicKey],
            publicKeyFiles: [try LedgerKeyFile.encodePublic(key.publicKey)],
            tokens: APITokenFile(fixed: try APITokens(fileContents: lines.joined(separator: "\n"))), limits: limits,
            exportDirectory: dir.path,
            fieldKey: try LedgerDirectory(path: dir.appendingPathComponent("ledger").path).fieldKey())
        return Fixture(service: service, key: key, tokens: tokens, dir: dir)
    }

    static func draft(
        stream: String = "agent-1", decision: String = "allow", actor: String = "a", action: String = "tool.call",
        resource: String = "db"
    ) -> String {
        "{\"stream\":\"\(stream)\",\"decision\":\"\(decision)\",\"actor\":\"\(actor)\",\"action\":\"\(action)\",\"resource\":\"\(resource)\",\"policy\":{\"id\":\"p\",\"version\":\"1\",\"hash\":\"\(String(repeating: "b", count: 64))\"}}"
    }

    /// A receipt detail's checks by name: (outcome, detail).
    static func checks(_ detail: [String: Any]) throws -> [String: (outcome: String, detail: String)] {
        let list = try #require(
            (detail["verification"] as? [String: Any])?["checks"] as? [[String: String]], "\(detail)")
        return Dictionary(
            list.map { ($0["check"] ?? "", ($0["outcome"] ?? "", $0["detail"] ?? "")) }, uniquingKeysWith: { a, _ in a }
        )
    }

    static func call(
        _ f: Fixture, _ method: String, _ uri: String, scope: APIScope? = .admin, type: String? = nil, body: String = ""
    ) -> (Int, [String: Any], HTTPResponse) {
        var headers: [(name: String, value: String)] = []
        if let scope { headers.append(("Authorization", "Bearer \(f.tokens[scope]!)")) }
        if let type { headers.append(("Content-Type", type)) }
        let r = f.service.handle(HTTPRequest(method: method, uri: uri, headers: headers, body: Array(body.utf8)))
        let json = r.bodyBytes.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] } ?? [:]
        return (r.status, json, r)
    }

    static func header(_ r: HTTPResponse, _ name: String) -> String? {
        r.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func everyDataRouteNeedsATokenWithItsScope() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        for (method, uri) in [
            ("GET", "/v1/receipts"), ("POST", "/v1/receipts"), ("GET", "/v1/streams"), ("GET", "/v1/checkpoints"),
            ("POST", "/v1/exports"),
            ("GET", "/metrics"), ("GET", "/v1/anchors"), ("GET", "/v1/receipts/\(String(repeating: "0", count: 64))"),
        ] {
            let (status, json, r) = Self.call(f, method, uri, scope: nil)
            #expect(status == 401, "\(method) \(uri)")
            #expect((json["error"] as? [String: Any])?["code"] as? String == "unauthenticated")
            #expect(Self.header(r, "WWW-Authenticate")?.hasPrefix("Bearer") == true)
        }
        let bogus = f.service.handle(
            HTTPRequest(method: "GET", uri: "/v1/streams", headers: [("Authorization", "Bearer evt_nope")], body: []))
        #expect(bogus.status == 401)
        #expect(
            Self.call(f, "POST", "/v1/receipts", scope: .read, type: "application/json", body: Self.draft()).0 == 403)
        #expect(Self.call(f, "GET", "/v1/receipts", scope: .mint).0 == 403)
        #expect(Self.call(f, "POST", "/v1/exports", scope: .read).0 == 403)
        #expect(Self.call(f, "GET", "/v1/streams", scope: .read).0 == 200)
        // The page and liveness hold no data and need no token.
        #expect(Self.call(f, "GET", "/", scope: nil).0 == 200)
        #expect(Self.call(f, "GET", "/app.js", scope: nil).0 == 200)
        #expect(Self.call(f, "GET", "/healthz", scope: nil).0 == 200)
        #expect(
            Self.header(Self.call(f, "GET", "/", scope: nil).2, "Content-Security-Policy")?.contains(
                "default-src 'none'") == true)
        // Unknown routes and methods.
        #expect(Self.call(f, "GET", "/v2/nothing").0 == 404)
        let wrong = Self.call(f, "DELETE", "/v1/receipts")
        #expect(wrong.0 == 405 && Self.header(wrong.2, "Allow") == "GET, POST")
    }

    @Test func mintSearchDetailProofsAndCheckpoints() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        let (s1, one, _) = Self.call(
            f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: Self.draft(decision: "deny"))
        #expect(s1 == 201)
        let first = try #require(one["hash"] as? String)
        #expect(one["seq"] as? Int == 1 && one["index"] as? Int == 0)
        // The embedded receipt is the signed canonical receipt: it verifies on its own.
        let receiptJSON = try JSONSerialization.data(withJSONObject: try #require(one["receipt"] as? [String: Any]))
        let receipt = try Receipt(json: [UInt8](receiptJSON))
        #expect(receipt.verify(with: f.key.publicKey).isValid && receipt.receiptHashHex == first)

        let batch =
            (0..<5).map {
                Self.draft(decision: $0 % 2 == 0 ? "allow" : "deny", action: "deploy", resource: "svc-\($0)")
            }.joined(separator: "\n") + "\n"
        let (s2, many, _) = Self.call(
            f, "POST", "/v1/receipts/batch", scope: .mint, type: "application/x-ndjson", body: batch)
        #expect(s2 == 201)
        let minted = try #require(many["receipts"] as? [[String: Any]])
        #expect(minted.map { $0["seq"] as? Int } == [2, 3, 4, 5, 6])

        let (_, denies, _) = Self.call(f, "GET", "/v1/receipts?decision=deny", scope: .read)
        #expect((denies["receipts"] as? [[String: Any]])?.count == 3)
        let (_, deploys, _) = Self.call(f, "GET", "/v1/receipts?action=deploy&decision=allow&limit=2", scope: .read)
        #expect((deploys["receipts"] as? [[String: Any]])?.count == 2)
        // Paging: full pages name where to continue; the pages together are the whole result.
        let (_, page1, _) = Self.call(f, "GET", "/v1/receipts?limit=4", scope: .read)
        let after = try #require(page1["next_after"] as? Int)
        let (_, page2, _) = Self.call(f, "GET", "/v1/receipts?limit=4&after=\(after)", scope: .read)
        #expect(((page1["receipts"] as? [[String: Any]]) ?? []).map { $0["index"] as? Int } == [0, 1, 2, 3])
        #expect(((page2["receipts"] as? [[String: Any]]) ?? []).map { $0["index"] as? Int } == [4, 5])
        #expect(page2["next_after"] is NSNull)
        #expect(Self.call(f, "GET", "/v1/receipts?decision=maybe", scope: .read).0 == 400)
        #expect(Self.call(f, "GET", "/v1/receipts?from=yesterday", scope: .read).0 == 400)
        #expect(Self.call(f, "GET", "/v1/receipts?limit=0", scope: .read).0 == 400)

        // Before a checkpoint the detail says inclusion is pending; after it, valid.
        let (_, pending, _) = Self.call(f, "GET", "/v1/receipts/\(first)", scope: .read)
        let pendingChecks = try Self.checks(pending)
        #expect(
            pendingChecks["inclusion"]?.outcome == "undecided"
                && pendingChecks["inclusion"]?.detail.hasPrefix("no checkpoint covers") == true)
        #expect((pending["verification"] as? [String: Any])?["verdict"] as? String == "indeterminate")
        #expect(Self.call(f, "GET", "/v1/checkpoints/latest", scope: .read).0 == 404)
        let (s3, cp, _) = Self.call(f, "POST", "/v1/checkpoints", scope: .mint)
        #expect(s3 == 201 && cp["tree_size"] as? Int == 6)
        let (_, detail, _) = Self.call(f, "GET", "/v1/receipts/\(minted[1]["hash"] as! String)", scope: .read)
        let checks = try Self.checks(detail)
        #expect(checks["receipt-signature"]?.outcome == "passed" && checks["stream-chain"]?.outcome == "passed")
        #expect(checks["inclusion"]?.outcome == "passed" && checks["inclusion"]?.detail == "in checkpoint 6")
        // No anchor yet: the time is not proven, so the detail is indeterminate, never valid.
        #expect(checks["anchor-coverage"]?.outcome == "undecided")
        #expect((detail["verification"] as? [String: Any])?["verdict"] as? String == "indeterminate")
        #expect(((detail["lineage"] as? [String: Any])?["previous"] as? [String: Any])?["seq"] as? Int == 2)

        // Proofs verify against the checkpoint's root.
        let (_, proof, _) = Self.call(f, "GET", "/v1/receipts/\(first)/proof", scope: .read)
        let path = try (proof["path"] as? [String] ?? []).map { try MerkleHash(base64: $0) }
        let root = try MerkleHash(base64: cp["root"] as! String)
        try InclusionProof(leafIndex: 0, treeSize: 6, path: path).verify(
            leafHash: try receipt.leafHash(), rootHash: root)
        let (sc, consistency, _) = Self.call(f, "GET", "/v1/proofs/consistency?from=2&to=6", scope: .read)
        #expect(sc == 200 && consistency["new_root"] as? String == cp["root"] as? String)
        #expect(Self.call(f, "GET", "/v1/proofs/consistency?from=7&to=6", scope: .read).0 == 400)
        #expect(Self.call(f, "GET", "/v1/receipts/\(String(repeating: "0", count: 64))", scope: .read).0 == 404)
        #expect(Self.call(f, "GET", "/v1/receipts/xyz", scope: .read).0 == 400)
        let (_, streams, _) = Self.call(f, "GET", "/v1/streams", scope: .read)
        #expect((streams["streams"] as? [[String: Any]])?.first?["seq"] as? Int == 6)
    }

    @Test func badDraftsAndBodiesAreRefusedAndNothingIsWritten() throws {
        let f = try Self.fixture { $0.maxBatchDrafts = 3 }
        defer { f.service.shutdown() }
        #expect(Self.call(f, "POST", "/v1/receipts", scope: .mint, type: "text/plain", body: Self.draft()).0 == 415)
        let (s, bad, _) = Self.call(
            f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: "{\"stream\":\"x\"}")
        #expect(s == 400 && (bad["error"] as? [String: Any])?["code"] as? String == "invalid-draft")
        #expect(Self.call(f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: "[1,2").0 == 400)
        // One bad line refuses the whole batch.
        let mixed = Self.draft() + "\n{\"nope\":1}\n"
        let (sm, m, _) = Self.call(
            f, "POST", "/v1/receipts/batch", scope: .mint, type: "application/x-ndjson", body: mixed)
        #expect(sm == 400 && ((m["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("line 2") == true)
        let tooMany = (0..<4).map { _ in Self.draft() }.joined(separator: "\n")
        #expect(
            Self.call(f, "POST", "/v1/receipts/batch", scope: .mint, type: "application/x-ndjson", body: tooMany).0
                == 400)
        // The ledger assigns issued_at: a draft an hour off its clock is refused, with the reason.
        let backdated = Self.draft().replacingOccurrences(
            of: "{\"stream\"", with: "{\"issued_at\":\"2020-01-01T00:00:00.000Z\",\"stream\"")
        let (sb, b, _) = Self.call(f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: backdated)
        #expect(
            sb == 400
                && ((b["error"] as? [String: Any])?["message"] as? String)?.contains("the ledger assigns issued_at")
                    == true,
            "\(b)")
        #expect(try f.service.ledger.store.merkle.treeSize() == 0)
    }

    /// Idempotent minting over HTTP (issue #14, item 5): Idempotency-Key or request_id, a retry
    /// answered 200 with the first receipt, another draft under the same key 409, and eight
    /// concurrent requests with one key make exactly one receipt.
    @Test func aRequestIDMintsOnce() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        @Sendable func post(_ body: String, key: String?) -> (Int, [String: Any], HTTPResponse) {
            var headers: [(name: String, value: String)] = [
                ("Authorization", "Bearer \(f.tokens[.mint]!)"), ("Content-Type", "application/json"),
            ]
            if let key { headers.append(("Idempotency-Key", key)) }
            let r = f.service.handle(
                HTTPRequest(method: "POST", uri: "/v1/receipts", headers: headers, body: Array(body.utf8)))
            let json =
                r.bodyBytes.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] } ?? [:]
            return (r.status, json, r)
        }
        let (first, minted, _) = post(Self.draft(), key: "deploy-1")
        let hash = try #require(minted["hash"] as? String)
        #expect(first == 201)
        let (again, replayed, _) = post(Self.draft(), key: "deploy-1")
        #expect(again == 200 && replayed["hash"] as? String == hash)
        let (conflict, refused, _) = post(Self.draft(decision: "deny"), key: "deploy-1")
        #expect(conflict == 409 && (refused["error"] as? [String: Any])?["code"] as? String == "request-conflict")
        #expect(((refused["error"] as? [String: Any])?["message"] as? String)?.contains(hash) == true)
        // request_id in the draft is the same key; disagreeing with the header is a bad request.
        let inBody = Self.draft().dropLast() + ",\"request_id\":\"deploy-1\"}"
        #expect(post(String(inBody), key: nil).0 == 200)
        #expect(post(String(inBody), key: "other").0 == 400)
        #expect(post(Self.draft(), key: "has space").0 == 400)
        // Two Idempotency-Key headers: a bad request, not the first one silently (red team round 4).
        let twice = f.service.handle(
            HTTPRequest(
                method: "POST", uri: "/v1/receipts",
                headers: [
                    ("Authorization", "Bearer \(f.tokens[.mint]!)"), ("Content-Type", "application/json"),
                    ("Idempotency-Key", "one"), ("Idempotency-Key", "two"),
                ], body: Array(Self.draft().utf8)))
        #expect(twice.status == 400)
        // Concurrent retries of one new key: one receipt, every answer names it.
        final class Answers: @unchecked Sendable {
            var hashes: [String] = []
            let lock = NSLock()
        }
        let answers = Answers()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let (status, json, _) = post(Self.draft(stream: "concurrent"), key: "deploy-2")
            if status == 200 || status == 201, let h = json["hash"] as? String {
                answers.lock.withLock { answers.hashes.append(h) }
            }
        }
        #expect(answers.hashes.count == 8 && Set(answers.hashes).count == 1, "\(answers.hashes)")
        #expect(try f.service.ledger.store.search(LedgerQuery(stream: "concurrent")).count == 1)
    }

    @Test func sensitiveFieldsAreStoredOnlyAsKeyedHashes() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        let (s, one, _) = Self.call(
            f, "POST", "/v1/receipts?sensitive=actor,resource", scope: .mint, type: "application/json",
            body: Self.draft(resource: "patient-4711"))
        #expect(s == 201)
        let receipt = try #require(one["receipt"] as? [String: Any])
        #expect((receipt["actor"] as? String)?.hasPrefix("hmac-sha256:") == true)
        #expect((receipt["resource"] as? String)?.hasPrefix("hmac-sha256:") == true)
        #expect(receipt["action"] as? String == "tool.call")
        let stored = try #require(try f.service.ledger.store.entry(index: 0))
        #expect(!String(decoding: stored.body, as: UTF8.self).contains("patient-4711"))
        // Searchable by the keyed hash.
        let hashed = try #require(receipt["resource"] as? String)
        let (_, found, _) = Self.call(f, "GET", "/v1/receipts?resource=\(hashed)", scope: .read)
        #expect((found["receipts"] as? [[String: Any]])?.count == 1)
        #expect(
            Self.call(
                f, "POST", "/v1/receipts?sensitive=password", scope: .mint, type: "application/json", body: Self.draft()
            ).0 == 400)
    }

    @Test func aFullQueueAnswers503WithRetryAfter() throws {
        let f = try Self.fixture { $0.queueCapacity = 2 }
        defer { f.service.shutdown() }
        let batch = (0..<3).map { _ in Self.draft() }.joined(separator: "\n")
        let (s, json, r) = Self.call(
            f, "POST", "/v1/receipts/batch", scope: .mint, type: "application/x-ndjson", body: batch)
        #expect(s == 503 && Self.header(r, "Retry-After") == "1")
        #expect((json["error"] as? [String: Any])?["code"] as? String == "busy")
        #expect(try f.service.ledger.store.merkle.treeSize() == 0)
    }

    @Test func rateLimitPerToken() throws {
        let f = try Self.fixture {
            $0.rate = 1; $0.burst = 3
        }
        defer { f.service.shutdown() }
        let statuses = (0..<5).map { _ in Self.call(f, "GET", "/v1/streams", scope: .read) }
        #expect(statuses.map(\.0) == [200, 200, 200, 429, 429])
        #expect(Self.header(statuses[3].2, "Retry-After") == "1")
        // Another token has its own bucket.
        #expect(Self.call(f, "GET", "/v1/streams", scope: .admin).0 == 200)
    }

    @Test func exportedBundleVerifiesOffline() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        #expect(Self.call(f, "POST", "/v1/exports", scope: .export).0 == 409)  // no checkpoint yet
        for i in 0..<4 {
            #expect(
                Self.call(
                    f, "POST", "/v1/receipts", scope: .mint, type: "application/json",
                    body: Self.draft(stream: "s\(i % 2)", decision: i == 3 ? "deny" : "allow")
                ).0 == 201)
        }
        #expect(Self.call(f, "POST", "/v1/checkpoints", scope: .mint).0 == 201)
        // The export budget (issue #13, item 2): with this token's slots taken, a further export
        // is refused at once (503, Retry-After) instead of taking a worker; freed, it runs.
        let held = (0..<f.service.limits.maxExportsPerToken).map { _ in f.service.exportSlots.acquire(token: "t-export")
        }
        #expect(held.allSatisfy { $0 })
        let (busy, busyBody, busyResponse) = Self.call(f, "POST", "/v1/exports", scope: .export)
        #expect(busy == 503 && Self.header(busyResponse, "Retry-After") == "5", "\(busyBody)")
        for _ in held { f.service.exportSlots.release(token: "t-export") }
        let (s, _, r) = Self.call(
            f, "POST", "/v1/exports", scope: .export, type: "application/json", body: "{\"decision\":\"deny\"}")
        #expect(s == 200 && Self.header(r, "X-Evident-Receipts") == "1")
        // A bundle is an .evb of its own media type (docs/bundle.md), not a generic tar.
        #expect(Self.header(r, "Content-Type") == "application/vnd.evident.bundle+tar")
        let disposition = try #require(Self.header(r, "Content-Disposition"))
        #expect(
            disposition.hasPrefix("attachment; filename=\"evidence-") && disposition.hasSuffix(".evb\""),
            "\(disposition)"
        )
        guard case .file(let staged) = r.body else { Issue.record("not a file body"); return }
        let path = staged.path
        #expect(Int(try FileManager.default.attributesOfItem(atPath: path)[.size] as! UInt64) == staged.length)
        // The slot stays taken until the download ends (the staged file is deleted then).
        #expect(f.service.exportSlots.inUse == 1)
        defer {
            staged.finish()
            #expect(f.service.exportSlots.inUse == 0 && !FileManager.default.fileExists(atPath: path))
        }
        var verifier = BundleVerifier(
            ledgerKeys: [f.key.publicKey], tsaRoots: [], now: Int64(Date().timeIntervalSince1970 * 1000) + 60_000)
        verifier.all = true
        let report = verifier.verify(path: path)
        // No anchor yet: every check passes but the receipts' time is unproven — indeterminate, for that reason only.
        #expect(
            report.verdict == .indeterminate && report.findings.map(\.check) == ["anchor-coverage"],
            "\(report.findings)")
        #expect(report.summary.completeness == .notClaimed)
        #expect(report.summary.receipts == 1 && report.summary.denies == 1)
        #expect(
            Self.call(f, "POST", "/v1/exports", scope: .export, type: "application/json", body: "{\"colour\":\"red\"}")
                .0 == 400)
    }

    /// Search by actor (read from each receipt's signed body, at most Limits.actorScan receipts a
    /// request, continued through next_after) and by resource; oversized filter values are
    /// refused; every summary names its actor.
    @Test func searchByActorAndResource() throws {
        let f = try Self.fixture { $0.actorScan = 4 }
        defer { f.service.shutdown() }
        let actors = ["alice", "bob", "bob", "alice", "bob", "bob", "bob", "alice"]
        let batch =
            actors.enumerated().map { i, actor in
                Self.draft(stream: "s\(i % 2)", actor: actor, resource: i == 7 ? "vault" : "db")
            }.joined(separator: "\n") + "\n"
        #expect(
            Self.call(f, "POST", "/v1/receipts/batch", scope: .mint, type: "application/x-ndjson", body: batch).0 == 201
        )
        func page(_ query: String) -> (indexes: [Int], next: Int?, scanned: Int?, actors: [String]) {
            let (status, j, _) = Self.call(f, "GET", "/v1/receipts?\(query)", scope: .read)
            #expect(status == 200, "\(query): \(j)")
            let receipts = j["receipts"] as? [[String: Any]] ?? []
            return (
                receipts.compactMap { $0["index"] as? Int }, j["next_after"] as? Int, j["scanned"] as? Int,
                receipts.compactMap { $0["actor"] as? String }
            )
        }
        // Without actor: every summary carries it, no scan count.
        let all = page("limit=1000")
        #expect(all.actors == actors && all.scanned == nil)
        // The scan budget (4) ends the first request before the log's end: it answers what it
        // found and where to go on; the pages together are exactly alice's receipts.
        let p1 = page("actor=alice")
        #expect(p1.indexes == [0, 3] && p1.next == 3 && p1.scanned == 4, "\(p1)")
        let p2 = page("actor=alice&after=3")
        #expect(p2.indexes == [7] && p2.next == 7 && p2.scanned == 4, "\(p2)")
        let p3 = page("actor=alice&after=7")
        #expect(p3.indexes == [] && p3.next == nil && p3.scanned == 0, "\(p3)")
        // A full page stops the scan there.
        let full = page("actor=bob&limit=2")
        #expect(full.indexes == [1, 2] && full.next == 2 && full.scanned == 3, "\(full)")
        // The other filters narrow what is read (stream s1 holds indexes 1, 3, 5, 7); the budget
        // spent at the last one still names where to go on, and the next request finds the end.
        let narrowed = page("actor=alice&stream=s1")
        #expect(narrowed.indexes == [3, 7] && narrowed.next == 7 && narrowed.scanned == 4, "\(narrowed)")
        #expect(page("actor=alice&stream=s1&after=7").next == nil)
        #expect(page("actor=alice&stream=s0&limit=1").indexes == [0])
        #expect(page("resource=vault").indexes == [7])
        #expect(page("resource=vault&actor=bob").indexes == [])
        // The actor compares as bytes, as the indexed columns do: no case folding, no prefix.
        #expect(page("actor=Alice").indexes == [] && page("actor=ali").indexes == [])
        for name in ["actor", "action", "resource"] {
            let (status, j, _) = Self.call(
                f, "GET", "/v1/receipts?\(name)=\(String(repeating: "x", count: 513))", scope: .read)
            #expect(
                status == 400
                    && ((j["error"] as? [String: Any])?["message"] as? String)?.hasPrefix("\(name): 513 bytes") == true,
                "\(j)")
        }
        #expect(page("actor=\(String(repeating: "x", count: 512))").indexes == [])
    }

    /// What a verifier of an export needs: the origin, the token as judged, the public keys (as
    /// files `--ledger-key` reads) and the roots the anchors' chains ended at (as PEM).
    @Test func ledgerOriginKeysAndTSARoots() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        let (s, info, _) = Self.call(f, "GET", "/v1/ledger", scope: .read)
        #expect(s == 200 && info["origin"] as? String == "evident.test/api", "\(info)")
        let token = try #require(info["token"] as? [String: Any])
        #expect(token["name"] as? String == "t-read" && token["scopes"] as? [String] == ["read"])
        let keys = try #require(info["public_keys"] as? [[String: Any]])
        #expect(
            keys.count == 1 && keys[0]["key_id"] as? String == f.key.keyID && keys[0]["signs_here"] as? Bool == true)
        #expect((info["tsa_roots"] as? [Any])?.isEmpty == true)
        #expect(Self.call(f, "GET", "/v1/ledger", scope: nil).0 == 401)
        #expect(Self.call(f, "GET", "/v1/ledger", scope: .mint).0 == 403)
        #expect(Self.call(f, "GET", "/v1/ledger/public-key", scope: .mint).0 == 403)
        #expect(Self.call(f, "GET", "/v1/ledger/tsa-roots", scope: nil).0 == 401)

        // The key file is the one `evident key new --public-out` writes.
        let (ks, _, kr) = Self.call(f, "GET", "/v1/ledger/public-key", scope: .read)
        #expect(ks == 200 && Self.header(kr, "Content-Type") == "application/json")
        #expect(try LedgerKeyFile.decodePublic(try #require(kr.bodyBytes)) == f.key.publicKey)
        #expect(Self.header(kr, "Content-Disposition")?.hasSuffix(".pub.json\"") == true)
        #expect(
            Self.call(
                f, "GET",
                "/v1/ledger/public-key?key_id=\(f.key.keyID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                scope: .read
            ).0 == 200)
        #expect(Self.call(f, "GET", "/v1/ledger/public-key?key_id=ed25519:nope", scope: .read).0 == 404)

        // No anchor yet: no root to give.
        #expect(Self.call(f, "GET", "/v1/ledger/tsa-roots", scope: .read).0 == 404)
        // Two anchors whose chains end at one root, a third at another: two roots, each once.
        func certificate(_ cn: String, issuer: (X509Certificate, PrivateKey)?) throws -> (X509Certificate, PrivateKey) {
            let key = try PrivateKey.generate(.ecP256)
            let now = Int64(Date().timeIntervalSince1970)
            let request = CertificateIssuer.Request(
                subject: [("O", "Evident Test"), ("CN", cn)], serial: [UInt8.random(in: 1...0x7f), 1],
                notBefore: now - 60, notAfter: now + 3600, extensions: [])
            let cert = try CertificateIssuer.issue(
                request, subjectKey: key, issuerKey: issuer?.1 ?? key, issuer: issuer?.0)
            return (cert, key)
        }
        let rootA = try certificate("Root A", issuer: nil)
        let rootB = try certificate("Root B", issuer: nil)
        let leafA = try certificate("TSA A", issuer: rootA)
        let leafB = try certificate("TSA B", issuer: rootB)
        #expect(
            Self.call(f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: Self.draft()).0 == 201)
        #expect(Self.call(f, "POST", "/v1/checkpoints", scope: .mint).0 == 201)
        // (An anchor whose chain cannot be read gives no root, and does not hide the others.)
        for (n, chain) in [leafA.0.pem + rootA.0.pem, "", leafA.0.pem + rootA.0.pem, leafB.0.pem + rootB.0.pem]
            .enumerated()
        {
            try f.service.ledger.store.saveAnchor(
                StoredAnchor(
                    treeSize: 1, checkpointHash: [UInt8](repeating: 0, count: 32), tsaURL: "http://tsa-\(n).test",
                    response: [UInt8(n)], request: [UInt8(n)], genTimeMillis: 1_000, chainPEM: chain,
                    revocationPEM: "", createdAtMillis: 1_000))
        }
        let roots = try #require(Self.call(f, "GET", "/v1/ledger", scope: .read).1["tsa_roots"] as? [[String: String]])
        #expect(
            roots == [
                ["subject": rootA.0.subject, "sha256": Hex.encode(rootA.0.sha256Fingerprint)],
                ["subject": rootB.0.subject, "sha256": Hex.encode(rootB.0.sha256Fingerprint)],
            ], "\(roots)")
        let (rs, _, rr) = Self.call(f, "GET", "/v1/ledger/tsa-roots", scope: .read)
        #expect(rs == 200 && Self.header(rr, "Content-Type") == "application/x-pem-file")
        let pem = try #require(rr.bodyBytes)
        #expect(try PEM.certificates(pem).map(\.derBytes) == [rootA.0.derBytes, rootB.0.derBytes])
        #expect(String(decoding: pem, as: UTF8.self).contains("# SHA-256 \(Hex.encode(rootB.0.sha256Fingerprint))\n"))
    }

    @Test func metricsExposeLatencyQueueAndFailures() throws {
        let f = try Self.fixture()
        defer { f.service.shutdown() }
        _ = Self.call(f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: Self.draft())
        let (s, _, r) = Self.call(f, "GET", "/metrics", scope: .read)
        #expect(s == 200)
        let text = String(decoding: r.bodyBytes ?? [], as: UTF8.self)
        for series in [
            "evident_mint_latency_seconds{quantile=\"0.99\"}", "evident_mint_latency_seconds_count 1",
            "evident_mint_queue_depth 0",
            "evident_receipts_minted_total{outcome=\"ok\"} 1", "evident_receipts_minted_total{outcome=\"failed\"} 0",
            "evident_commit_duration_seconds{quantile=\"0.5\"}",
            "evident_http_requests_total{route=\"/v1/receipts\",status=\"201\"} 1",
        ] {
            #expect(text.contains(series), "\(series)")
        }
    }
}

/// The socket layer: an idle connection is closed; a real request over a socket round-trips.
@Suite struct LedgerHTTPServerTests {
    /// Everything the server sends until it closes the connection; `closed` is false when the
    /// read failed or timed out instead (SO_RCVTIMEO).
    static func readUntilClosed(_ fd: Int32) -> (bytes: [UInt8], closed: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { return (received, true) }
            if n < 0 { return (received, false) }
            received += buffer[0..<n]
        }
    }

    /// A server on a loopback port and one TCP connection to it.
    static func serverAndConnection(idleTimeoutSeconds: Int64) throws -> (LedgerHTTPServer, Int32) {
        let f = try LedgerServiceTests.fixture()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = try LedgerHTTPServer(
            service: f.service, logger: logger,
            options: .init(
                host: "127.0.0.1", port: 0, eventLoops: 1, workers: 2, idleTimeoutSeconds: idleTimeoutSeconds))
        return (server, try Self.connect(port: server.localPort))
    }

    /// A TCP connection to a loopback port, reads timing out after 5 s.
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    @Test func idleConnectionsAreClosed() throws {
        let (server, fd) = try Self.serverAndConnection(idleTimeoutSeconds: 1)
        defer {
            close(fd)
            server.shutdown()
        }
        // A request on the connection is answered…
        let request = Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buffer, buffer.count, 0)
        #expect(n > 0 && String(decoding: buffer[0..<max(0, n)], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        // …then silence: the server closes it after the idle timeout (recv sees end of stream).
        let start = Date()
        let closed = recv(fd, &buffer, buffer.count, 0)
        #expect(closed == 0, "the idle connection was not closed (recv returned \(closed))")
        #expect(Date().timeIntervalSince(start) < 4)
    }

    /// At the connection cap one more connection is answered 503 with Retry-After and closed;
    /// when one closes, a new one is served again (issue #13, item 1).
    @Test func connectionsAreCapped() throws {
        let f = try LedgerServiceTests.fixture()
        f.service.capacity = ServerCapacity(maxConnections: 2)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let server = try LedgerHTTPServer(
            service: f.service, logger: logger,
            options: .init(host: "127.0.0.1", port: 0, eventLoops: 1, workers: 2, idleTimeoutSeconds: 60))
        defer { server.shutdown() }
        func connect() throws -> Int32 { try Self.connect(port: server.localPort) }
        func healthz(_ fd: Int32) -> String {
            let request = Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &buffer, buffer.count, 0)
            return String(decoding: buffer[0..<max(0, n)], as: UTF8.self)
        }
        let a = try connect(), b = try connect()
        #expect(healthz(a).hasPrefix("HTTP/1.1 200") && healthz(b).hasPrefix("HTTP/1.1 200"))
        let c = try connect()
        let (refused, closed) = Self.readUntilClosed(c)
        let text = String(decoding: refused, as: UTF8.self)
        #expect(closed && text.hasPrefix("HTTP/1.1 503") && text.contains("Retry-After: 1"), "\(text)")
        close(c)
        close(a)
        Thread.sleep(forTimeInterval: 0.3)
        let d = try connect()
        #expect(healthz(d).hasPrefix("HTTP/1.1 200"))
        close(b)
        close(d)
        #expect(f.service.capacity.counts.refusedConnections == 1)
    }

    /// A request for an authenticated route without a token is refused from its head: the server
    /// answers 401 at once without waiting for (or buffering) the announced body, and closes.
    @Test func unauthenticatedBodiesAreNeverRead() throws {
        let (server, fd) = try Self.serverAndConnection(idleTimeoutSeconds: 60)
        defer {
            close(fd)
            server.shutdown()
        }
        // 100 MiB announced, none sent: the answer must not depend on it.
        let head = Array(
            "POST /v1/receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"
                .utf8)
        _ = head.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        let start = Date()
        let (received, closed) = Self.readUntilClosed(fd)
        #expect(closed, "recv failed or timed out: no answer before the body")
        let text = String(decoding: received, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 401") && text.lowercased().contains("connection: close"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 4)
        // A body within the route's limit is not waited for either: answered from the head.
        let small = try Self.connect(port: server.localPort)
        defer { close(small) }
        let smallHead = Array(
            "POST /v1/receipts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n".utf8
        )
        _ = smallHead.withUnsafeBytes { send(small, $0.baseAddress, $0.count, 0) }
        let (answer, answered) = Self.readUntilClosed(small)
        #expect(answered && String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 401"))
    }

    /// After a protocol error the server answers 400 and closes the connection at once, not after
    /// the idle timeout (issue #13, item 7).
    @Test func aProtocolErrorClosesTheConnection() throws {
        let (server, fd) = try Self.serverAndConnection(idleTimeoutSeconds: 60)
        defer {
            close(fd)
            server.shutdown()
        }
        let garbage = Array("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n".utf8)
        _ = garbage.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        let start = Date()
        let (received, closed) = Self.readUntilClosed(fd)
        #expect(closed, "recv failed or timed out: the connection stayed open")
        #expect(String(decoding: received, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
        #expect(Date().timeIntervalSince(start) < 4)
    }
}

/// The mint queue on its own: acknowledgement only after the batch returns, whole requests per
/// transaction, refusal when full, and one failure failing every request of its transaction.
@Suite struct MintQueueTests {
    @Test func groupsRequestsAndFailsClosed() throws {
        struct Boom: Error {}
        final class Calls: @unchecked Sendable { var sizes: [Int] = []; let lock = NSLock() }
        let calls = Calls()
        let gate = DispatchSemaphore(value: 0)
        let key = try LedgerKey.generate()
        let draft = try Minter.draft(json: Array(LedgerServiceTests.draft().utf8), nowMillis: 1_000)
        let queue = MintQueue(
            capacity: 5, maxBatch: 4,
            mint: { drafts in
                gate.wait()
                calls.lock.withLock { calls.sizes.append(drafts.count) }
                if drafts.count == 1 { throw Boom() }
                return try drafts.map { d in
                    var s = d
                    s.sequence = 1
                    let r = try s.sign(with: key)
                    return (
                        r,
                        LedgerEntry(
                            index: 0, stream: d.stream, sequence: 1, hash: r.receiptHash, previousHash: nil,
                            prepared: PreparedEntry(
                                body: r.canonicalBytes, issuedAtMillis: 1, decision: "allow", action: "a",
                                resource: "r", keyID: key.keyID, policyID: nil))
                    )
                }
            })
        final class Results: @unchecked Sendable { var got: [Int: MintQueue.Outcome] = [:]; let lock = NSLock() }
        let results = Results()
        let done = DispatchGroup()
        // The first request is taken alone (the committer is waiting at the gate with it).
        done.enter()
        #expect(
            queue.submit([draft]) { o in
                results.lock.withLock { results.got[0] = o }; done.leave()
            })
        Thread.sleep(forTimeInterval: 0.2)
        for (i, n) in [(1, 2), (2, 2)] {
            done.enter()
            #expect(
                queue.submit(Array(repeating: draft, count: n)) { o in
                    results.lock.withLock { results.got[i] = o }; done.leave()
                })
        }
        // 1 + 2 + 2 = 5 drafts waiting or in flight: no room for more.
        #expect(!queue.submit([draft]) { _ in Issue.record("a refused request must not be answered") })
        #expect(results.lock.withLock { results.got.isEmpty }, "nothing is acknowledged before its transaction returns")
        gate.signal()
        gate.signal()
        done.wait()
        #expect(calls.sizes == [1, 4])
        #expect(results.lock.withLock { (try? results.got[0]?.get()) == nil }, "the failed transaction's request fails")
        #expect(
            results.lock.withLock {
                (try? results.got[1]?.get())?.count == 2 && (try? results.got[2]?.get())?.count == 2
            })
        queue.shutdown()
    }
}

/// The queue `evident serve` runs: batch k + 1 is signed ahead while batch k commits. Another
/// writer appends to the same streams between batches, some requests carry request ids (not
/// presigned), one is a retry and one batch fails; every acknowledged receipt is the stored one, the chains are
/// whole and the third-party audit finds nothing.
@Suite struct PipelinedMintQueueTests {
    @Test func signsAheadWithoutBreakingAChain() throws {
        let dir = try TestSupport.temporaryDirectory()
        let ledgerDir = LedgerDirectory(path: dir.appendingPathComponent("ledger").path)
        let ledger = try ledgerDir.initialize(origin: "evident.test/pipeline")
        let key = try LedgerKey.generate()
        let minter = Minter(ledger: ledger, key: key)
        let otherWriter = Minter(ledger: try ledgerDir.open(), key: key)
        let queue = MintQueue(capacity: 100_000, maxBatch: 64, minter: minter)
        final class Results: @unchecked Sendable {
            var minted: [(receipt: Receipt, entry: LedgerEntry)] = []
            var failures = 0
            let lock = NSLock()
        }
        let results = Results()
        let done = DispatchGroup()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func draft(_ i: Int, requestID: String? = nil) throws -> ReceiptDraft {
            var json = LedgerServiceTests.draft(stream: "s\(i % 5)", resource: "r\(i)")
            if let requestID { json = String(json.dropLast()) + ",\"request_id\":\"\(requestID)\"}" }
            return try Minter.draft(json: Array(json.utf8), nowMillis: now)
        }
        var expectedFailures = 0
        for round in 0..<60 {
            var drafts = try (0..<(1 + round % 40)).map { try draft(round * 100 + $0) }
            // Request ids: new ones, an exact retry (answered with the stored receipt), and a
            // reuse for another draft (refused: the whole batch fails).
            if round % 7 == 3 { drafts.append(try draft(round, requestID: "req-\(round)")) }
            if round == 12 { drafts.append(try draft(3, requestID: "req-3")) }
            if round == 31 {
                drafts.append(try draft(8, requestID: "req-3"))  // stream s3, as req-3 was
                expectedFailures += drafts.count
            }
            done.enter()
            let count = drafts.count
            let submitted = queue.submit(drafts) { outcome in
                results.lock.withLock {
                    switch outcome {
                    case .success(let m): results.minted += m
                    case .failure: results.failures += count
                    }
                }
                done.leave()
            }
            #expect(submitted)
            if round % 4 == 1 { _ = try otherWriter.mint([try draft(round * 100 + 99)]) }
        }
        done.wait()
        queue.shutdown()
        #expect(results.failures == expectedFailures)
        for (receipt, entry) in results.minted {
            let stored = try #require(try ledger.store.entry(index: entry.index))
            #expect(stored == entry && receipt.canonicalBytes == stored.body, "entry \(entry.index)")
        }
        var heads: [String: (UInt64, [UInt8]?)] = [:]
        for i in 0..<(try ledger.store.merkle.treeSize()) {
            let e = try #require(try ledger.store.entry(index: i))
            let (seq, prev) = heads[e.stream] ?? (0, nil)
            #expect(e.sequence == seq + 1 && e.previousHash == prev, "\(e.stream) seq \(e.sequence)")
            heads[e.stream] = (e.sequence, e.hash)
        }
        let audit = try LedgerAudit.audited(ledger: ledger, publicKeys: [key.publicKey], records: []).run()
        #expect(audit.undecidedCount == 0)
    }
}

/// The export budget on its own: a total and a per-token cap, released slots reusable.
@Suite struct ExportSlotsTests {
    @Test func totalAndPerTokenBudgets() {
        let slots = ExportSlots(total: 3, perToken: 2)
        #expect(slots.acquire(token: "a") && slots.acquire(token: "a"))
        #expect(!slots.acquire(token: "a"), "a third for one token")
        #expect(slots.acquire(token: "b"))
        #expect(!slots.acquire(token: "c"), "a fourth in total")
        slots.release(token: "a")
        #expect(slots.acquire(token: "c") && slots.inUse == 3)
    }
}

/// The access log (issue #13, item 6): one JSON line per request with the token's name, never
/// the token, and the route's name, never the raw path.
@Suite struct AccessLogTests {
    @Test func oneLinePerRequestWithoutSecrets() throws {
        let f = try LedgerServiceTests.fixture()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("access-\(UUID().uuidString).jsonl")
            .path
        f.service.accessLog = try AccessLog(path: path)
        let (_, minted, _) = LedgerServiceTests.call(
            f, "POST", "/v1/receipts", scope: .mint, type: "application/json", body: LedgerServiceTests.draft())
        let hash = try #require(minted["hash"] as? String)
        _ = LedgerServiceTests.call(f, "GET", "/v1/receipts/\(hash)", scope: .read)
        _ = LedgerServiceTests.call(f, "GET", "/v1/receipts", scope: nil)
        f.service.accessLog = nil
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 3)
        #expect(lines.map { $0["route"] as? String } == ["/v1/receipts", "/v1/receipts/{hash}", "/v1/receipts"])
        #expect(lines.map { $0["status"] as? Int } == [201, 200, 401])
        #expect(lines[0]["schema"] as? String == "evident.access-log/v1" && lines[0]["method"] as? String == "POST")
        #expect(lines[0]["token"] as? String != nil && lines[2]["token"] is NSNull)
        #expect((lines[1]["bytes"] as? Int ?? 0) > 0 && (lines[1]["duration_ms"] as? Double ?? -1) >= 0)
        #expect(!text.contains("evt_") && !text.contains(hash), "no token and no receipt hash in the log")
    }
}

/// Token file editing (serve token revoke / list): names match whole, comments follow their token.
/// Last use per token: recorded on each admitted request, written beside the token file (names
/// and times only), read back by `serve token list`.
@Suite struct TokenUsageTests {
    @Test func usesAreRecordedAndWritten() throws {
        let f = try LedgerServiceTests.fixture()
        defer { f.service.shutdown() }
        let tokenFile = f.dir.appendingPathComponent("tokens").path
        f.service.usage = TokenUsage(tokenFile: tokenFile)
        #expect(LedgerServiceTests.call(f, "GET", "/v1/streams", scope: .read).0 == 200)
        #expect(LedgerServiceTests.call(f, "GET", "/v1/streams", scope: nil).0 == 401)
        let before = WallClock.millis()
        f.service.usage?.flush()
        let used = TokenUsage.read(tokenFile: tokenFile)
        #expect(Set(used.keys) == ["t-read"] && (used["t-read"] ?? 0) >= before - 60_000, "\(used)")
        let text = try String(contentsOfFile: tokenFile + ".used", encoding: .utf8)
        #expect(!text.contains("evt_") && !text.contains("sha256:"))
        let attrs = try FileManager.default.attributesOfItem(atPath: tokenFile + ".used")
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}

@Suite struct TokenFileEditingTests {
    @Test func removingMatchesTheWholeName() throws {
        let (_, ab) = try APITokens.issue(name: "a b", scopes: [.read])
        let (_, b) = try APITokens.issue(name: "b", scopes: [.read])
        let text = [
            APITokens.creationComment(name: "a b", time: "2026-12-01T00:00:00.000Z"), ab,
            APITokens.creationComment(name: "b", time: "2026-12-02T00:00:00.000Z"), b, "",
        ].joined(separator: "\n")
        let (kept, removed) = try APITokens.removing(name: "b", from: text)
        #expect(removed == 1)
        #expect(try APITokens(fileContents: kept).entries.map(\.name) == ["a b"])
        #expect(APITokens.creationTimes(in: kept) == ["a b": "2026-12-01T00:00:00.000Z"])
        #expect(try APITokens.removing(name: "c", from: text).removed == 0)
    }
}

/// The token file fails closed (issue #13, item 5): when it goes bad or missing, no token is
/// accepted — not even one the last good file had — until a valid file appears.
@Suite struct TokenFileTests {
    @Test func aBadOrMissingTokenFileAcceptsNoToken() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("tokens").path
        let (token, line) = try APITokens.issue(name: "pipeline", scopes: [.mint])
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let file = try APITokenFile(path: path)
        final class Seen: @unchecked Sendable { var problems: [String?] = [] }
        let seen = Seen()
        file.onProblem = { seen.problems.append($0) }
        #expect(file.current.authenticate(token)?.name == "pipeline" && file.isValid)
        // A malformed line: nothing is accepted (the reload is checked at most once a second).
        try Data((line + "\nnot a token line\n").utf8).write(to: URL(fileURLWithPath: path))
        Thread.sleep(forTimeInterval: 1.1)
        #expect(file.current.authenticate(token) == nil && !file.isValid)
        // Deleted: still nothing.
        try FileManager.default.removeItem(atPath: path)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(file.current.authenticate(token) == nil && !file.isValid)
        // A valid file again: accepted again, and the problem was reported once each way.
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        Thread.sleep(forTimeInterval: 1.1)
        #expect(file.current.authenticate(token)?.name == "pipeline" && file.isValid)
        #expect(seen.problems.count == 2 && seen.problems[0] != nil && seen.problems[1] == nil)
    }
}
