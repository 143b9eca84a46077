import EvidentBundle
import EvidentCore
import EvidentCrypto
import EvidentDER
import EvidentLedger
import EvidentTSP
import Foundation

/// The ledger's JSON HTTP API (docs/openapi.yaml), independent of the socket layer: a request in,
/// a response out. Every route but `/`, `/healthz` (and `/tsa` when made public) needs a bearer
/// token with the route's scope; tokens are rate-limited each on its own. Minting goes through
/// the ``MintQueue`` (bounded; group commit; acknowledged only once durable).
public final class LedgerService: @unchecked Sendable {
    public struct Limits: Sendable {
        /// Largest request body (bytes).
        public var maxBody = 1 << 20
        /// Most drafts in one batch request.
        public var maxBatchDrafts = 1000
        /// Most receipts one search returns.
        public var maxSearch = 1000
        /// Most drafts waiting for group commit; more get 503.
        public var queueCapacity = 20_000
        /// Most drafts per transaction.
        public var commitBatch = 1000
        /// Requests per second per token, and burst.
        public var rate: Double = 2000
        public var burst: Double = 4000
        /// How long a mint request waits for its commit before 503 (seconds).
        public var mintTimeout: Double = 30
        /// Exports running at once, in total and per token (ExportSlots); more get 503.
        public var maxExports = 4
        public var maxExportsPerToken = 2
        /// Most receipts one search with `actor` reads (the store has no actor index: the actor is
        /// read from each candidate's signed body); a search stopped at this budget answers
        /// `next_after`, and the next request goes on from there.
        public var actorScan = 10_000
        public init() {}
    }

    public let ledger: Ledger
    public let minter: Minter
    let signer: NoteSigner
    /// Verifies receipts for the detail view: the configured public keys plus the ledger's key journal.
    let verifierKeys: [Ed25519.PublicKey]
    public let tokens: APITokenFile
    public let limits: Limits
    public let metrics: LedgerMetrics
    public let queue: MintQueue
    let limiter: RateLimiter
    let responder: TimeStampResponder?
    let tsaPublic: Bool
    let exportDirectory: String
    let publicKeyFiles: [[UInt8]]
    /// The ledger public keys a verifier needs, as files `evident verify --ledger-key` reads: this
    /// server's signing key first, then the other public key files it was given (key records
    /// travel in the key journal instead).
    let verificationKeys: [(keyID: String, file: [UInt8])]
    /// The ledger's field key, for `?sensitive=` (docs/receipt.md); nil when not configured.
    let fieldKey: SensitiveFieldKey?

    public init(
        ledger: Ledger, key: LedgerKey, verifierKeys: [Ed25519.PublicKey], publicKeyFiles: [[UInt8]],
        tokens: APITokenFile,
        limits: Limits = Limits(), metrics: LedgerMetrics = LedgerMetrics(), responder: TimeStampResponder? = nil,
        tsaPublic: Bool = false,
        exportDirectory: String, fieldKey: SensitiveFieldKey? = nil
    ) throws {
        self.fieldKey = fieldKey
        self.ledger = ledger
        minter = Minter(ledger: ledger, key: key)
        signer = try NoteSigner(name: ledger.origin, key: key.secretKey)
        self.verifierKeys = verifierKeys.contains(key.publicKey) ? verifierKeys : verifierKeys + [key.publicKey]
        self.publicKeyFiles = publicKeyFiles
        var keys = [(keyID: key.keyID, file: try LedgerKeyFile.encodePublic(key.publicKey))]
        for file in publicKeyFiles {
            guard let k = try? LedgerKeyFile.decodePublic(file) else { continue }
            let id = LedgerKey.keyID(for: k)
            if !keys.contains(where: { $0.keyID == id }) { keys.append((id, try LedgerKeyFile.encodePublic(k))) }
        }
        verificationKeys = keys
        self.tokens = tokens
        self.limits = limits
        exportSlots = ExportSlots(total: limits.maxExports, perToken: limits.maxExportsPerToken)
        self.metrics = metrics
        self.responder = responder
        self.tsaPublic = tsaPublic
        self.exportDirectory = exportDirectory
        limiter = RateLimiter(rate: limits.rate, burst: limits.burst)
        let minter = self.minter
        queue = MintQueue(
            capacity: limits.queueCapacity, maxBatch: limits.commitBatch, minter: minter,
            observe: { [metrics] n, commit, waits, failed in
                metrics.commit(drafts: n, commitNanos: commit, waitNanos: waits, failed: failed)
            })
    }

    /// Finishes queued mints and writes the token usage.
    public func shutdown() {
        queue.shutdown()
        usage?.flush()
    }

    // MARK: routing

    /// When each token was last used (`serve token list`); nil: not recorded.
    public var usage: TokenUsage?
    /// `--access-log`: one line per request (AccessLog); nil: none.
    public var accessLog: AccessLog?
    /// The connection and buffered-bytes caps the HTTP server enforces (set before it starts);
    /// in /metrics.
    public var capacity = ServerCapacity()
    /// The export budget (Limits.maxExports, maxExportsPerToken).
    public let exportSlots: ExportSlots

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let start = DispatchTime.now().uptimeNanoseconds
        let (route, response) = dispatch(request)
        metrics.request(route: route, status: response.status)
        if let accessLog {
            let bytes: Int
            switch response.body {
            case .bytes(let b): bytes = b.count
            case .file(let staged): bytes = staged.length
            }
            accessLog.record(
                method: request.method, route: route, status: response.status, bytes: bytes,
                durationNanos: DispatchTime.now().uptimeNanoseconds &- start, token: authenticatedName(request))
        }
        return response
    }

    /// The name of the token a request carries, when it is a known one (for the access log).
    func authenticatedName(_ r: HTTPRequest) -> String? {
        bearer(r).flatMap { tokens.current.authenticate($0)?.name }
    }

    /// The authenticated routes: method, path pattern (`*` is a parameter), scope, the route's
    /// name in metrics, and its handler. Built once, not per request.
    typealias Route = (
        method: String, pattern: [String], scope: APIScope, name: String,
        run: @Sendable (LedgerService, HTTPRequest, [String]) throws -> HTTPResponse
    )
    static let routes: [Route] = [
        ("POST", ["v1", "receipts"], .mint, "/v1/receipts", { s, r, _ in try s.mintOne(r) }),
        ("POST", ["v1", "receipts", "batch"], .mint, "/v1/receipts/batch", { s, r, _ in try s.mintBatch(r) }),
        ("GET", ["v1", "receipts"], .read, "/v1/receipts", { s, r, _ in try s.search(r) }),
        ("GET", ["v1", "receipts", "*"], .read, "/v1/receipts/{hash}", { s, _, p in try s.receipt(p[0]) }),
        (
            "GET", ["v1", "receipts", "*", "proof"], .read, "/v1/receipts/{hash}/proof",
            { s, r, p in try s.inclusion(r, p[0]) }
        ),
        ("GET", ["v1", "proofs", "consistency"], .read, "/v1/proofs/consistency", { s, r, _ in try s.consistency(r) }),
        ("GET", ["v1", "streams"], .read, "/v1/streams", { s, _, _ in try s.streams() }),
        ("GET", ["v1", "checkpoints"], .read, "/v1/checkpoints", { s, r, _ in try s.checkpoints(r) }),
        (
            "GET", ["v1", "checkpoints", "latest"], .read, "/v1/checkpoints/latest",
            { s, _, _ in try s.latestCheckpoint() }
        ),
        ("POST", ["v1", "checkpoints"], .mint, "/v1/checkpoints", { s, _, _ in try s.makeCheckpoint() }),
        ("GET", ["v1", "anchors"], .read, "/v1/anchors", { s, r, _ in try s.anchors(r) }),
        ("GET", ["v1", "ledger"], .read, "/v1/ledger", { s, r, _ in try s.ledgerInfo(r) }),
        (
            "GET", ["v1", "ledger", "public-key"], .read, "/v1/ledger/public-key",
            { s, r, _ in try s.publicKey(r) }
        ),
        ("GET", ["v1", "ledger", "tsa-roots"], .read, "/v1/ledger/tsa-roots", { s, _, _ in try s.tsaRootsPEM() }),
        ("POST", ["v1", "exports"], .export, "/v1/exports", { s, r, _ in try s.export(r) }),
        ("GET", ["metrics"], .read, "/metrics", { s, _, _ in try s.renderMetrics() }),
        ("POST", ["tsa"], .mint, "/tsa", { s, r, _ in s.timestamp(r) }),
    ]

    /// The paths served without a token (GET only): the page, its script and style, liveness.
    static let publicPaths: Set<[String]> = [[], ["healthz"], ["app.js"], ["app.css"]]

    func dispatch(_ r: HTTPRequest) -> (String, HTTPResponse) {
        let segments = r.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // Unauthenticated: the page (it holds no data; it asks for a token) and liveness.
        switch (r.method, segments) {
        case ("GET", []):
            return (
                "/",
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "text/html; charset=utf-8")] + WebPage.securityHeaders,
                    body: .bytes(WebPage.html))
            )
        case ("GET", ["app.js"]):
            return (
                "/app.js",
                HTTPResponse(
                    status: 200,
                    headers: [("Content-Type", "text/javascript; charset=utf-8")] + WebPage.securityHeaders,
                    body: .bytes(WebPage.script))
            )
        case ("GET", ["app.css"]):
            return (
                "/app.css",
                HTTPResponse(
                    status: 200, headers: [("Content-Type", "text/css; charset=utf-8")] + WebPage.securityHeaders,
                    body: .bytes(WebPage.css))
            )
        case ("GET", ["healthz"]):
            return (
                "/healthz",
                HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: .bytes(Array("ok\n".utf8)))
            )
        case ("POST", ["tsa"]) where responder != nil && tsaPublic: return ("/tsa", timestamp(r))
        case (_, let path) where Self.publicPaths.contains(path):
            return (
                "/" + (segments.first ?? ""), .error(405, "method-not-allowed", "use GET", headers: [("Allow", "GET")])
            )
        default: break
        }
        let (route, params): (Route, [String])
        switch match(r.method, segments) {
        case .failure(let answer): return (answer.route, answer.response)
        case .success(let found): (route, params) = found
        }
        if let refused = admit(r, route) { return (route.name, refused) }
        do {
            return (route.name, try route.run(self, r, params))
        } catch {
            let e = APIError.answering(error)
            return (route.name, .error(e.status, e.code, e.message, headers: e.headers))
        }
    }

    /// Why a request matched no route: the name for metrics and the answer (404 or 405).
    struct Unmatched: Error {
        let route: String
        let response: HTTPResponse
    }

    /// The authenticated route a method and path name, with its parameters.
    func match(_ method: String, _ segments: [String]) -> Result<(Route, [String]), Unmatched> {
        func matches(_ pattern: [String]) -> [String]? {
            guard pattern.count == segments.count else { return nil }
            var params: [String] = []
            for (p, s) in zip(pattern, segments) {
                if p == "*" { params.append(s) } else if p != s { return nil }
            }
            return params
        }
        let candidates = Self.routes.compactMap { route in matches(route.pattern).map { (route, $0) } }
            .filter { $0.0.name != "/tsa" || responder != nil }
        // Literal segments win over parameters: /v1/receipts/batch is never a receipt hash, and
        // /v1/checkpoints/latest is not a checkpoint.
        let fewest = candidates.map(\.1.count).min()
        let best = candidates.filter { $0.1.count == fewest }
        guard !best.isEmpty else {
            let path = "/" + segments.joined(separator: "/")
            return .failure(
                Unmatched(route: "unmatched", response: .error(404, "not-found", "no such resource: \(path)")))
        }
        guard let found = best.first(where: { $0.0.method == method }) else {
            let allow = Set(best.map(\.0.method)).sorted().joined(separator: ", ")
            return .failure(
                Unmatched(
                    route: best[0].0.name,
                    response: .error(405, "method-not-allowed", "use \(allow)", headers: [("Allow", allow)])))
        }
        return .success(found)
    }

    /// What to do with a request from its head alone, before any body byte is read (issue #13,
    /// item 1).
    public enum HeadDecision {
        /// Answer now and close: a request for an authenticated route without a token allowed
        /// that route's scope (401/403), counted and logged, so an unauthenticated body is never
        /// buffered.
        case refuse(HTTPResponse)
        /// Read a body of at most `limit` bytes, then dispatch; `export`: on the export lane
        /// (never on the threads that mint).
        case read(limit: Int, export: Bool)
    }

    /// The body limit of each route, by what the route reads: nothing for reads, the page and
    /// liveness; a small JSON scope for exports; a TimeStampReq for `/tsa`; drafts up to
    /// ``Limits/maxBody`` for minting.
    func bodyLimit(_ route: String) -> Int {
        switch route {
        case "/v1/receipts/batch", "/v1/receipts": return limits.maxBody
        case "/v1/exports": return 64 << 10
        case "/tsa": return TSAHTTPServer.maxRequestBody
        default: return 0
        }
    }

    /// The decision for a request's head (its body still unread), and the answer when refused.
    public func decide(_ head: HTTPRequest) -> HeadDecision {
        let segments = head.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if head.method == "POST", segments == ["tsa"], responder != nil, tsaPublic {
            return .read(limit: bodyLimit("/tsa"), export: false)
        }
        // The public paths read no body (dispatch answers them, or 405).
        if Self.publicPaths.contains(segments) { return .read(limit: 0, export: false) }
        let route: Route
        switch match(head.method, segments) {
        case .success(let (found, _)): route = found
        case .failure(let unmatched):
            // An unknown path (404) or method (405): its answer does not depend on the body.
            metrics.request(route: unmatched.route, status: unmatched.response.status)
            accessLog?.record(
                method: head.method, route: unmatched.route, status: unmatched.response.status, bytes: nil,
                durationNanos: 0, token: authenticatedName(head))
            return .refuse(unmatched.response)
        }
        let refused: HTTPResponse
        switch authorize(head, route) {
        case .success(let token) where route.scope == .export && !exportSlots.available(token: token.name):
            // Refused at once, not queued behind the exports that hold the budget.
            refused = exportsBusy()
        case .success:
            return .read(limit: bodyLimit(route.name), export: route.scope == .export)
        case .failure(let refusal):
            refused = refusal.response
        }
        metrics.request(route: route.name, status: refused.status)
        accessLog?.record(
            method: head.method, route: route.name, status: refused.status, bytes: nil, durationNanos: 0,
            token: authenticatedName(head))
        return .refuse(refused)
    }

    /// In front of every authenticated handler: the bearer token, the route's scope, the token's
    /// rate. Nil when the request may go on; else the answer that refuses it.
    func admit(_ r: HTTPRequest, _ route: Route) -> HTTPResponse? {
        let token: APITokens.Entry
        switch authorize(r, route) {
        case .failure(let refused): return refused.response
        case .success(let t): token = t
        }
        usage?.record(token.name)
        if let wait = limiter.take(Hex.encode(token.hash)) {
            return .error(
                429, "rate-limited", "more than \(Int(limits.rate)) requests per second",
                headers: [("Retry-After", String(wait))])
        }
        return nil
    }

    /// The bearer token of a request, when it carries one.
    func bearer(_ r: HTTPRequest) -> String? {
        guard let auth = r.header("authorization"), auth.lowercased().hasPrefix("bearer ") else { return nil }
        return String(auth.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Why a request may not use a route: the answer that says so.
    struct Refused: Error {
        let response: HTTPResponse
    }

    /// The bearer token and the route's scope (no rate: that is charged once, at dispatch): the
    /// token's entry, looked up once, or the refusal.
    func authorize(_ r: HTTPRequest, _ route: Route) -> Result<APITokens.Entry, Refused> {
        guard let presented = bearer(r) else {
            return .failure(
                Refused(
                    response: .error(
                        401, "unauthenticated", "a bearer token is required (Authorization: Bearer evt_…)",
                        headers: [("WWW-Authenticate", "Bearer")])))
        }
        guard let token = tokens.current.authenticate(presented) else {
            return .failure(
                Refused(
                    response: .error(
                        401, "unauthenticated", "unknown token",
                        headers: [("WWW-Authenticate", "Bearer error=\"invalid_token\"")])))
        }
        guard token.allows(route.scope) else {
            return .failure(
                Refused(
                    response: .error(
                        403, "forbidden", "the token \(token.name) lacks the \(route.scope.rawValue) scope")))
        }
        return .success(token)
    }

    struct APIError: Error {
        let status: Int
        let code: String
        let message: String
        var headers: [(name: String, value: String)] = []
        static func bad(_ message: String) -> APIError {
            APIError(status: 400, code: "invalid-request", message: message)
        }

        /// The one place a handler's error becomes an HTTP answer: what the caller sent wrong
        /// is a 400 naming it; anything else is the server's fault (500).
        static func answering(_ error: any Error) -> APIError {
            switch error {
            case let e as APIError: return e
            case let e as LedgerStoreError where e.code == .invalidRequest: return .bad(e.detail)
            case let e as LedgerStoreError where e.code == .requestConflict:
                return APIError(status: 409, code: "request-conflict", message: e.detail)
            case let e as ReceiptError: return APIError(status: 400, code: "invalid-draft", message: e.description)
            case let e as JCSError: return APIError(status: 400, code: "invalid-json", message: e.description)
            case let e as MerkleError: return .bad(e.description)
            default: return APIError(status: 500, code: "internal", message: "\(error)")
            }
        }
    }

    // MARK: minting

    func mintOne(_ r: HTTPRequest) throws -> HTTPResponse {
        try requireJSON(r, ["application/json"])
        let protect = try sensitiveFields(r)
        var draft = try Minter.draft(json: r.body, nowMillis: WallClock.millis())
        // Idempotency-Key: the same key as a draft's request_id (issue #14).
        guard r.headers.filter({ $0.name == "idempotency-key" }).count <= 1 else {
            throw APIError.bad("more than one Idempotency-Key header")
        }
        if let key = r.header("idempotency-key") {
            try ReceiptDraft.checkRequestID(key)
            if let given = draft.requestID, given != key {
                throw APIError.bad("Idempotency-Key \(key) differs from the draft's request_id \(given)")
            }
            draft.requestID = key
        }
        draft = protect(draft)
        // A retry: the receipt minted the first time, 200 instead of 201, nothing queued.
        if let replayed = try minter.replay(draft) {
            return .json(200, Self.receiptJSON(replayed.receipt, replayed.entry))
        }
        let minted = try submit([draft])
        return .json(201, Self.receiptJSON(minted[0].receipt, minted[0].entry))
    }

    func mintBatch(_ r: HTTPRequest) throws -> HTTPResponse {
        try requireJSON(r, ["application/x-ndjson", "application/jsonl", "application/json-seq"])
        let protect = try sensitiveFields(r)
        let now = WallClock.millis()
        var drafts: [ReceiptDraft] = []
        for (n, line) in r.body.split(separator: 0x0A, omittingEmptySubsequences: true).enumerated() {
            guard drafts.count < limits.maxBatchDrafts else {
                throw APIError.bad("more than \(limits.maxBatchDrafts) drafts in one batch")
            }
            do { drafts.append(protect(try Minter.draft(json: Array(line), nowMillis: now))) } catch let e
                as ReceiptError
            {
                throw APIError(status: 400, code: "invalid-draft", message: "line \(n + 1): \(e)")
            }
        }
        guard !drafts.isEmpty else { throw APIError.bad("no drafts (one JSON object per line)") }
        // A reused request_id with another draft is refused before anything is queued (the
        // batch would fail as a whole in the transaction); retries are answered there.
        for d in drafts { _ = try minter.replay(d) }
        let minted = try submit(drafts)
        return .json(201, .object([("receipts", .array(minted.map { Self.receiptJSON($0.receipt, $0.entry) }))]))
    }

    /// `?sensitive=actor,resource,…`: those fields are stored only as the ledger's keyed hash
    /// (never in the clear, still searchable by the hash), as `evident mint --sensitive` does.
    func sensitiveFields(_ r: HTTPRequest) throws -> (ReceiptDraft) -> ReceiptDraft {
        guard let list = r.query["sensitive"], !list.isEmpty else { return { $0 } }
        var fields = Set<SensitiveField>()
        for name in list.split(separator: ",") {
            guard let f = SensitiveField(rawValue: String(name)) else {
                throw APIError.bad(
                    "sensitive: unknown field '\(name)' (\(SensitiveField.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            fields.insert(f)
        }
        guard let key = fieldKey else {
            throw APIError(
                status: 409, code: "no-field-key",
                message: "this server has no field key (serve --dir a ledger directory with field.key)")
        }
        return { $0.protecting(fields, with: key) }
    }

    /// Queues drafts and waits until they are durable (or refused).
    func submit(_ drafts: [ReceiptDraft]) throws -> [(receipt: Receipt, entry: LedgerEntry)] {
        final class Box: @unchecked Sendable { var outcome: MintQueue.Outcome? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        guard
            queue.submit(
                drafts,
                done: {
                    box.outcome = $0; done.signal()
                })
        else {
            throw APIError(
                status: 503, code: "busy", message: "the mint queue is full (\(queue.capacity) drafts); retry later",
                headers: [("Retry-After", "1")])
        }
        guard done.wait(timeout: .now() + limits.mintTimeout) == .success, let outcome = box.outcome else {
            // Still queued or committing: its outcome is unknown to this client, which must not
            // assume it was stored; the receipt, if it lands, is findable by search.
            throw APIError(
                status: 503, code: "timeout",
                message: "not committed within \(Int(limits.mintTimeout)) s; search before retrying",
                headers: [("Retry-After", "5")])
        }
        switch outcome {
        case .success(let minted): return minted
        case .failure(let e as ReceiptError): throw APIError(status: 400, code: "invalid-draft", message: e.description)
        case .failure(let e as LedgerStoreError) where e.code == .invalidRequest: throw APIError.bad(e.detail)
        case .failure(let e as LedgerStoreError) where e.code == .requestConflict:
            throw APIError(status: 409, code: "request-conflict", message: e.detail)
        case .failure(let e):
            throw APIError(
                status: 503, code: "not-committed", message: "nothing was stored: \(e)", headers: [("Retry-After", "1")]
            )
        }
    }

    func requireJSON(_ r: HTTPRequest, _ types: [String]) throws {
        guard let t = r.contentType, types.contains(t) else {
            throw APIError(
                status: 415, code: "unsupported-media-type",
                message: "Content-Type must be \(types.joined(separator: " or "))")
        }
    }

    // MARK: reading

    func search(_ r: HTTPRequest) throws -> HTTPResponse {
        var q = LedgerQuery(
            stream: r.query["stream"].nonEmpty, decision: r.query["decision"].nonEmpty,
            action: try Self.fieldValue(r, "action"), resource: try Self.fieldValue(r, "resource"),
            keyID: r.query["key_id"].nonEmpty, policyID: r.query["policy_id"].nonEmpty,
            from: try Self.time(r.query["from"], "from"), to: try Self.time(r.query["to"], "to"))
        if let d = q.decision, d != "allow" && d != "deny" { throw APIError.bad("decision must be allow or deny") }
        q.limit = try Self.integer(r.query["limit"], "limit", 1...limits.maxSearch) ?? 100
        q.afterIndex = try Self.integer(r.query["after"], "after", 0...Int.max).map(UInt64.init)
        var fields: [(String, JSONValue)]
        if let actor = try Self.fieldValue(r, "actor") {
            let (entries, next, scanned) = try search(q, actor: actor)
            fields = [
                ("receipts", .array(entries.map(Self.summary))), ("limit", .int(q.limit)),
                ("next_after", next.map { .int(Int($0)) } ?? .null), ("scanned", .int(scanned)),
            ]
        } else {
            let entries = try ledger.store.search(q)
            // A full page may have a next one: continue with after = the last index.
            let next: JSONValue = entries.count == q.limit ? entries.last.map { .int(Int($0.index)) } ?? .null : .null
            fields = [("receipts", .array(entries.map(Self.summary))), ("limit", .int(q.limit)), ("next_after", next)]
        }
        return .json(200, .object(fields))
    }

    /// A search by actor: the store indexes every other filter but not the actor, so the
    /// receipts matching the rest of `q` are read in log order and kept when their signed
    /// `actor` is the one asked for — at most ``Limits/actorScan`` of them per request. The
    /// answer's `next_after` is where the scan stopped (a full page, or the budget spent), nil
    /// when the ledger was read to its end.
    func search(
        _ q: LedgerQuery, actor: String
    ) throws -> (
        entries: [LedgerEntry], nextAfter: UInt64?, scanned: Int
    ) {
        var found: [LedgerEntry] = []
        var scanned = 0
        var cursor = q.afterIndex
        var page = q
        while scanned < limits.actorScan {
            page.afterIndex = cursor
            page.limit = min(limits.maxSearch, limits.actorScan - scanned)
            let batch = try ledger.store.search(page)
            for e in batch {
                scanned += 1
                cursor = e.index
                if Self.actor(e)?.utf8.elementsEqual(actor.utf8) == true {
                    found.append(e)
                    if found.count == q.limit { return (found, cursor, scanned) }
                }
            }
            if batch.count < page.limit { return (found, nil, scanned) }
        }
        return (found, cursor, scanned)
    }

    /// A receipt field given as a search filter (`actor`, `action`, `resource`): nil when absent
    /// or empty; refused when longer than any receipt's value may be (ReceiptLimits), which
    /// could match nothing.
    static func fieldValue(_ r: HTTPRequest, _ name: String) throws -> String? {
        guard let v = r.query[name].nonEmpty else { return nil }
        guard v.utf8.count <= ReceiptLimits.maxValueLength else {
            throw APIError.bad(
                "\(name): \(v.utf8.count) bytes; a receipt's \(name) has at most \(ReceiptLimits.maxValueLength)")
        }
        return v
    }

    /// The `actor` of a stored receipt, read from its signed canonical body.
    static func actor(_ e: LedgerEntry) -> String? {
        (try? Receipt(json: e.body))?.draft.actor
    }

    func receipt(_ hashHex: String) throws -> HTTPResponse {
        let entry = try entry(hashHex)
        let receipt = try Receipt(json: entry.body)
        // Verification as a verifier would do it, named and judged as every verifier does
        // (CheckName, Verdict): the receipt (schema, key validity, signature), its link in the
        // stream, inclusion under the newest checkpoint, and whether an anchor covers it.
        var checks: [(check: CheckName, finding: Finding?, passed: String)] = []
        let journal = try ledger.store.keyRecords().map { try KeyRecord(json: $0) }
        let ring = try KeyRing(publicKeys: verifierKeys, records: [], carried: journal)
        let outcome = ReceiptVerification.verify(entry: entry, ring: ring)
        checks.append(
            (outcome.check ?? .receiptSignature, outcome.finding(object: "receipt"), "signed by \(receipt.keyID)"))
        var previous: JSONValue = .null
        func chainFinding(_ why: String) -> Finding { Finding(.streamChain, .invalid, object: "receipt", reason: why) }
        if let prev = entry.previousHash {
            if let p = try ledger.store.entry(hash: prev), p.stream == entry.stream, p.sequence + 1 == entry.sequence {
                checks.append((.streamChain, nil, "prev is receipt \(p.sequence) of the stream"))
                previous = .object([("hash", .string(Hex.encode(p.hash))), ("seq", .int(Int(p.sequence)))])
            } else {
                checks.append(
                    (.streamChain, chainFinding("prev does not name receipt \(entry.sequence - 1) of the stream"), ""))
            }
        } else {
            checks.append(
                (
                    .streamChain, entry.sequence == 1 ? nil : chainFinding("no prev after the first receipt"),
                    "the stream's first receipt"
                ))
        }
        if let cp = try ledger.store.latestCheckpoint(), entry.index < cp.treeSize {
            let proof = try ledger.store.merkle.inclusionProof(leafIndex: entry.index, treeSize: cp.treeSize)
            let ok = (try? proof.verify(leafHash: entry.leafHash, rootHash: MerkleHash(cp.rootHash))) != nil
            checks.append(
                (
                    .inclusion,
                    ok
                        ? nil
                        : Finding(
                            .inclusion, .invalid, object: "receipt",
                            reason: "the proof does not reach checkpoint \(cp.treeSize)"),
                    "in checkpoint \(cp.treeSize)"
                ))
            let anchors = try ledger.store.anchors(treeSize: cp.treeSize)
            checks.append(
                (
                    .anchorCoverage,
                    anchors.isEmpty
                        ? Finding(
                            .anchorCoverage, .indeterminate, object: "receipt",
                            reason: "checkpoint \(cp.treeSize) has no anchor yet") : nil,
                    "\(anchors.count) anchor(s) of checkpoint \(cp.treeSize)"
                ))
        } else {
            checks.append(
                (
                    .inclusion,
                    Finding(
                        .inclusion, .indeterminate, object: "receipt",
                        reason: "no checkpoint covers index \(entry.index) yet"), ""
                ))
        }
        let verification: JSONValue = .object([
            ("verdict", .string(Verdict(of: checks.compactMap(\.finding)).rawValue)),
            (
                "checks",
                .array(
                    checks.map { c in
                        .object([
                            ("check", .string(c.check.rawValue)),
                            ("outcome", .string(c.finding.map { $0.isFailure ? "failed" : "undecided" } ?? "passed")),
                            ("detail", .string(c.finding?.reason ?? c.passed)),
                        ])
                    })
            ),
        ])
        let parents: [JSONValue] = try receipt.draft.parents.map { h in
            let known = try Hex.decode(h).flatMap { try ledger.store.entry(hash: $0) } != nil
            return .object([("hash", .string(h)), ("in_ledger", .bool(known))])
        }
        var fields = Self.summaryFields(entry)
        fields.append(("receipt", .raw(receipt.canonicalJSON)))
        fields.append(("verification", verification))
        fields.append(("lineage", .object([("previous", previous), ("parents", .array(parents))])))
        return .json(200, .object(fields))
    }

    func inclusion(_ r: HTTPRequest, _ hashHex: String) throws -> HTTPResponse {
        let entry = try entry(hashHex)
        let size = try Self.integer(r.query["tree_size"], "tree_size", 1...Int.max).map(UInt64.init)
        let (_, proof) = try ledger.inclusionProof(hash: entry.hash, treeSize: size)
        let root = try ledger.store.merkle.rootHash(treeSize: proof.treeSize)
        return .json(
            200,
            .object([
                ("hash", .string(Hex.encode(entry.hash))), ("leaf_index", .int(Int(proof.leafIndex))),
                ("tree_size", .int(Int(proof.treeSize))),
                ("root", .string(root.base64)), ("path", .array(proof.path.map { .string($0.base64) })),
            ]))
    }

    func consistency(_ r: HTTPRequest) throws -> HTTPResponse {
        guard let from = try Self.integer(r.query["from"], "from", 1...Int.max),
            let to = try Self.integer(r.query["to"], "to", 1...Int.max)
        else {
            throw APIError.bad("from and to (tree sizes) are required")
        }
        let proof = try ledger.consistencyProof(from: UInt64(from), to: UInt64(to))
        return .json(
            200,
            .object([
                ("old_size", .int(from)), ("new_size", .int(to)),
                ("old_root", .string(try ledger.store.merkle.rootHash(treeSize: UInt64(from)).base64)),
                ("new_root", .string(try ledger.store.merkle.rootHash(treeSize: UInt64(to)).base64)),
                ("path", .array(proof.path.map { .string($0.base64) })),
            ]))
    }

    func streams() throws -> HTTPResponse {
        .json(
            200,
            .object([
                (
                    "streams",
                    .array(
                        try ledger.store.heads().map {
                            .object([
                                ("stream", .string($0.stream)), ("seq", .int(Int($0.sequence))),
                                ("head", .string(Hex.encode($0.hash))),
                            ])
                        })
                )
            ]))
    }

    func checkpoints(_ r: HTTPRequest) throws -> HTTPResponse {
        let limit = try Self.integer(r.query["limit"], "limit", 1...1000) ?? 20
        let all = try ledger.store.checkpoints().suffix(limit).reversed()
        return .json(200, .object([("checkpoints", .array(all.map(Self.checkpointJSON)))]))
    }

    func latestCheckpoint() throws -> HTTPResponse {
        guard let c = try ledger.store.latestCheckpoint() else {
            throw APIError(status: 404, code: "not-found", message: "the ledger has no checkpoint yet")
        }
        return .json(200, Self.checkpointJSON(c))
    }

    func makeCheckpoint() throws -> HTTPResponse {
        let c = try ledger.checkpoint(signers: [signer], nowMillis: WallClock.millis())
        return .json(201, Self.checkpointJSON(c))
    }

    func anchors(_ r: HTTPRequest) throws -> HTTPResponse {
        let size = try Self.integer(r.query["tree_size"], "tree_size", 1...Int.max).map(UInt64.init)
        let limit = try Self.integer(r.query["limit"], "limit", 1...1000) ?? 20
        let all = try ledger.store.anchors(treeSize: size).suffix(limit).reversed()
        return .json(
            200,
            .object([
                (
                    "anchors",
                    .array(
                        all.map { a in
                            .object([
                                ("tree_size", .int(Int(a.treeSize))),
                                ("checkpoint_sha256", .string(Hex.encode(a.checkpointHash))),
                                ("tsa", .string(a.tsaURL)),
                                ("gen_time", .string(Self.rfc3339(a.genTimeMillis))),
                                ("token", .string(Base64.encode(a.response))),
                            ])
                        })
                )
            ]))
    }

    // MARK: what a verifier needs

    /// The ledger as the page shows it: its origin, the token the request came with (its name
    /// and scopes, as the server judged it), the public keys and the TSA roots a verifier of
    /// an export needs (GET /v1/ledger/public-key, /v1/ledger/tsa-roots).
    func ledgerInfo(_ r: HTTPRequest) throws -> HTTPResponse {
        let token = bearer(r).flatMap { tokens.current.authenticate($0) }
        let scopes = APIScope.allCases.filter { token?.scopes.contains($0) == true }
        return .json(
            200,
            .object([
                ("origin", .string(ledger.origin)),
                (
                    "token",
                    .object([
                        ("name", .string(token?.name ?? "")),
                        ("scopes", .array(scopes.map { .string($0.rawValue) })),
                    ])
                ),
                (
                    "public_keys",
                    .array(
                        verificationKeys.map { k in
                            .object([
                                ("key_id", .string(k.keyID)),
                                ("signs_here", .bool(k.keyID == verificationKeys[0].keyID)),
                            ])
                        })
                ),
                (
                    "tsa_roots",
                    .array(
                        try anchorRoots().map { c in
                            .object([
                                ("subject", .string(c.subject)),
                                ("sha256", .string(Hex.encode(c.sha256Fingerprint))),
                            ])
                        })
                ),
            ]))
    }

    /// A ledger public key file, as `evident verify --ledger-key` reads it: `key_id` names one
    /// of /v1/ledger's `public_keys`; without it, the key this server signs with.
    func publicKey(_ r: HTTPRequest) throws -> HTTPResponse {
        let wanted = r.query["key_id"].nonEmpty ?? verificationKeys[0].keyID
        guard let key = verificationKeys.first(where: { $0.keyID == wanted }) else {
            throw APIError(status: 404, code: "not-found", message: "this server has no ledger public key \(wanted)")
        }
        let name = key.keyID.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return HTTPResponse(
            status: 200,
            headers: [
                ("Content-Type", "application/json"),
                ("Content-Disposition", "attachment; filename=\"ledger-key-\(String(name)).pub.json\""),
            ],
            body: .bytes(key.file))
    }

    /// The TSA roots of the ledger's anchors, as a PEM file `evident verify --tsa-roots` reads.
    func tsaRootsPEM() throws -> HTTPResponse {
        let roots = try anchorRoots()
        guard !roots.isEmpty else {
            throw APIError(status: 404, code: "not-found", message: "the ledger has no anchor yet, so no TSA root")
        }
        let pem = roots.map { c in
            "# \(c.subject.filter { $0 != "\n" && $0 != "\r" })\n# SHA-256 \(Hex.encode(c.sha256Fingerprint))\n"
                + PEM.encode(c.derBytes, label: "CERTIFICATE")
        }
        return HTTPResponse(
            status: 200,
            headers: [
                ("Content-Type", "application/x-pem-file"),
                ("Content-Disposition", "attachment; filename=\"tsa-roots.pem\""),
            ],
            body: .bytes(Array(pem.joined().utf8)))
    }

    /// The root each anchor's TSA chain ended at when it was validated at anchoring time (the
    /// last certificate of its stored chain), each once, in the order first used. What the
    /// ledger recorded, not a trust decision: a regulator compares the fingerprints with the
    /// ones the TSA publishes before trusting them. The store hands out each distinct chain
    /// once (a handful, however many anchors there are).
    func anchorRoots() throws -> [X509Certificate] {
        var roots: [X509Certificate] = []
        var seen = Set<[UInt8]>()
        for chain in try ledger.store.anchorChains() {
            // An anchor stored without a readable chain (none is, by `evident anchor`) has no root to give.
            guard let root = (try? PEM.certificates(Array(chain.utf8)))?.last,
                seen.insert(root.sha256Fingerprint).inserted
            else { continue }
            roots.append(root)
        }
        return roots
    }

    func renderMetrics() throws -> HTTPResponse {
        let newest = try ledger.store.newestAnchor()?.genTimeMillis
        let age = newest.map { Double(WallClock.millis() - $0) / 1000 }
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
            body: .bytes(
                metrics.render(
                    queueDepth: queue.depth, queueCapacity: queue.capacity, anchorAgeSeconds: age,
                    tokenFileValid: tokens.isValid, capacity: capacity)))
    }

    // MARK: export

    /// The answer when the export budget is spent.
    func exportsBusy() -> HTTPResponse {
        .error(
            503, "busy",
            "too many exports in progress (at most \(limits.maxExports), \(limits.maxExportsPerToken) per token): retry later",
            headers: [("Retry-After", "5")])
    }

    /// A bundle of the scope asked for (JSON body: from, to, stream, decision, action), written
    /// to a private file first (never a partial bundle on the wire: a failure is an error
    /// response), then streamed and deleted.
    func export(_ r: HTTPRequest) throws -> HTTPResponse {
        // Within the export budget, or refused now: exports never take the workers minting needs.
        let token = authenticatedName(r) ?? "-"
        guard exportSlots.acquire(token: token) else { return exportsBusy() }
        // The slot is held until the download ends (StagedDownload.finish), not only while staging.
        var handedOver = false
        defer { if !handedOver { exportSlots.release(token: token) } }
        var scope = BundleExporter.Scope()
        if !r.body.isEmpty {
            try requireJSON(r, ["application/json"])
            guard case .object(let o) = try JCS.parse(r.body) else {
                throw APIError.bad("the export scope must be a JSON object")
            }
            for key in o.members.map(\.key) where !["from", "to", "stream", "decision", "action"].contains(key) {
                throw APIError.bad("unknown export field \(key)")
            }
            func text(_ k: String) throws -> String? {
                guard let v = o[k] else { return nil }
                guard case .string(let s) = v else { throw APIError.bad("\(k) must be a string") }
                return s.isEmpty ? nil : s
            }
            scope = BundleExporter.Scope(
                from: try Self.time(try text("from"), "from"), to: try Self.time(try text("to"), "to"),
                stream: try text("stream"), decision: try text("decision"), action: try text("action"))
        }
        var exporter = BundleExporter(ledger: ledger, scope: scope)
        exporter.publicKeyFiles = publicKeyFiles
        // The page exports what the ledger holds; unanchored receipts show as indeterminate when
        // verified, and the bundle's report says why (the CLI refuses them by default).
        exporter.allowUnanchored = true
        let path = exportDirectory + "/export-\(UUID().uuidString).evb"
        let summary: BundleExporter.Summary
        do { summary = try exporter.export(to: path, nowMillis: WallClock.millis()) } catch let e
            as BundleExporter.Failure
        {
            throw APIError(status: 409, code: "cannot-export", message: e.description)
        }
        handedOver = true
        let name = "evidence-\(Self.rfc3339(WallClock.millis()).replacingOccurrences(of: ":", with: "")).evb"
        return HTTPResponse(
            status: 200,
            headers: [
                ("Content-Type", BundleFormat.mediaType), ("Content-Disposition", "attachment; filename=\"\(name)\""),
                ("X-Evident-Receipts", String(summary.receipts)),
            ],
            body: .file(
                StagedDownload(path: path, length: Int(summary.bytes)) { [exportSlots] in
                    exportSlots.release(token: token)
                }))
    }

    // MARK: the RFC 3161 endpoint

    func timestamp(_ r: HTTPRequest) -> HTTPResponse {
        guard let responder else { return .error(404, "not-found", "no TSA configured") }
        guard r.contentType == "application/timestamp-query" else {
            return .error(415, "unsupported-media-type", "Content-Type must be application/timestamp-query")
        }
        let now = WallClock.millis()
        let (reply, _) = responder.respond(to: r.body, now: (now / 1000, Int(now % 1000)))
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "application/timestamp-reply")], body: .bytes(reply))
    }

    // MARK: helpers

    func entry(_ hashHex: String) throws -> LedgerEntry {
        guard hashHex.utf8.count == 64, let hash = Hex.decode(hashHex.lowercased()) else {
            throw APIError.bad("a receipt hash is 64 hex digits")
        }
        guard let e = try ledger.store.entry(hash: hash) else {
            throw APIError(status: 404, code: "not-found", message: "no receipt \(hashHex) in this ledger")
        }
        return e
    }

    static func summaryFields(_ e: LedgerEntry) -> [(String, JSONValue)] {
        [
            ("hash", .string(Hex.encode(e.hash))), ("index", .int(Int(e.index))), ("stream", .string(e.stream)),
            ("seq", .int(Int(e.sequence))),
            ("issued_at", .string(rfc3339(e.issuedAtMillis))), ("decision", .string(e.decision)),
            ("actor", actor(e).map(JSONValue.string) ?? .null), ("action", .string(e.action)),
            ("resource", .string(e.resource)), ("key_id", .string(e.keyID)),
            ("policy_id", e.policyID.map(JSONValue.string) ?? .null),
        ]
    }

    static func summary(_ e: LedgerEntry) -> JSONValue { .object(summaryFields(e)) }

    static func receiptJSON(_ r: Receipt, _ e: LedgerEntry) -> JSONValue {
        .object([
            ("hash", .string(r.receiptHashHex)), ("stream", .string(e.stream)), ("seq", .int(Int(e.sequence))),
            ("index", .int(Int(e.index))),
            ("receipt", .raw(r.canonicalJSON)),
        ])
    }

    static func checkpointJSON(_ c: StoredCheckpoint) -> JSONValue {
        .object([
            ("tree_size", .int(Int(c.treeSize))), ("root", .string(Base64.encode(c.rootHash))),
            ("created_at", .string(rfc3339(c.createdAtMillis))),
            ("note", .string(String(decoding: c.note, as: UTF8.self))),
        ])
    }

    static func rfc3339(_ millis: Int64) -> String {
        (try? ReceiptTime(millisecondsSinceEpoch: millis).description) ?? String(millis)
    }

    /// A time given as RFC 3339 or as milliseconds since the epoch.
    static func time(_ text: String?, _ name: String) throws -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        if let ms = Int64(text) { return ms }
        do { return try ReceiptTime(lenient: text).millisecondsSinceEpoch } catch {
            throw APIError.bad("\(name): not an RFC 3339 time or milliseconds")
        }
    }

    static func integer(_ text: String?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let v = Int(text), range.contains(v) else {
            throw APIError.bad("\(name) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }
}

extension Optional where Wrapped == String {
    /// nil for an absent or empty query parameter.
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
