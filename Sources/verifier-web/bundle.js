"use strict";
// E.bundle: offline verification of an evidence bundle (docs/bundle.md, docs/verification.md),
// an independent second implementation of `evident verify BUNDLE`. The checks run in the order
// of Sources/EvidentBundle/BundleVerifier.swift and stop where it stops (unless `all`), so the
// verdict and the first finding agree with the Swift verifier on every bundle.
//
// Trust comes only from the inputs given (TSA roots, ledger keys and key records, revocation
// data): keys, certificates and revocation data inside the bundle are candidates, never anchors,
// and nothing the unsigned manifest says is believed — it is checked, or reported as claimed.
// The bundle is read through Blob.slice: receipts and proofs a chunk at a time, so memory does
// not grow with the bundle. The PKI layer (E.tsp, E.pem, E.x509, E.algorithms) is called at run
// time.
(function (E) {
  const F = () => E.tar.FORMAT;
  const MAX_FINDINGS = 1000;
  const WINDOW_LIMIT = 100000;
  const BATCH = 1000; // receipt lines whose signatures are verified together
  const CLOCK_SKEW = 2000; // TimeBinding.clockSkewAllowanceMillis
  const MAX_TRUST_FILE = 1 << 20;
  const IMPLEMENTATION = "evident-verifier.html";
  const VERSION = "dev"; // the build step sets E.version

  // Bad input (the CLI's exit status 2): not a tampering verdict.
  function badInput(message) {
    const e = new Error(message);
    e.badInput = true;
    return e;
  }

  const STOP = Symbol("stop");
  const text = new TextDecoder("utf-8", { ignoreBOM: true });  // a leading BOM kept, as in Swift
  const errorText = (e) => (e && e.message ? e.message : String(e));
  // A finding's kind for the findings cap: its check and whether it failed (BundleVerifier.Run.Kind).
  const findingKind = (f) => f.check + (f.outcome === "invalid" ? "/invalid" : "/undecided");

  // ---- The run: findings, failures, undecided, the summary (BundleVerifier.Run).
  class Run {
    constructor(all) {
      this.all = all;
      this.findings = [];
      this.listed = new Map();  // findings listed per check and outcome (BundleVerifier.Run.listed)
      this.failures = 0;
      this.undecidedCount = 0;
      // Checkpoints whose signature may postdate their keys' end (BundleVerifier.Run.unprovenCheckpoints).
      this.unprovenCheckpoints = new Set();
      this.summary = newSummary();
      this.witnesses = newWitnesses();
    }
    // The first finding of each check and outcome is listed even past the cap, and a displaced
    // finding is never the only one of its kind (BundleVerifier.Run.keep; red team round 30).
    keep(f) {
      const kind = findingKind(f);
      if (this.findings.length < MAX_FINDINGS || !this.listed.has(kind)) {
        this.findings.push(f);
        this.listed.set(kind, (this.listed.get(kind) || 0) + 1);
      } else if (f.outcome === "invalid") {
        let i = -1;
        for (let k = this.findings.length - 1; k >= 0; k--) {
          const x = this.findings[k];
          if (x.outcome !== "invalid" && this.listed.get(findingKind(x)) > 1) { i = k; break; }
        }
        if (i >= 0) {
          const displaced = findingKind(this.findings[i]);
          this.listed.set(displaced, this.listed.get(displaced) - 1);
          this.findings.splice(i, 1);
          this.findings.push(f);
          this.listed.set(kind, (this.listed.get(kind) || 0) + 1);
        }
        this.summary.findings_omitted++;
      } else {
        this.summary.findings_omitted++;
      }
    }
    fail(check, object, reason) {
      this.failures++;
      this.keep({ check, object, outcome: "invalid", reason });
      if (!this.all) throw STOP;
    }
    undecided(check, object, reason) {
      this.undecidedCount++;
      this.keep({ check, object, outcome: "indeterminate", reason });
    }
    record(f) {
      if (f.outcome === "invalid") this.fail(f.check, f.object, f.reason);
      else this.undecided(f.check, f.object, f.reason);
    }
  }

  function newSummary() {
    return {
      origin: "", first_issued_at: null, last_issued_at: null,
      selection_claimed: { from: null, to: null, stream: null, decision: null, action: null },
      completeness: "not-proven", leaves: null, revocation_policy: "require", algorithm_policy: "",
      trust_inputs: [], findings_omitted: 0, receipts: 0, allow: 0, deny: 0, unanchored: 0,
      receipts_windows_omitted: 0, streams: Object.create(null), checkpoints: [], anchors: [], receipts_windows: [],
      claimed: null, instructions: { status: "unchecked", line: null },
    };
  }

  // What the witness policy says about the covering checkpoint (BundleSummary.Witnesses); the
  // report's `witnesses` object is made from it with its statement.
  function newWitnesses() {
    return { policy: null, tree_size: null, quorum_met: null, cosigners: [], explanation: null };
  }
  function witnessesStatement(w) {
    if (w.policy === null) return "no witness policy was applied";
    const size = w.tree_size === null ? "the covering checkpoint" : `the covering checkpoint (size ${w.tree_size})`;
    if (w.quorum_met === true) return `${size} meets the witness policy ${w.policy.file}: ${w.explanation || ""}`;
    if (w.quorum_met === false) return `${size} does NOT meet the witness policy ${w.policy.file}: ${w.explanation || ""}`;
    return `the witness policy ${w.policy.file} could not be applied: ${w.explanation === null ? "see the findings" : w.explanation}`;
  }

  // ---- The manifest (Manifest.swift), read with the strict parser.
  class ManifestFailure extends Error {}

  const MANIFEST_LIMITS = { maxInputSize: 1 << 26 };
  function parseObject(bytes) {
    const v = E.jcs.parse(bytes, MANIFEST_LIMITS);
    if (!E.jcs.isObject(v)) throw new ManifestFailure("not a JSON object");
    return v;
  }

  function parseManifest(bytes) {
    const o = parseObject(bytes);
    const J = E.jcs;
    if (J.string(o, "format") !== F().formatName) throw new ManifestFailure(`format is not ${F().formatName}`);
    const version = J.uint(o, "version");
    if (version === null) throw new ManifestFailure("version missing");
    if (!F().readableVersions.includes(version)) {
      throw new ManifestFailure(version === 1
        ? "format version 1 cannot prove what this verifier requires (a period's completeness, the key journal a checkpoint commits to, ledger-assigned time): re-export the period with this version"
        : `unsupported version ${version} (this verifier reads versions ${F().readableVersions.join(", ")})`);
    }
    const origin = J.string(o, "origin");
    if (origin === null) throw new ManifestFailure("origin missing");
    const filesObject = J.member(o, "files");
    if (!J.isObject(filesObject)) throw new ManifestFailure("files missing");
    const files = new Map();
    for (const key of Object.keys(filesObject).sort()) {
      const digest = filesObject[key];
      if (typeof digest !== "string" || E.receipt.utf8Length(digest) !== 64 || J.hexDecode(digest) === null) {
        throw new ManifestFailure(`files: ${key}: not a SHA-256 hex digest`);
      }
      files.set(key, digest);
    }
    const cps = J.member(o, "checkpoints"), anchors = J.member(o, "anchors");
    if (!Array.isArray(cps) || !Array.isArray(anchors)) throw new ManifestFailure("checkpoints or anchors missing");
    const checkpoints = cps.map((v) => {
      if (typeof v !== "string") throw new ManifestFailure("checkpoints: not a file name");
      return v;
    });
    const anchorList = anchors.map((a) => {
      const size = J.uint(a, "tree_size"), tsa = J.string(a, "tsa"), token = J.string(a, "token");
      const request = J.string(a, "request"), chain = J.string(a, "chain"), revocation = J.string(a, "revocation");
      if (!J.isObject(a) || [size, tsa, token, request, chain, revocation].includes(null)) {
        throw new ManifestFailure("anchors: malformed entry");
      }
      return { treeSize: size, tsa, token, request, chain, revocation };
    });
    const covering = J.uint(o, "covering_tree_size"), counts = J.member(o, "counts"), scope = J.member(o, "scope");
    const receipts = J.uint(counts, "receipts");
    if (covering === null || !J.isObject(counts) || receipts === null || !J.isObject(scope)) {
      throw new ManifestFailure("covering_tree_size, counts or scope missing");
    }
    const optionalString = (key) => {
      if (!J.has(scope, key)) throw new ManifestFailure(`scope.${key} must be a string or null`);
      const v = scope[key];
      if (v === null) return null;
      if (typeof v === "string") return v;
      throw new ManifestFailure(`scope.${key} must be a string or null`);
    };
    const optionalTime = (key) => {
      const s = optionalString(key);
      if (s === null) return null;
      const t = E.receipt.parseTime(s);
      if (t === null) throw new ManifestFailure(`scope.${key} is not a receipt time`);
      return t;
    };
    const sc = {
      from: optionalTime("from"), to: optionalTime("to"), stream: optionalString("stream"),
      decision: optionalString("decision"), action: optionalString("action"),
    };
    sc.isFiltered = sc.stream !== null || sc.decision !== null || sc.action !== null;
    // A period, or one stream with no decision or action filter: each stream's receipts are one
    // run of seqs, from seq 1 when no start is stated (docs/verification.md).
    sc.holdsStreamRuns = sc.decision === null && sc.action === null;
    // One stream's selection with a stated start: the bundle carries the stream's receipt
    // before its first (the one its prev names, issued before `from`) as a boundary receipt.
    sc.provesStreamStart = sc.stream !== null && sc.holdsStreamRuns && sc.from !== null;
    // v4: RFC 4998 evidence records of anchors ({anchor, slot, record}); their files are listed
    // in `files` and digest-checked like every other file.
    let evidenceRecords = [];
    if (version >= F().evidenceRecordVersion && J.has(o, "evidence_records")) {
      const list = J.member(o, "evidence_records");
      if (!Array.isArray(list)) throw new ManifestFailure("evidence_records: not an array");
      evidenceRecords = list.map((r) => {
        const anchor = J.isObject(r) ? J.string(r, "anchor") : null, slot = J.isObject(r) ? J.uint(r, "slot") : null;
        const record = J.isObject(r) ? J.string(r, "record") : null;
        if (anchor === null || slot === null || record === null) throw new ManifestFailure("evidence_records: malformed entry");
        return { anchor, slot, record };
      });
    }
    return { version, origin, files, checkpoints, anchors: anchorList, evidenceRecords, coveringTreeSize: covering, receiptCount: receipts, scope: sc, object: o };
  }

  // What the (unsigned) manifest claims, for the report: present whenever the manifest parsed.
  function claimedOf(m) {
    const o = m.object, J = E.jcs;
    const pick = (v) => (v === undefined ? null : v);
    return {
      origin: m.origin, created_at: pick(J.member(o, "created_at")), covering_tree_size: m.coveringTreeSize,
      counts: pick(J.member(o, "counts")), period: pick(J.member(o, "period")), scope: pick(J.member(o, "scope")),
      anchors: m.anchors.map((a) => ({ tree_size: a.treeSize, tsa: a.tsa })),
    };
  }

  // Why a receipt does not belong to the selection, or null (Manifest.Scope.mismatch).
  function mismatch(scope, d) {
    const T = E.receipt.formatTime;
    if (scope.from !== null && d.issuedAt < scope.from) return `issued at ${T(d.issuedAt)}, before the selection's from (${T(scope.from)})`;
    if (scope.to !== null && d.issuedAt >= scope.to) return `issued at ${T(d.issuedAt)}, at or after the selection's to (${T(scope.to)})`;
    if (scope.stream !== null && d.stream !== scope.stream) return `stream "${d.stream}" is not the selection's "${scope.stream}"`;
    if (scope.decision !== null && d.decision !== scope.decision) return `decision ${d.decision} is not the selection's ${scope.decision}`;
    if (scope.action !== null && d.action !== scope.action) return `action "${d.action}" is not the selection's "${scope.action}"`;
    return null;
  }

  // ---- A proof line (ReceiptLineCheck.Proof): null when malformed.
  function parseProof(line) {
    let o;
    try { o = parseObject(line); } catch (e) { return null; }
    const J = E.jcs;
    const hash = J.string(o, "hash"), index = J.uint(o, "leaf_index"), size = J.uint(o, "tree_size");
    const path = hashes(o, "path");
    if (hash === null || index === null || size === null || path === null) return null;
    return { hash, index, size, path };
  }

  // The proofs of neighbouring leaves repeat most of their path at the same positions: the last
  // text decoded at each position is kept with its bytes and reused when the text is the same
  // (the decoded arrays are only read, never written).
  const pathMemo = { texts: [], bytes: [] };
  function hashes(o, key) {
    const a = E.jcs.member(o, key);
    if (!Array.isArray(a)) return null;
    const out = new Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (i < 64 && typeof v === "string" && pathMemo.texts[i] === v) {
        out[i] = pathMemo.bytes[i];
        continue;
      }
      const h = E.merkle.hashFromBase64(v);
      if (!h) return null;
      if (i < 64) {
        pathMemo.texts[i] = v;
        pathMemo.bytes[i] = h;
      }
      out[i] = h;
    }
    return out;
  }

  // ---- Leaf runs of format v5 (LeafRuns): one line per maximal run `[first,count]`, two
  // canonical JSON integers (no sign, leading zero, exponent or space) ≤ 2^53 − 1, count ≥ 1; runs
  // strictly increase and never touch.
  const RUN_MAX_LINE = 35, RUN_MAX = 9007199254740991;
  function parseRun(line) {
    let i = 0;
    const number = () => {
      const start = i;
      let v = 0;
      while (i < line.length && line[i] >= 0x30 && line[i] <= 0x39) {
        if (i - start >= 16) return null;
        v = v * 10 + (line[i] - 0x30);
        i++;
      }
      if (i === start || (line[start] === 0x30 && i - start > 1) || v > RUN_MAX) return null;
      return v;
    };
    if (line[i] !== 0x5b) return null;
    i++;
    const first = number();
    if (first === null || line[i] !== 0x2c) return null;
    i++;
    const count = number();
    if (count === null || line[i] !== 0x5d || i + 1 !== line.length || count < 1 || first > RUN_MAX - count) return null;
    return { first, count };
  }
  class RunsProblem extends Error {
    constructor(check, message) { super(message); this.name = "RunsProblem"; this.check = check; }
  }
  // Streams the indices of a runs file, checking the grammar and the order as it goes.
  class RunsReader {
    constructor(archive, name, maxRunLength = Infinity) {
      this.lines = archive.lines(name, RUN_MAX_LINE, 1 << 16);
      this.name = name;
      this.maxRunLength = maxRunLength;
      this.run = null;
      this.offset = 0;
      this.end = null;
    }
    async next() {
      if (this.run !== null && this.offset < this.run.count) return this.run.first + this.offset++;
      let line;
      try {
        line = await this.lines.next();
      } catch (e) {
        if (!(e instanceof E.tar.LinesProblem)) throw e;
        throw new RunsProblem("proof", `${this.name}: ${e.message}`);
      }
      if (line === null) return null;
      const n = this.lines.count, r = parseRun(line);
      if (r === null) throw new RunsProblem("proof", `${this.name} line ${n}: not a run [first,count] (canonical integers, count ≥ 1)`);
      if (r.count > this.maxRunLength) throw new RunsProblem("proof", `${this.name} line ${n}: run [${r.first},${r.count}] is longer than ${this.maxRunLength}: each boundary receipt is one leaf, [index,1]`);
      if (this.end !== null) {
        if (r.first < this.end) throw new RunsProblem("order", `${this.name} line ${n}: run [${r.first},${r.count}] starts before leaf ${this.end}, where the previous run ends: leaves are not in log order`);
        if (r.first === this.end) throw new RunsProblem("proof", `${this.name} line ${n}: run [${r.first},${r.count}] continues the previous run: runs are maximal`);
      }
      this.end = r.first + r.count;
      this.run = r;
      this.offset = 1;
      return r.first;
    }
  }

  // ---- The first pass over a v5 bundle's receipts (MultiProofCheck): receipts.jsonl at the
  // indices of leaves.jsonl, merged with the boundary receipts at the indices of
  // boundary/leaves.jsonl, folded with multiproof.bin into the root of the tree of `treeSize`
  // leaves. Only a root equal to the covering checkpoint's proves the indices.
  async function multiProofPass(archive, treeSize) {
    const R = F().receipts, L = F().leaves, BL = F().boundaryLeaves, BR = F().boundaryReceipts, MP = F().multiProof;
    const maxLine = E.tar.LIMITS.maxLineLength;
    const out = { receiptCount: 0, boundary: [], root: null, problems: [] };
    const problem = (check, object, reason) => ({ check, object, reason });
    class Stop extends Error { constructor(p) { super(p.reason); this.p = p; } }
    try {
      const runs = new RunsReader(archive, BL, 1), lines = archive.lines(BR, maxLine);
      let line;
      while ((line = await lines.next()) !== null) {
        if (out.boundary.length >= 2) throw new Stop(problem("completeness", BR, "more than two boundary receipts"));
        const index = await runs.next();
        if (index === null) throw new Stop(problem("proof", BL, "fewer indices than boundary receipts"));
        out.boundary.push({ receipt: line.slice(), index });
      }
      if ((await runs.next()) !== null) throw new Stop(problem("proof", BL, "more indices than boundary receipts"));
    } catch (e) {
      out.boundary = [];
      if (e instanceof E.tar.LinesProblem) out.problems.push(problem("completeness", BR, `not JSON lines: ${e.message}`));
      else if (e instanceof RunsProblem) out.problems.push(problem(e.check, BL, e.message));
      else if (e instanceof Stop) out.problems.push(e.p);
      else throw e;
    }
    const proofEntry = archive.entry(MP), proofSize = proofEntry ? proofEntry.size : 0;
    if (!proofEntry) out.problems.push(problem("proof", MP, "missing"));
    else if (proofSize % 32 !== 0) out.problems.push(problem("proof", MP, `${proofSize} bytes is not a whole number of 32-byte hashes`));

    const boundary = out.boundary.map((b) => ({ index: b.index, hash: E.merkle.leafHash(b.receipt) }));
    const runs = new RunsReader(archive, L), lines = archive.lines(R, maxLine);
    let nextRun = null, runsDone = false, linesRead = 0, linesDone = false, pendingLine = null;
    const selectionIndex = async () => {
      if (nextRun === null && !runsDone) {
        try { nextRun = await runs.next(); } catch (e) {
          if (e instanceof RunsProblem) throw new Stop(problem(e.check, L, e.message));
          throw e;
        }
        runsDone = nextRun === null;
      }
      return nextRun;
    };
    const nextLine = async () => {
      if (pendingLine !== null) { const l = pendingLine; pendingLine = null; return l; }
      if (linesDone) return null;
      let line;
      try { line = await lines.next(); } catch (e) {
        if (!(e instanceof E.tar.LinesProblem)) throw e;
        linesDone = true;
        throw new Stop(problem("receipt-json", R, `not JSON lines: ${e.message}`));
      }
      if (line === null) { linesDone = true; return null; }
      linesRead++;
      return line;
    };
    const leaves = {
      async peekIndex() {
        const s = await selectionIndex();
        if (boundary.length === 0) return s;
        const b = boundary[0].index;
        if (s === null) return b;
        if (b === s) throw new Stop(problem("proof", BL, `leaf ${b} is both a boundary receipt and a receipt of the selection`));
        return Math.min(b, s);
      },
      async takeHash() {
        const s = await selectionIndex();
        if (boundary.length > 0 && (s === null || boundary[0].index < s)) return boundary.shift().hash;
        nextRun = null;
        const line = await nextLine();
        if (line === null) throw new Stop(problem("proof", L, `lists more leaves than receipts.jsonl has lines (${linesRead})`));
        return E.merkle.leafHash(line);
      },
    };
    let consumed = 0, chunk = new Uint8Array(0), position = 0;
    const hashes = {
      async next() {
        if (position === chunk.length) {
          if (consumed >= proofSize) return null;
          const n = Math.min(1 << 16, proofSize - consumed);
          chunk = await E.tar.readRange(archive.blob, proofEntry.offset + consumed, n, MP);
          consumed += n;
          position = 0;
        }
        position += 32;
        return chunk.subarray(position - 32, position);
      },
    };
    if (out.problems.length === 0) {
      try {
        out.root = await E.merkle.multiProofRoot(treeSize, leaves, hashes);
        const extra = await nextLine();
        if (extra !== null) {
          pendingLine = extra;
          out.root = null;
          out.problems.push(problem("proof", L, "lists fewer leaves than receipts.jsonl has lines"));
        }
      } catch (e) {
        if (e instanceof Stop) out.problems.push(e.p);
        else if (e instanceof E.merkle.MerkleError) {
          const p = e.code === "proof-too-short" ? problem("proof", MP, `fewer hashes than the leaves' positions call for: ${e.detail}`)
            : e.code === "proof-too-long" ? problem("proof", MP, `more hashes than the leaves' positions call for: ${e.detail}`)
              : e.code === "leaf-index-out-of-range" ? problem("proof", L, `a leaf index at or past the covering tree size ${treeSize}: ${e.detail}`)
                : problem(e.code === "invalid-subtree" ? "order" : "proof", L, e.detail);
          // Judged against the tree size, unless it is an order problem (see the caller).
          p.againstTreeSize = e.code !== "invalid-subtree";
          out.problems.push(p);
        } else throw e;
      }
    }
    if (out.problems.some((p) => p.check === "receipt-json")) return out;
    try {
      let n = linesRead;
      if (!linesDone) while ((await lines.next()) !== null) n++;
      out.receiptCount = n;
    } catch (e) {
      if (!(e instanceof E.tar.LinesProblem)) throw e;
      out.problems.push(problem("receipt-json", R, `not JSON lines: ${e.message}`));
    }
    return out;
  }

  // ---- One receipt line's standalone checks (ReceiptLineCheck): JSON, canonical form, key and
  // signature, and the inclusion proof against the covering checkpoint. Everything but the
  // signature is decided at once; c.pending is the signature's promise (null when there is none),
  // which checkAll awaits together with those of the other lines of a batch.
  function checkLine(bytes, proofLine, ring, covering, memo) {
    const c = { hasProofLine: proofLine !== null, proof: proofLine === null ? null : parseProof(proofLine),
      inclusionFailure: null, hashHex: "", parsed: null, pending: null };
    const { receipt, outcome } = E.receipt.checkBytes(bytes, ring, null);
    if (!receipt) {
      c.parsed = { kind: "malformed", error: outcome.error ? outcome.error.message : outcome.verdict };
      return c;
    }
    if (outcome.error && outcome.error.code === "not-canonical") {
      c.parsed = { kind: "notCanonical", receipt };
      return c;
    }
    c.parsed = { kind: "receipt", receipt, outcome };
    if (typeof outcome.then === "function") c.pending = outcome;
    c.hashHex = E.receipt.hashHex(receipt);
    const p = c.proof;
    if (p && covering && p.hash === c.hashHex && p.size === covering.size) {
      try {
        E.merkle.verifyInclusion(p.index, p.size, p.path, E.merkle.leafHash(receipt.canonicalBytes), covering.root, memo);
      } catch (e) {
        if (!(e instanceof E.merkle.MerkleError)) throw e;
        c.inclusionFailure = e.message;
      }
    }
    return c;
  }

  // The lines' checks, with every signature of the batch in flight at once: startAll does the
  // work that needs no signature and sets the signatures going, finishAll waits for them.
  function startAll(lines, ring, covering, memo) {
    const checked = new Array(lines.length), pending = [];
    for (let i = 0; i < lines.length; i++) {
      const c = checkLine(lines[i].receipt, lines[i].proof, ring, covering, memo);
      checked[i] = c;
      if (c.pending !== null) pending.push(c);
    }
    const all = Promise.all(pending.map((c) => c.pending));
    all.catch(() => {}); // awaited in finishAll; not an unhandled rejection meanwhile
    return { checked, pending, all };
  }
  async function finishAll(started) {
    const outcomes = await started.all;
    for (let i = 0; i < started.pending.length; i++) {
      started.pending[i].parsed.outcome = outcomes[i];
      started.pending[i].pending = null;
    }
    return started.checked;
  }
  const checkAll = (lines, ring, covering, memo) => finishAll(startAll(lines, ring, covering, memo));

  // The checks of one receipt line that stand alone; the receipt when it parsed and is canonical.
  function judge(c, object, run) {
    const p = c.parsed;
    if (p.kind === "malformed") {
      run.fail("receipt-json", object, p.error);
      return null;
    }
    const d = p.receipt.draft;
    if (p.kind === "notCanonical") {
      run.fail("receipt-canonical", `receipt ${d.stream}#${d.sequence} (${object})`, "not in RFC 8785 canonical form");
      return null;
    }
    const f = E.receipt.finding(p.outcome, `receipt ${d.stream}#${d.sequence} (${object})`);
    if (f) run.record(f);
    return p.receipt;
  }

  // ---- Trust inputs (what the CLI loads before it verifies; failures are bad input).

  // PEM.blocks of EvidentCrypto: the DER of every well-formed `label` block; lenient (a block
  // whose base64 does not decode is skipped), never an error.
  function blocks(bytes, label) {
    const out = [];
    let inside = false, body = "";
    for (const line of text.decode(bytes).split(/[\r\n]+/)) {
      if (line.length === 0) continue;
      if (line === `-----BEGIN ${label}-----`) {
        inside = true;
        body = "";
      } else if (line === `-----END ${label}-----`) {
        const der = inside ? E.jcs.base64Decode(body) : null;
        if (der) out.push(der.slice());
        inside = false;
      } else if (inside) {
        body += line;
      }
    }
    return out;
  }

  const looksLikePEM = (bytes) => text.decode(bytes).includes("-----BEGIN ");

  // Base64 as OpenSSL's PEM reader takes it: white space ignored, padding at the end only, the
  // unused bits not checked; null on any other character.
  function lenientBase64(body) {
    const s = body.replace(/[ \t\r\n]/g, "");
    const m = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(s);
    if (!m || (s.length % 4 !== 0)) return null;
    const data = m[1];
    const out = new Uint8Array(Math.floor((data.length * 6) / 8));
    const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bits = 0, acc = 0, o = 0;
    for (const ch of data) {
      acc = (acc << 6) | A.indexOf(ch);
      bits += 6;
      if (bits >= 8) { bits -= 8; out[o++] = (acc >>> bits) & 0xff; }
      acc &= (1 << bits) - 1;
    }
    return out.subarray(0, o);
  }

  // The blocks of a PEM file in order: {label, body} (the body's base64 undecoded).
  function pemSections(bytes) {
    const out = [];
    let label = null, body = "";
    for (const line of text.decode(bytes).split(/\r?\n/)) {
      const begin = /^-----BEGIN (.+)-----\s*$/.exec(line), end = /^-----END (.+)-----\s*$/.exec(line);
      if (label === null) {
        if (begin) { label = begin[1]; body = ""; }
      } else if (end) {
        out.push({ label, body, complete: end[1] === label });
        label = null;
      } else if (!/^[A-Za-z-]+:/.test(line)) {
        body += line;
      }
    }
    return out;
  }

  // PEM.certificates / PEM.crls of EvidentCrypto (OpenSSL's PEM_read_bio loop): a non-PEM file is
  // one DER object; otherwise the `labels` blocks in order, up to the first that does not decode
  // (OpenSSL ends the loop there, silently); none at all is an error.
  function pemOrDer(bytes, label, parse) {
    if (!looksLikePEM(bytes)) return [bytes];
    const labels = label === "CERTIFICATE" ? ["CERTIFICATE", "X509 CERTIFICATE"] : [label];
    const list = [];
    let why = null;
    for (const b of pemSections(bytes)) {
      if (!labels.includes(b.label)) continue;
      const der = b.complete ? lenientBase64(b.body) : null;
      let ok = der !== null && der.length > 0;
      if (ok && parse) { try { parse(der); } catch (e) { ok = false; why = e.message; } }
      if (!ok) break;
      list.push(der.slice());
    }
    // The first block not decoding is named (red team round 22: a CRL repeating an extension read
    // as "no X509 CRL block").
    if (list.length === 0) throw new Error(why ? `the first ${label} block does not decode: ${why}` : `no ${label} block in the PEM input`);
    return list;
  }
  const parseCert = (der) => E.x509.parseCertificateBytes(der);
  // What OpenSSL's d2i_X509 checks of a certificate in a chain file, roughly: well-formed
  // nested TLVs, one SEQUENCE filling the input (contents such as a time string's digits are
  // judged only if the chain builder uses the certificate).
  function parseStructure(der) {
    const walk = (pos, end, depth) => {
      if (depth > 32) throw new Error("nested too deeply");
      while (pos < end) {
        const tag = der[pos++];
        if ((tag & 0x1f) === 0x1f) { while (pos < end && der[pos] & 0x80) pos++; pos++; }
        if (pos >= end) throw new Error("truncated");
        let len = der[pos++];
        if (len & 0x80) {
          const n = len & 0x7f;
          if (n === 0 || n > 4 || pos + n > end) throw new Error("bad length");
          len = 0;
          for (let k = 0; k < n; k++) len = len * 256 + der[pos++];
        }
        if (pos + len > end) throw new Error("truncated");
        if (tag & 0x20) walk(pos, pos + len, depth + 1);
        pos += len;
      }
    };
    if (der.length < 2 || der[0] !== 0x30) throw new Error("not a SEQUENCE");
    walk(0, der.length, 0);
    let n = der[1] & 0x80 ? der[1] & 0x7f : 0, len = der[1] & 0x80 ? 0 : der[1];
    for (let k = 0; k < n; k++) len = len * 256 + der[2 + k];
    if (2 + n + len !== der.length) throw new Error("trailing data");
  }
  // A CRL beyond the reader's limits is still a CRL block (kept as unreadable evidence).
  const parseCRL = (der) => { try { E.x509.parseCRL(der); } catch (e) { if (!e.limit) throw e; } };

  async function loadTrust(input) {
    const files = (list, what) => (list || []).map((f) => {
      if (!f || !(f.bytes instanceof Uint8Array)) throw badInput(`${what}: not a file`);
      if (f.bytes.length > MAX_TRUST_FILE) throw badInput(`${what} ${f.name}: ${f.bytes.length} bytes; at most ${MAX_TRUST_FILE}`);
      return f;
    });
    // --ledger-key: public key files and key records, in the order given.
    const publicKeys = [], records = [], trust = { keys: [], roots: [], crls: [], ocsps: [] };
    for (const f of files(input.ledgerKeys, "--ledger-key")) {
      let pk = null, record = null;
      try { pk = E.keys.decodePublic(f.bytes); } catch (e) { pk = null; }
      if (pk === null) {
        try { record = E.keys.parseRecord(f.bytes); } catch (e) { record = null; }
      }
      if (pk !== null) {
        publicKeys.push(pk);
        trust.keys.push({ kind: "ledger-key", key_id: E.keys.keyID(pk), sha256: E.sha256.hexDigest(pk) });
      } else if (record !== null) {
        records.push(record);
        const b = record.body;
        trust.keys.push({ kind: "key-record", record: b.type === "key-rotation" ? "rotation" : "revocation",
          key_id: b.type === "key-rotation" ? b.oldKeyID : b.keyID, sha256: E.sha256.hexDigest(f.bytes) });
      } else {
        throw badInput(`${f.name}: neither a ledger public key file nor a key record`);
      }
    }
    if (publicKeys.length === 0) throw badInput("no ledger public key given (give the ledger public keys to trust)");
    // --tsa-roots: the only TSA trust anchors.
    const roots = [];
    const rootFiles = files(input.tsaRoots, "--tsa-roots");
    if (rootFiles.length === 0) throw badInput("give the TSA root certificates to trust (--tsa-roots): they are required to verify a bundle's anchors");
    for (const f of rootFiles) {
      let certs;
      try { certs = pemOrDer(f.bytes, "CERTIFICATE", parseCert); } catch (e) { throw badInput(`--tsa-roots ${f.name}: ${errorText(e)}`); }
      for (const der of certs) {
        let d;
        try { d = await E.x509.describeRoot(der); } catch (e) { throw badInput(`--tsa-roots ${f.name}: ${errorText(e)}`); }
        roots.push(der);
        trust.roots.push({ kind: "tsa-root", subject: d.subject, sha256: d.sha256 });
      }
    }
    // Given CRLs and OCSP responses are parsed once here and shared by every anchor.
    const crls = [], ocsps = [];
    for (const f of files(input.crls, "--crl")) {
      let list;
      try { list = pemOrDer(f.bytes, "X509 CRL", parseCRL); } catch (e) { throw badInput(`--crl ${f.name}: ${errorText(e)}`); }
      for (const der of list) {
        let issuer, crl;
        try { crl = E.x509.parseCRL(der); issuer = crl.issuer.text || null; } catch (e) {
          // Beyond this verifier's limits (not malformed): kept as unreadable evidence, which
          // leaves the status of a certificate of its issuer undecided.
          if (!e.limit) throw badInput(`--crl ${f.name}: ${errorText(e)}`);
          crl = E.x509.unreadableCRL(e);
          issuer = crl.issuer ? crl.issuer.text || null : null;
        }
        crls.push(crl);
        trust.crls.push({ kind: "crl", sha256: E.sha256.hexDigest(der), issuer });
      }
    }
    for (const f of files(input.ocsps, "--ocsp")) {
      const list = looksLikePEM(f.bytes) ? blocks(f.bytes, "OCSP RESPONSE") : [f.bytes];
      if (list.length === 0) throw badInput(`--ocsp ${f.name}: no OCSP RESPONSE block in the PEM input`);
      for (const der of list) {
        let responder, ocsp;
        try { ocsp = E.x509.parseOCSP(der); responder = ocsp.responder; } catch (e) { throw badInput(`--ocsp ${f.name}: ${errorText(e)}`); }
        ocsps.push(ocsp);
        trust.ocsps.push({ kind: "ocsp", sha256: E.sha256.hexDigest(der), issuer: responder && responder.byName ? responder.byName.text || null : null });
      }
    }
    let algorithmPolicy = null, policyName = E.algorithms.builtIn.name;
    if (input.algorithmPolicy) {
      const f = input.algorithmPolicy;
      try {
        algorithmPolicy = E.algorithms.parsePolicy(text.decode(f.bytes), "site table");
      } catch (e) { throw badInput(`--algorithm-policy ${f.name}: ${e.detail || errorText(e)}`); }
      policyName = `${algorithmPolicy.name} (file ${f.name}, sha256 ${E.sha256.hexDigest(f.bytes).slice(0, 16)}…)`;
    }
    const policy = input.revocationPolicy || "require";
    if (policy !== "require" && policy !== "none") throw badInput("the revocation policy must be require or none");
    // --policy: a witness policy (c2sp.org/tlog-policy), named by its file name and SHA-256.
    let witnessPolicy = null;
    const witnessInputs = [];
    if (input.witnessPolicy) {
      const f = input.witnessPolicy;
      if (!(f.bytes instanceof Uint8Array)) throw badInput("--policy: not a file");
      try { witnessPolicy = E.policy.parse(f.bytes); } catch (e) {
        if (!(e instanceof E.policy.PolicyError)) throw e;
        throw badInput(`--policy ${f.name}: ${e.message}`);
      }
      const file = String(f.name).split("/").pop();
      witnessPolicy = { policy: witnessPolicy, file, sha256: E.sha256.hexDigest(f.bytes) };
      witnessInputs.push({ kind: "witness-policy", file, sha256: witnessPolicy.sha256 });
    }
    return { publicKeys, records, roots: roots.map(parseCert), crls, ocsps, algorithmPolicy, policyName, revocationPolicy: policy,
      witnessPolicy, trustInputs: trust.roots.concat(trust.keys, trust.crls, trust.ocsps, witnessInputs) };
  }

  // ---- Not a bundle / another format version (bad input; BundleVerifier.notABundle).
  async function notABundle(blob) {
    const header = blob.size >= 512 ? new Uint8Array(await blob.slice(0, 512).arrayBuffer()) : null;
    const magic = [0x75, 0x73, 0x74, 0x61, 0x72];
    if (!header || header.length !== 512 || !magic.every((b, i) => header[257 + i] === b)) {
      return "not an evidence bundle: no ustar archive header";
    }
    let end = 0;
    while (end < 100 && header[end] !== 0) end++;
    if (text.decode(header.subarray(0, end)) !== F().manifest || header[345] !== 0) {
      return `not an evidence bundle: the first entry is not ${F().manifest}`;
    }
    let k = 124;
    let digits = "";
    while (k < 136 && header[k] !== 0 && header[k] !== 0x20) digits += String.fromCharCode(header[k++]);
    if (!/^[+-]?[0-7]+$/.test(digits)) return null;
    const size = parseInt(digits, 8);
    if (!(size >= 0 && size <= E.tar.maxSize(F().manifest)) || blob.size < 512 + size) return null;
    let o;
    try { o = parseObject(new Uint8Array(await blob.slice(512, 512 + size).arrayBuffer())); } catch (e) { return null; }
    if (E.jcs.string(o, "format") !== F().formatName) return null;
    const version = E.jcs.uint(o, "version");
    if (version === null || F().readableVersions.includes(version)) return null;
    return version === 1
      ? "bundle format v1: it cannot prove what this verifier requires (a period's completeness from its neighbours, the key journal its checkpoints commit to, ledger-assigned time); re-export the period with this version of evident"
      : `bundle format v${version}: this verifier reads ${F().readableVersions.map((v) => `v${v}`).join(", ")}`;
  }

  // ---- The verification (BundleVerifier.verify / check).

  async function verify(input) {
    if (!input || typeof input.bundle !== "object" || typeof input.bundle.slice !== "function") {
      throw badInput("give the bundle file");
    }
    const blob = input.bundle;
    const name = String(input.bundle.name || "bundle").split("/").pop();
    const progress = typeof input.onProgress === "function" ? input.onProgress : () => {};
    await E.keys.requireEd25519();
    const trust = await loadTrust(input);
    const why = await notABundle(blob);
    if (why) throw badInput(`${name}: ${why}`);

    const run = new Run(!!input.all);
    const s = run.summary;
    s.revocation_policy = trust.revocationPolicy;
    s.algorithm_policy = trust.policyName;
    s.trust_inputs = trust.trustInputs;
    if (trust.witnessPolicy) run.witnesses.policy = { file: trust.witnessPolicy.file, sha256: trust.witnessPolicy.sha256 };
    const ctx = { blob, name, trust, progress, run, ring: null };
    try {
      await check(ctx);
    } catch (e) {
      if (e !== STOP) {
        // Anything else stopped the checks early (an I/O error, the file changing while read):
        // never let an unfinished run pass as valid.
        run.failures++;
        run.findings.push({ check: "io", object: name, outcome: "invalid", reason: `verification stopped: ${errorText(e)}` });
      }
    }
    progress(0.97, "hashing the bundle file");
    const fileHash = await hashBlob(blob, (f) => progress(0.97 + 0.03 * f, "hashing the bundle file"));
    const failures = run.findings.filter((f) => f.outcome === "invalid");
    const undecided = run.findings.filter((f) => f.outcome !== "invalid");
    const verdict = run.failures > 0 ? "invalid" : run.undecidedCount > 0 ? "indeterminate" : "valid";
    progress(1, verdict);
    return {
      schema: "evident.bundle-verification/v2",
      verdict,
      findings: failures.concat(undecided).map((f) => ({ check: f.check, object: f.object, outcome: f.outcome, reason: f.reason })),
      verifier: { implementation: IMPLEMENTATION, version: E.version || VERSION },
      verified_at: new Date().toISOString(),
      bundle: { name, sha256: fileHash, size: blob.size },
      witnesses: Object.assign({}, run.witnesses, { statement: witnessesStatement(run.witnesses) }),
      summary: s,
    };
  }

  async function hashBlob(blob, onFraction) {
    const h = E.sha256.create(), chunk = 4 << 20;
    // The next chunk is read while this one is hashed (at most two chunks in memory).
    const read = (at) => at < blob.size ? E.tar.readRange(blob, at, Math.min(chunk, blob.size - at), "bundle") : null;
    let next = read(0);
    if (next) next.catch(() => {});
    for (let at = 0; at < blob.size; at += chunk) {
      const bytes = await next;
      next = read(at + chunk);
      if (next) next.catch(() => {}); // awaited on the next turn; a failure is reported there
      h.update(bytes);
      onFraction(Math.min(1, (at + chunk) / Math.max(1, blob.size)));
    }
    return E.sha256.hex(h.finish());
  }

  async function check(ctx) {
    ctx.progress(0, "reading the archive");
    const archive = await openArchive(ctx);
    if (!archive) return;
    ctx.archive = archive;
    const m = await readManifest(ctx);
    if (!m) return;
    ctx.m = m;
    const kr = await keyRing(ctx);
    if (!kr) return;
    ctx.ring = kr.ring;
    const chain = await checkpointChain(ctx);
    if (!chain) return;
    await checkWitnesses(ctx, chain);
    checkKeyJournal(ctx, chain, kr.journal);
    const anchorTimes = await verifyAnchors(ctx, chain);
    await checkReceipts(ctx, chain, anchorTimes);
    ctx.run.summary.instructions = await instructions(ctx, chain.checkpoints.length > 0);
  }

  // Last: the VERIFY file against the text derived from the bundle's own checkpoints and anchors
  // (BundleVerifier.instructions). Reported, never a finding: it is unsigned and not evidence.
  // The text names the manifest's origin, proven only by a checkpoint signed under it that
  // verified with a key given: without one, unchecked (red team round 29, F1).
  async function instructions(ctx, originProven) {
    const { m, archive } = ctx;
    if (!archive.entry(F().verifyText)) return { status: "absent", line: null };
    const unchecked = { status: "unchecked", line: null };
    if (!originProven) return unchecked;
    const checkpoints = [], notes = new Map();
    for (const name of m.checkpoints) {
      const entry = E.tar.checkpointEntry(name);
      if (entry === null || entry.cosigned) return unchecked;
      const size = Number(entry.size);
      if (!Number.isSafeInteger(size)) return unchecked;
      const note = await small(ctx, name);
      checkpoints.push({ size, note });
      notes.set(size, note);
    }
    const anchors = [];
    for (const a of m.anchors) {
      let token = null;
      try { token = E.tsp.parseResponse(await small(ctx, a.token)).token; } catch (x) { token = null; }
      if (!notes.has(a.treeSize) || !token) return unchecked;
      anchors.push({
        treeSize: a.treeSize, imprintHex: E.sha256.hexDigest(notes.get(a.treeSize)),
        genTimeMillis: token.tstInfo.genTime.ms, base: a.token.endsWith(".tsr") ? a.token.slice(0, -4) : a.token,
      });
    }
    const derived = E.verifyText.documentText(m.origin, m.version, checkpoints, anchors);
    return E.verifyText.compare(await small(ctx, F().verifyText), derived);
  }

  // A small entry, whole (receipts and proofs are streamed); over its cap or absent: empty.
  async function small(ctx, name) {
    const e = ctx.archive.entry(name);
    if (!e) return new Uint8Array(0);
    const cap = E.tar.maxSize(name);
    if (e.size > (cap === null ? E.tar.LIMITS.maxEntrySize : cap)) return new Uint8Array(0);
    return (await ctx.archive.bytes(name)) || new Uint8Array(0);
  }

  // Phase 1: structure, limits, path rules; every small entry's cap by kind on its header.
  async function openArchive(ctx) {
    const { run } = ctx;
    let archive;
    try {
      archive = await E.tar.open(ctx.blob, null, ctx.name);
    } catch (e) {
      if (!(e instanceof E.tar.TarError)) throw e;
      run.fail(e.check, e.object, e.detail);
      return null;
    }
    for (const e of archive.entries) {
      const cap = E.tar.maxSize(e.name);
      if (cap !== null && e.size > cap) {
        run.fail("archive-limit", e.name, `${e.size} bytes; an entry of this kind may have at most ${cap}`);
        if (e.name === F().manifest) return null;
      }
    }
    return archive;
  }

  // Phase 2: the manifest and the digest of every other file; nothing unlisted.
  async function readManifest(ctx) {
    const { run, archive } = ctx;
    if (!archive.contains(F().manifest)) {
      run.fail("manifest", F().manifest, "missing");
      return null;
    }
    let m;
    try {
      m = parseManifest(await small(ctx, F().manifest));
    } catch (e) {
      if (!(e instanceof ManifestFailure || e instanceof E.jcs.JCSError)) throw e;
      run.fail("manifest", F().manifest, errorText(e));
      return null;
    }
    run.summary.origin = m.origin;
    const T = (t) => (t === null ? null : E.receipt.formatTime(t));
    run.summary.selection_claimed = { from: T(m.scope.from), to: T(m.scope.to), stream: m.scope.stream,
      decision: m.scope.decision, action: m.scope.action };
    run.summary.claimed = claimedOf(m);
    const names = archive.entries.map((e) => e.name).sort();
    for (const n of names) {
      if (n === F().manifest) continue;
      if (!m.files.has(n)) {
        run.fail("unlisted-file", n, "the archive holds a file the manifest does not list");
      } else if (!E.tar.isEntryName(n, m.version)) {
        run.fail("unlisted-file", n, "not an entry of the bundle format (docs/bundle.md)");
      } else if (n.endsWith(".pub.json")) {
        let ok = true;
        try { E.keys.decodePublic(await small(ctx, n)); } catch (e) { ok = false; }
        if (!ok) run.fail("unlisted-file", n, "not a ledger public key file");
      } else if (E.tar.isCheckpointNote(n) && !m.checkpoints.includes(n)) {
        // Every checkpoint note carried is one that is checked: none rides along unverified.
        run.fail("unlisted-file", n, "a checkpoint note the manifest's checkpoints list does not name: it would be carried unchecked");
      }
    }
    const total = archive.entries.reduce((a, e) => a + e.size, 0) || 1;
    let done = 0;
    for (const [n, digest] of [...m.files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (!archive.contains(n)) {
        run.fail("manifest-digest", n, "listed in the manifest but missing from the archive");
        continue;
      }
      const h = E.sha256.create();
      await archive.forEachChunk(n, (chunk) => {
        h.update(chunk);
        done += chunk.length;
        ctx.progress(0.25 * done / total, `checking the digest of ${n}`);
      });
      if (E.sha256.hex(h.finish()) !== digest) run.fail("manifest-digest", n, "SHA-256 differs from the manifest's");
    }
    return m;
  }

  // Phase 3: the key ring — given keys and records plus the bundle's journal (carried records
  // count only when they verify under keys that chain back to the given ones).
  async function keyRing(ctx) {
    const { run } = ctx;
    const J = F().keyJournal;
    const lines = E.tar.splitLines(await small(ctx, J));
    if (lines === null) {
      run.fail("keys", J, "not JSON lines");
      return null;
    }
    const carried = [];
    lines.forEach((line, n) => {
      try { carried.push(E.keys.parseRecord(line)); } catch (e) {
        if (!(e instanceof E.keys.KeyError)) throw e;
        run.fail("keys", `${J} line ${n + 1}`, e.message);
      }
    });
    const { ring, findings } = await E.keys.audited(ctx.trust.publicKeys, ctx.trust.records, carried, J);
    for (const f of findings) run.record(f);
    return { ring, journal: lines };
  }

  // Phase 4: checkpoints — signatures under the bundle's origin with keys from the ring, then
  // one chain of consistency proofs up to the covering checkpoint.
  async function checkpointChain(ctx) {
    const { run, m, ring } = ctx;
    let noteKeys;
    try {
      noteKeys = [...ring.entries.values()].map((e) => E.note.verifierKey(m.origin, e.publicKey));
    } catch (e) {
      if (!(e instanceof E.note.NoteError)) throw e;
      run.fail("manifest", F().manifest, `origin is not a log name a checkpoint can be signed under: ${e.message}`);
      return null;
    }
    const checkpoints = [];
    const listed = new Set();
    for (const name of m.checkpoints) {
      if (listed.has(name)) {
        run.fail("checkpoint", name, "listed twice");
        continue;
      }
      listed.add(name);
      const note = await small(ctx, name);
      let c;
      try {
        c = await E.note.openCheckpoint(note, noteKeys, m.origin);
      } catch (e) {
        if (!(e instanceof E.note.NoteError)) throw e;
        if (e.code === "no-trusted-signature") {
          let other = null;
          try { other = E.note.parseCheckpoint(E.note.parse(note).text); } catch (x) { other = null; }
          if (other && other.origin !== m.origin) {
            run.fail("checkpoint", name, `a checkpoint of another log (origin "${other.origin}")`);
            continue;
          }
          run.undecided("checkpoint-signature", name, `${e.message} — give the ledger key that signed it`);
        } else {
          run.fail("checkpoint-signature", name, e.message);
        }
        continue;
      }
      const cp = c.checkpoint;
      if (name !== `checkpoints/${cp.treeSizeText}.note`) {
        run.fail("checkpoint", name, `holds the checkpoint of size ${cp.treeSizeText}`);
        continue;
      }
      let journal;
      try { journal = E.note.findKeyJournal(cp.extensionLines); } catch (e) {
        if (!(e instanceof E.note.NoteError)) throw e;
        run.fail("key-journal", name, e.message);
        continue;
      }
      checkpoints.push({ size: cp.treeSize, root: cp.rootHash, note, journal,
        signers: c.verifiedBy.map((k) => E.keys.keyID(k.publicKey)) });
    }
    checkpoints.sort((a, b) => a.size - b.size);
    run.summary.checkpoints = checkpoints.map((c) => c.size);
    for (let k = 1; k < checkpoints.length; k++) {
      if (checkpoints[k].size === checkpoints[k - 1].size) {
        run.fail("checkpoint", F().checkpointNote(checkpoints[k].size), "two checkpoints of the same size");
      }
    }
    if (m.checkpoints.length === 0) run.fail("checkpoint", F().manifest, "the bundle holds no checkpoint");
    const covering = checkpoints.length ? checkpoints[checkpoints.length - 1] : null;
    if (covering && covering.size !== m.coveringTreeSize) {
      run.fail("checkpoint", F().manifest, `covering_tree_size ${m.coveringTreeSize} is not the newest verified checkpoint's (${covering.size})`);
    }
    const lines = E.tar.splitLines(await small(ctx, F().consistency));
    if (lines === null) {
      run.fail("consistency", F().consistency, "not JSON lines");
      return null;
    }
    const linked = new Set(), seenPairs = new Set();
    // Indexed by size: the lines are checked in time linear in their number (no scan of the
    // checkpoint list per line).
    const indexBySize = new Map();
    checkpoints.forEach((c, k) => { if (!indexBySize.has(c.size)) indexBySize.set(c.size, k); });
    const listedNotes = new Set(m.checkpoints);
    const listedNote = (size) => listedNotes.has(F().checkpointNote(size));
    lines.forEach((line, n) => {
      const object = `${F().consistency} line ${n + 1}`;
      let o = null;
      try { o = parseObject(line); } catch (e) { o = null; }
      const old = E.jcs.uint(o, "old_size"), nu = E.jcs.uint(o, "new_size"), path = o ? hashes(o, "path") : null;
      if (o === null || old === null || nu === null || path === null) {
        run.fail("consistency", object, "malformed line");
        return;
      }
      if (!(old < nu)) {
        run.fail("consistency", object, `old size ${old} is not below new size ${nu}: a proof between equal sizes proves nothing`);
        return;
      }
      const pair = `${old}/${nu}`;
      if (seenPairs.has(pair)) {
        run.fail("consistency", object, `a second proof for checkpoints ${old} → ${nu}`);
        return;
      }
      seenPairs.add(pair);
      if ((!indexBySize.has(old) || !indexBySize.has(nu)) && listedNote(old) && listedNote(nu)) {
        return; // a checkpoint whose signature could not be verified: indeterminate already
      }
      const k = indexBySize.has(old) ? indexBySize.get(old) : -1;
      if (k < 0 || k + 1 >= checkpoints.length || checkpoints[k + 1].size !== nu) {
        run.fail("consistency", object, `checkpoints ${old} → ${nu} are not neighbouring verified checkpoints of this bundle`);
        return;
      }
      try {
        E.merkle.verifyConsistency(old, nu, path, checkpoints[k].root, checkpoints[k + 1].root);
        linked.add(old);
      } catch (e) {
        if (!(e instanceof E.merkle.MerkleError)) throw e;
        run.fail("consistency", `checkpoints ${old} → ${nu}`, e.message);
      }
    });
    const onChain = new Set();
    if (covering) onChain.add(covering.size);
    for (let k = checkpoints.length - 2; k >= 0; k--) {
      if (linked.has(checkpoints[k].size) && onChain.has(checkpoints[k + 1].size)) {
        onChain.add(checkpoints[k].size);
      } else if (!linked.has(checkpoints[k].size)) {
        run.fail("consistency", `checkpoints ${checkpoints[k].size} → ${checkpoints[k + 1].size}`,
          `no verifying consistency proof: checkpoint ${checkpoints[k].size} is not proven part of the covering checkpoint's log`);
      }
    }
    return { checkpoints, onChain, covering };
  }

  // Phase 4b: cosigned notes (v3) are their log-signed notes plus only signature lines; with a
  // witness policy, the covering checkpoint (as cosigned, when the bundle carries that) must meet
  // it (BundleVerifier.checkWitnesses; docs/verification.md, cosigned-note and witness-policy).
  async function checkWitnesses(ctx, chain) {
    const { run, m, ring } = ctx;
    const w = run.witnesses;
    const cosigned = new Map();
    const listed = new Set(m.checkpoints);
    const names = ctx.archive.entries.map((e) => e.name).filter((n) => n.endsWith(".cosigned.note")).sort();
    for (const name of names) {
      if (!m.files.has(name) || !E.tar.isEntryName(name, m.version)) continue; // refused by the manifest phase
      const entry = E.tar.checkpointEntry(name);
      if (entry === null || !entry.cosigned) continue; // beyond 2^64 − 1: skipped, as Swift does
      const size = entry.size.toString();
      const plain = F().checkpointNote(size);
      if (!listed.has(plain)) {
        run.fail("cosigned-note", name, `cosigns ${plain}, which the manifest does not list as a checkpoint`);
        continue;
      }
      const result = cosignedNote(await small(ctx, name), await small(ctx, plain));
      if (result.problem) run.fail("cosigned-note", name, result.problem);
      else cosigned.set(Number(size), result.note);
    }
    const applied = ctx.trust.witnessPolicy;
    if (!applied) return;
    const covering = chain.covering;
    if (!covering) {
      w.explanation = "the bundle has no verified covering checkpoint";
      run.undecided("witness-policy", F().manifest, "no verified covering checkpoint to apply the witness policy to");
      return;
    }
    w.tree_size = covering.size;
    const carried = cosigned.get(covering.size);
    const object = carried ? F().cosignedNote(covering.size) : F().checkpointNote(covering.size);
    let note = carried;
    if (!note) {
      try { note = E.note.parse(covering.note); } catch (e) {
        if (!(e instanceof E.note.NoteError)) throw e;
        run.fail("witness-policy", object, e.message);
        return;
      }
    }
    const logKeys = [];
    for (const entry of ring.entries.values()) {
      try { logKeys.push(E.note.verifierKey(m.origin, entry.publicKey)); } catch (e) { if (!(e instanceof E.note.NoteError)) throw e; }
    }
    const outcome = await evaluateWitnesses(applied.policy, note, m.origin, logKeys);
    if (outcome.evaluation) {
      const e = outcome.evaluation;
      w.quorum_met = e.quorumMet;
      w.cosigners = e.cosigners.map((c) => ({ name: c.name, key: c.key.name, timestamp: cosignatureTime(c.timestamp) }));
      w.explanation = `${describeCosigners(e.cosigners)}; ${e.explanation}`;
      if (!e.quorumMet) {
        run.undecided("witness-policy", object, `below the witness policy's quorum: ${describeCosigners(e.cosigners)}; ${e.explanation}` +
          (carried ? "" : " (the bundle carries no cosigned note of this checkpoint)"));
      }
    } else if (outcome.logNotAccepted) {
      w.explanation = outcome.logNotAccepted;
      run.undecided("witness-policy", object, outcome.logNotAccepted);
    } else {
      w.explanation = outcome.malformed;
      run.fail("witness-policy", object, outcome.malformed);
    }
  }

  // The cosigned note, when it is the log-signed note byte for byte followed only by signature
  // lines; else why not (WitnessPolicyCheck.cosigned).
  function cosignedNote(cosigned, note) {
    if (!(cosigned.length > note.length && note.every((b, i) => cosigned[i] === b))) {
      return { problem: "does not begin with the bytes of the log-signed note it cosigns, or adds nothing" };
    }
    try {
      E.note.parseSignatureLines(cosigned.subarray(note.length));
      return { note: E.note.parse(cosigned) };
    } catch (e) {
      if (!(e instanceof E.note.NoteError)) throw e;
      return { problem: `adds more than signature lines to the log-signed note: ${e.message}` };
    }
  }

  // The policy applied to the covering checkpoint's note (WitnessPolicyCheck.evaluate):
  // {evaluation} | {logNotAccepted} | {malformed}.
  async function evaluateWitnesses(policy, note, origin, logKeys) {
    for (const w of policy.witnesses) {
      for (const line of note.signatures) {
        if (E.note.matches(w.key, line) && !(await E.note.isValidSignature(w.key, line.signature, note.textBytes))) {
          return { malformed: `the cosignature of policy witness ${E.report.safe(w.name)} (key ${E.report.safe(w.key.name)}) does not verify over the checkpoint: the note is malformed` };
        }
      }
    }
    try {
      return { evaluation: await policy.evaluate(note, origin, logKeys) };
    } catch (e) {
      if (!(e instanceof E.note.NoteError)) throw e;
      if (e.code === "no-trusted-signature") return { logNotAccepted: `the policy does not accept this log: ${e.detail}` };
      return { malformed: e.message };
    }
  }

  // The cosigners, named as the policy names them, with their cosignature times (UTC).
  function describeCosigners(cosigners) {
    return cosigners.length === 0 ? "no policy witness cosigned it"
      : "cosigned by " + cosigners.map((c) => `${E.report.safe(c.name)} at ${cosignatureTime(c.timestamp)}`).join(", ");
  }
  // WitnessPolicyCheck.time: ReceiptTime.describe of the seconds in ms, Int64.max when that overflows.
  const cosignatureTime = (seconds) => E.note.describeCosignatureTime(seconds);

  // Phase 5: the key journal each checkpoint on the chain commits to.
  function checkKeyJournal(ctx, chain, journal) {
    const commitments = chain.checkpoints.filter((c) => chain.onChain.has(c.size))
      .map((c) => ({ object: F().checkpointNote(c.size), commitment: c.journal }));
    for (const f of E.keys.checkJournal(commitments, journal)) ctx.run.record(f);
  }

  // Phase 6: anchors — RFC 3161 verification by the PKI layer, trusting only the given roots;
  // imprint = SHA-256 of the checkpoint note; only anchors on the chain give time.
  // Many anchors may name one chain or revocation file: each distinct file is read and parsed
  // once. The anchors are verified grouped by the files they name (so one parsed revocation file
  // is held at a time: memory stays bounded by the per-file caps) and their results are recorded
  // in manifest order.
  async function verifyAnchors(ctx, chain) {
    const { run, m, ring } = ctx;
    const bySize = new Map(chain.checkpoints.map((c) => [c.size, c]));
    const listedNotes = new Set(m.checkpoints);
    const plan = [], seen = new Set();
    for (const a of m.anchors) {
      const token = await small(ctx, a.token);
      const tokenDigest = E.sha256.hexDigest(token);
      if (seen.has(a.token)) { plan.push({ a, kind: "twice" }); continue; }
      seen.add(a.token);
      if (seen.has(tokenDigest)) { plan.push({ a, kind: "twice" }); continue; }
      seen.add(tokenDigest);
      const cp = bySize.get(a.treeSize);
      if (!cp) { plan.push({ a, kind: listedNotes.has(F().checkpointNote(a.treeSize)) ? "unverified" : "absent" }); continue; }
      plan.push({ a, kind: "verify", cp, tokenDigest, result: null });
    }
    const order = plan.filter((p) => p.kind === "verify")
      .sort((x, y) => (x.a.revocation < y.a.revocation ? -1 : x.a.revocation > y.a.revocation ? 1 : x.a.chain < y.a.chain ? -1 : x.a.chain > y.a.chain ? 1 : 0));
    // Seconds since the epoch: what the last archive time-stamp of a record, and an anchor no
    // valid record covers, are judged at.
    const now = Math.floor(Date.now() / 1000);
    ctx.pki = { revocation: null, chains: new Map() };
    let k = 0;
    for (const p of order) {
      ctx.progress(0.25 + 0.05 * (k++ / Math.max(1, order.length)), `verifying anchor ${p.a.token}`);
      const token = await small(ctx, p.a.token);
      // Its evidence records (v4), over the anchor's files exactly as bundled: a valid one proves
      // the anchor existed at its first archive time-stamp, and the anchor is judged then.
      const entries = m.evidenceRecords.filter((e) => e.anchor === p.a.token);
      p.evidence = entries.length === 0 ? [] : await checkEvidenceRecords(ctx, entries,
        [p.cp.note, token, await small(ctx, p.a.request), await small(ctx, p.a.chain), await small(ctx, p.a.revocation)], now,
        await revocationFile(ctx, p.a.revocation));
      // A valid record proves the anchor existed by its first archive time-stamp's genTime plus
      // its accuracy; one that predates the anchor (beyond the anchor's accuracy and 2 s) is
      // reported below and moves nothing. The anchor is judged at the earliest such time (rounded
      // up to seconds), with revocation data from then on: its own, what the proving records
      // carry, and what is given.
      let anchorTime = null;
      try {
        const t = E.tsp.parseResponse(token).token;
        if (t) anchorTime = { g: t.tstInfo.genTime.ms, acc: t.tstInfo.accuracy ? Math.ceil(t.tstInfo.accuracy.totalMicros / 1000) : 0 };
      } catch (x) { anchorTime = null; }
      p.predating = [];
      const proving = [];
      for (const o of p.evidence) {
        if (o.provenAt === null) continue;
        if (anchorTime && o.provenAt + o.accuracyMillis + 2000 < anchorTime.g - anchorTime.acc) p.predating.push(o);
        else proving.push(o);
      }
      p.anchorGenTime = anchorTime ? anchorTime.g : 0;
      const by = proving.map((o) => o.provenBy).filter((x) => typeof x === "number");
      const provenAt = by.length ? Math.ceil(Math.min(...by) / 1000) : null;
      // Every record's carried revocation data, also a record that proves nothing (round 25, F2).
      const carried = { crls: p.evidence.flatMap((o) => o.crls), ocsps: p.evidence.flatMap((o) => o.ocsps) };
      p.result = await verifyAnchor(ctx, p.a, p.cp.note, token, provenAt === null ? now : provenAt, provenAt, carried);
      // A record only adds evidence: an anchor it leaves undecided is judged now as well, still
      // with every record's carried data (BundleVerifier; red team rounds 24 F1, 25 F1).
      if (provenAt !== null && p.result.verdict === "indeterminate") {
        const direct = await verifyAnchor(ctx, p.a, p.cp.note, token, now, null, carried);
        if (direct.verdict === "valid") p.result = direct;
      }
    }
    ctx.pki = null;
    const anchorTimes = [];
    for (const p of plan) {
      const a = p.a;
      if (p.kind === "twice") { run.fail("anchor", a.token, "the same time-stamp token is listed twice"); continue; }
      if (p.kind === "unverified") { run.undecided("anchor", a.token, `anchors checkpoint ${a.treeSize}, whose signature could not be verified`); continue; }
      if (p.kind === "absent") { run.fail("anchor", a.token, `anchors checkpoint ${a.treeSize}, which the bundle does not hold`); continue; }
      const result = p.result;
      // An altered record is always reported; one that proves nothing (its TSA not trusted, a
      // renewal lapsed) only when the anchor is not proven without it.
      for (const o of p.evidence) if (o.finding && (o.finding.outcome === "invalid" || result.verdict !== "valid")) run.record(o.finding);
      // An archive time-stamp over the anchor's token cannot predate the token.
      for (const o of p.predating) {
        run.fail("evidence-record", a.token,
          `the first archive time-stamp of ${o.record} (${E.receipt.describeMillis(o.provenAt)}) predates the anchor it covers (${E.receipt.describeMillis(p.anchorGenTime)})`);
      }
      const tokenHashes = [p.tokenDigest].concat(result.innerTokenHash ? [result.innerTokenHash] : []);
      const summaryAnchor = {
        tree_size: a.treeSize, tsa: result.tsaSubject, tsa_claimed: a.tsa,
        gen_time: result.genTime === null ? null : timeOrNull(result.genTime),
        existed_by: typeof result.latestMillis === "number" ? timeOrNull(result.latestMillis) : null,
        verdict: result.verdict, warnings: result.warnings,
      };
      // Only v4 bundles' anchors with records have the key (earlier reports are unchanged).
      if (p.evidence.length) summaryAnchor.evidence_records = p.evidence.map((o) => o.summary);
      // An archive time-stamp over the anchor's token cannot predate the token.
      run.summary.anchors.push(summaryAnchor);
      if (result.verdict === "valid") {
        if (!chain.onChain.has(a.treeSize)) {
          run.fail("anchor", a.token, `anchors checkpoint ${a.treeSize}, which is not proven part of the covering checkpoint's log: its time proves nothing about these receipts`);
          continue;
        }
        anchorTimes.push({ treeSize: a.treeSize, genTime: result.genTime, accuracy: result.accuracyMillis, provenBy: result.latestMillis, tokenHashes });
      } else if (result.verdict === "invalid") {
        run.fail("anchor", a.token, result.problem);
      } else {
        run.undecided("anchor", a.token, result.problem);
      }
    }
    // Every evidence record names a listed anchor, and each file is one record.
    const anchorTokens = new Set(m.anchors.map((a) => a.token));
    const seenRecords = new Set();
    for (const e of m.evidenceRecords) {
      if (!anchorTokens.has(e.anchor)) run.fail("evidence-record", e.record, `names anchor ${e.anchor}, which the manifest does not list`);
      if (seenRecords.has(e.record)) run.fail("evidence-record", e.record, "the same evidence record is listed twice");
      seenRecords.add(e.record);
      // Named for its anchor and slot: anchors/<size>-<k>.tsr, evidence-records/<size>-<k>.<slot>.ers.
      if (e.anchor.endsWith(".tsr") && e.record !== `evidence-records/${e.anchor.slice(0, -4).slice("anchors/".length)}.${e.slot}.ers`) {
        run.fail("evidence-record", e.record, `is not named for its anchor (${e.anchor}) and slot ${e.slot}`);
      }
    }
    // Every record file the manifest lists is listed as a record.
    for (const name of [...m.files.keys()].sort()) {
      if (name.startsWith("evidence-records/") && !seenRecords.has(name)) run.fail("evidence-record", name, "is not listed in evidence_records");
    }
    // A checkpoint signed only by keys revoked or rotated out before it was first time-stamped
    // may have been signed afterwards by whoever held such a key.
    // It is proven to exist by its earliest anchor's genTime plus that token's accuracy.
    const firstTime = new Map();
    for (const t of anchorTimes) {
      const by = t.provenBy;
      if (!firstTime.has(t.treeSize) || by < firstTime.get(t.treeSize)) firstTime.set(t.treeSize, by);
    }
    // With no verified anchor, it is proven to exist only by now (red team round 15).
    for (const c of chain.checkpoints) {
      if (!chain.onChain.has(c.size) || c.signers.length === 0) continue;
      const anchored = firstTime.has(c.size);
      // `now` is whole seconds: the end of that second, so an end within it counts as passed.
      const first = anchored ? firstTime.get(c.size) : now * 1000 + 999;
      const ends = c.signers.map((id) => ring.validityEndPassedBy(id, first));
      if (!ends.every((x) => x !== null)) continue;
      const latest = Math.max(...ends);
      run.unprovenCheckpoints.add(c.size);
      run.undecided("checkpoint-signature", F().checkpointNote(c.size),
        `signed only by keys that sign nothing from ${E.receipt.formatTime(latest)} (revoked or rotated out), but ` +
        (anchored ? `first proven to exist by ${E.receipt.describeMillis(first)} (its earliest anchor's genTime plus the token's accuracy)` : "no verified anchor proves it existed before then") +
        ": it may have been signed afterwards");
    }
    // The summary lists only checkpoints proven to be the ledger's (red team round 26, F3).
    run.summary.checkpoints = run.summary.checkpoints.filter((size) => !run.unprovenCheckpoints.has(size));
    return anchorTimes;
  }

  // The RFC 4998 evidence records listed for one anchor, in manifest order (AnchorEvidenceRecords):
  // each verified by E.ers over `objects` (the checkpoint note, the .tsr, .tsq, .chain.pem and
  // .revocation.pem, exactly as bundled), its archive time-stamps trusting only the given roots,
  // with the given revocation data added to what each carries. [{record, finding|null, provenAt
  // (ms)|null, summary}]: summary is the report's evidence_records entry.
  async function checkEvidenceRecords(ctx, entries, objects, now, revocation) {
    // The anchor's bundled revocation data joins the pool every record's time-stamps may use
    // (blocks that do not decode prove nothing there; those beyond the limits stay as evidence).
    // A file with a block that does not decode gives the records nothing (the anchor itself is
    // then invalid: revocation-data); CRLs beyond the limits stay as evidence.
    const usable = revocation && !revocation.crls.concat(revocation.ocsps).some((x) => x instanceof Error && !(x.limit && revocation.crls.includes(x)));
    const crls = (usable ? revocation.crls : []).concat(ctx.trust.crls);
    const ocsps = (usable ? revocation.ocsps : []).concat(ctx.trust.ocsps);
    const T = (ms) => E.receipt.describeMillis(ms);
    const out = [];
    for (const e of entries) {
      const outcome = (verdict, reason) => ({
        record: e.record, provenAt: null, accuracyMillis: 0, crls: [], ocsps: [],
        finding: { check: "evidence-record", outcome: verdict === "invalid" ? "invalid" : "indeterminate", object: e.record, reason },
        summary: { record: e.record, slot: e.slot, verdict, proven_at: null, proven_until: null, time_stamps: [] },
      });
      let record;
      try {
        const bytes = await small(ctx, e.record);
        if (bytes.length === 0) { out.push(outcome("invalid", "the file is missing or over its size limit")); continue; }
        record = E.ers.parse(bytes);
      } catch (x) {
        out.push(outcome("invalid", `not an RFC 4998 evidence record: ${errorText(x)}`));
        continue;
      }
      let r;
      try {
        r = await E.ers.verify(record, objects, {
          roots: ctx.trust.roots, crls, ocsps,
          revocationPolicy: ctx.trust.revocationPolicy, algorithmPolicy: ctx.trust.algorithmPolicy, now,
        });
      } catch (x) {
        out.push(outcome("invalid", errorText(x)));
        continue;
      }
      const provenAt = typeof r.dataProvenAt === "number" ? r.dataProvenAt : null;
      // What the record proves existed, existed by its first time-stamp's genTime plus its accuracy.
      const existedBy = r.verdict === "valid" && typeof r.dataProvenBy === "number" ? r.dataProvenBy : null;
      const summary = {
        record: e.record, slot: e.slot, verdict: r.verdict,
        proven_at: existedBy === null ? null : T(existedBy),
        proven_until: typeof r.provenUntil === "number" ? T(r.provenUntil * 1000) : null,
        time_stamps: (r.timeStamps || []).map((t) => ({
          kind: t.kind, hash_algorithm: t.hashAlgorithm, gen_time: t.genTime === null ? null : T(t.genTime),
          tsa: t.tsaSubject, verdict: t.verdict,
        })),
      };
      const finding = r.verdict === "valid" ? null
        : { check: "evidence-record", outcome: r.verdict === "invalid" ? "invalid" : "indeterminate", object: e.record, reason: r.problem };
      out.push({ record: e.record, finding, provenAt: r.verdict === "valid" ? provenAt : null,
        accuracyMillis: typeof r.dataAccuracyMillis === "number" ? r.dataAccuracyMillis : 0,
        provenBy: existedBy, summary,
        crls: r.carriedCRLs || [], ocsps: r.carriedOCSPs || [] });
    }
    return out;
  }

  // An anchor's chain file, parsed once per verification (a few kept: each is at most 4 MiB).
  // Its certificates are untrusted candidates: those the PKI layer cannot read are left out (the
  // Swift verifier's chain builder passes over them the same way), which can only make a path
  // harder to build, never easier. A file with no certificate block throws, each time it is named.
  const MAX_CACHED_CHAIN_FILES = 8;
  async function chainFile(ctx, name) {
    const cache = ctx.pki ? ctx.pki.chains : null;
    if (cache && cache.has(name)) {
      const hit = cache.get(name);
      if (hit instanceof Error) throw hit;
      return hit;
    }
    const bytes = await small(ctx, name);
    let value;
    try {
      value = (bytes.length === 0 ? [] : pemOrDer(bytes, "CERTIFICATE", parseStructure))
        .map((der) => { try { return parseCert(der); } catch (e) { return null; } })
        .filter((c) => c !== null);
    } catch (e) { value = e instanceof Error ? e : new Error(String(e)); }
    if (cache) {
      if (cache.size >= MAX_CACHED_CHAIN_FILES) cache.delete(cache.keys().next().value);
      cache.set(name, value);
    }
    if (value instanceof Error) throw value;
    return value;
  }

  // An anchor's revocation file (CRLs and OCSP responses carried in the bundle), parsed once per
  // verification; only the latest is kept (the anchors are verified grouped by it). A block that
  // does not decode is kept as its Error (the anchor is then invalid: revocation-data).
  async function revocationFile(ctx, name) {
    const held = ctx.pki ? ctx.pki.revocation : null;
    if (held && held.name === name) return held;
    const bytes = await small(ctx, name);
    const parse = (list, fn) => list.map((der) => { try { return fn(der); } catch (e) { return e instanceof Error ? e : new Error(String(e)); } });
    const value = {
      name,
      crls: parse(blocks(bytes, "X509 CRL"), E.x509.parseCRL),
      ocsps: parse(blocks(bytes, "OCSP RESPONSE"), E.x509.parseOCSP),
    };
    if (ctx.pki) ctx.pki.revocation = value;
    return value;
  }

  const timeOrNull = (ms) => (ms >= -62135596800000 && ms <= 253402300799999 ? E.receipt.formatTime(ms) : null);

  // One anchor through the PKI layer. {verdict, genTime (ms)|null, accuracyMillis, tsaSubject,
  // innerTokenHash, problem, warnings}.
  async function verifyAnchor(ctx, a, note, token, provenAt, freshFrom, carried) {
    const result = { verdict: "indeterminate", genTime: null, accuracyMillis: 0, tsaSubject: null, innerTokenHash: null,
      problem: "", warnings: [] };
    try {
      const untrusted = await chainFile(ctx, a.chain);
      const revocation = await revocationFile(ctx, a.revocation);
      const crls = revocation.crls.concat(carried ? carried.crls : [], ctx.trust.crls);
      const ocsps = revocation.ocsps.concat(carried ? carried.ocsps : [], ctx.trust.ocsps);
      const request = await small(ctx, a.request);
      try {
        const inner = E.tsp.extractToken(token);
        if (inner) result.innerTokenHash = E.sha256.hexDigest(inner);
      } catch (e) { result.innerTokenHash = null; }
      const r = await E.tsp.verifyAnchor({
        response: token, request: request.length ? request : null, imprint: E.sha256.digest(note),
        roots: ctx.trust.roots, untrusted, crls, ocsps,
        revocationPolicy: ctx.trust.revocationPolicy, algorithmPolicy: ctx.trust.algorithmPolicy, provenAt,
        freshFrom: typeof freshFrom === "number" ? freshFrom : null,
      });
      result.warnings = (r.warnings || []).map((w) => (typeof w === "string" ? w : `${w.code} at offset ${w.offset}: ${w.detail}`));
      result.genTime = typeof r.genTimeMillis === "number" ? r.genTimeMillis : null;
      result.accuracyMillis = typeof r.accuracyMillis === "number" ? r.accuracyMillis : 0;
      result.latestMillis = typeof r.latestMillis === "number" ? r.latestMillis : null;
      const first = (r.findings || []).find((f) => f.outcome === r.verdict) || (r.findings || [])[0];
      // The TSA is named by its certificate whenever its chain to a given root validated (also
      // when the anchor is then indeterminate for want of revocation data).
      result.tsaSubject = r.tsaSubject || null;
      if (r.verdict === "valid") {
        result.verdict = "valid";
        if (result.genTime === null) {
          result.verdict = "invalid";
          result.problem = "the token verified but no genTime was reported";
        }
      } else if (r.verdict === "invalid") {
        result.verdict = "invalid";
        result.problem = first ? `${first.check}: ${first.reason}` : "invalid";
      } else {
        result.problem = first ? `${first.check}: ${first.reason}` : "indeterminate";
      }
      return result;
    } catch (e) {
      return Object.assign(result, { verdict: "invalid", problem: errorText(e) });
    }
  }

  // Phase 7: receipts — a first pass counts lines and checks the proofs' log order, then each
  // receipt: JSON, canonical form, key, signature, order, chain, inclusion, selection, time;
  // then completeness and anchor coverage.
  async function checkReceipts(ctx, chain, anchorTimes) {
    // Per receipt, in time independent of the number of anchors: the anchor a token hash names
    // (the first listed), and the earliest anchor covering a leaf (treeSize > leaf index; among
    // equal genTimes the first listed) by binary search over a suffix minimum.
    const anchorByHash = new Map();
    for (const a of anchorTimes) for (const h of a.tokenHashes) if (!anchorByHash.has(h)) anchorByHash.set(h, a);
    const bySize = anchorTimes.map((a, i) => ({ a, i })).sort((x, y) => x.a.treeSize - y.a.treeSize || x.i - y.i);
    const suffixMin = new Array(bySize.length);
    for (let j = bySize.length - 1; j >= 0; j--) {
      const here = bySize[j], after = j + 1 < bySize.length ? suffixMin[j + 1] : null;
      suffixMin[j] = after === null || here.a.genTime < after.a.genTime || (here.a.genTime === after.a.genTime && here.i < after.i) ? here : after;
    }
    const coveringAnchor = (leafIndex) => {
      let lo = 0, hi = bySize.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (bySize[mid].a.treeSize > leafIndex) hi = mid; else lo = mid + 1; }
      return lo < bySize.length ? suffixMin[lo].a : null;
    };
    const { run, m, ring, archive } = ctx;
    const covering = chain.covering;
    const maxLine = E.tar.LIMITS.maxLineLength;
    const R = F().receipts, P = F().proofs;
    const receiptsSize = (archive.entry(R) || { size: 0 }).size || 1;
    const compact = F().isCompact(m.version);
    let receiptCount = 0, proofCount = 0;
    // v5: one multi-proof for every receipt and boundary receipt, folded in a first pass; only
    // a root equal to the covering checkpoint's proves the leaf indices.
    let indicesProven = false, boundary = [];
    if (compact) {
      ctx.progress(0.3, "checking the multi-proof");
      const proof = await multiProofPass(archive, covering ? covering.size : m.coveringTreeSize);
      for (const p of proof.problems) {
        // Without a verified checkpoint the tree size is the manifest's unsigned claim: a proof
        // that does not fit it is undecided, never invalid.
        if (!covering && p.againstTreeSize) run.undecided(p.check, p.object, `${p.reason} (judged against the manifest's unsigned covering_tree_size ${m.coveringTreeSize}: no checkpoint verified)`);
        else run.fail(p.check, p.object, p.reason);
      }
      if (proof.problems.some((p) => p.check === "receipt-json")) return;
      receiptCount = proofCount = proof.receiptCount;
      if (proof.root !== null) {
        if (covering) {
          if (E.jcs.bytesEqual(proof.root, covering.root)) {
            indicesProven = true;
          } else {
            run.fail("inclusion", R,
              `the receipts at the leaf indices of ${F().leaves} (and ${F().boundaryLeaves}) with the hashes of ${F().multiProof} lead to the root ${E.sha256.hex(proof.root)}, not the root ${E.sha256.hex(covering.root)} of the covering checkpoint (size ${covering.size}): ` +
              "some receipt is not the log's leaf at its stated index, or a proof hash is not the log's — one proof for all receipts cannot say which");
          }
        } else {
          run.undecided("inclusion", R, "no verified checkpoint to prove inclusion against");
        }
      }
      const failure = indicesProven ? null : "not proven in the log: the bundle's multi-proof does not verify";
      boundary = proof.boundary.map((b) => ({ receipt: b.receipt, index: b.index, inclusionFailure: failure }));
    } else {
      try {
        const r = archive.lines(R, maxLine);
        while ((await r.next()) !== null) {
          if (++receiptCount % 20000 === 0) ctx.progress(0.3 + 0.1 * Math.min(1, r.consumed / receiptsSize), `counting receipts (${receiptCount})`);
        }
      } catch (e) {
        if (!(e instanceof E.tar.LinesProblem)) throw e;
        run.fail("receipt-json", R, `not JSON lines: ${e.message}`);
        return;
      }
      try {
        const r = archive.lines(P, maxLine);
        let previous = null, line;
        while ((line = await r.next()) !== null) {
          proofCount++;
          const p = parseProof(line);
          if (!p) continue; // reported with its receipt
          if (previous !== null && p.index <= previous) {
            run.fail("order", `receipt line ${proofCount}`, `leaf index ${p.index} does not follow ${previous}: receipts are not in log order`);
          }
          previous = p.index;
        }
      } catch (e) {
        if (!(e instanceof E.tar.LinesProblem)) throw e;
        run.fail("proof", P, `not JSON lines: ${e.message}`);
        return;
      }
      if (proofCount !== receiptCount) run.fail("proof", P, `${proofCount} proofs for ${receiptCount} receipts`);
    }
    if (receiptCount !== m.receiptCount) run.fail("manifest-count", R, `${receiptCount} receipts; the manifest says ${m.receiptCount}`);
    if (receiptCount === 0) run.fail("selection", R, "the bundle holds no receipt");

    const scope = m.scope, s = run.summary, T = E.receipt.formatTime;
    const coveringPair = covering ? { size: covering.size, root: covering.root } : null;
    const receiptLines = archive.lines(R, maxLine), proofLines = archive.lines(P, maxLine);
    // v5: the leaf index of each receipt line, from leaves.jsonl (problems were reported above).
    const leafRuns = new RunsReader(archive, F().leaves);
    let runsEnded = false;
    const nextIndex = async () => {
      if (runsEnded) return null;
      let i = null;
      try { i = await leafRuns.next(); } catch (e) { if (!(e instanceof RunsProblem)) throw e; }
      runsEnded = i === null;
      return i;
    };
    const memo = new E.merkle.NodeMemo();
    const heads = new Map();
    let streamStart = null;
    let lastIndex = null, firstIndex = null, firstIssued = null, lastIssued = null, unboundReferences = 0, n = -1;
    // Two batches overlap: the next batch is read, parsed, hashed and its inclusion proofs
    // checked while the signatures of the one before are verified (WebCrypto works off the main
    // thread); then the one before is judged, in order. (Lines are subarrays of buffers the
    // reader never writes again, so they are not copied.)
    let read = 0;
    const nextBatch = async () => {
      const batch = [];
      let line;
      const indices = [];
      while (batch.length < BATCH && (line = await receiptLines.next()) !== null) {
        const proofLine = !compact && read < proofCount ? await proofLines.next() : null;
        read++;
        batch.push({ receipt: line, proof: proofLine });
        if (compact) indices.push(await nextIndex());
      }
      if (batch.length === 0) return null;
      const started = startAll(batch, ring, coveringPair, memo);
      started.indices = indices;
      return started;
    };
    let ahead = await nextBatch();
    while (ahead !== null) {
      const current = ahead;
      ahead = await nextBatch();
      const checked = await finishAll(current), indices = current.indices;
      ctx.progress(0.4 + 0.55 * Math.min(1, receiptLines.consumed / receiptsSize), `verifying receipts (${n + 1 + checked.length} of ${receiptCount})`);
      for (let k = 0; k < checked.length; k++) {
        const c = checked[k], claimedIndex = compact ? indices[k] : null;
        n++;
        const object = `receipt line ${n + 1}`;
        const receipt = judge(c, object, run);
        if (!receipt) continue;
        const d = receipt.draft;
        const name = `receipt ${d.stream}#${d.sequence} (${object})`;
        let leafIndex = 0;
        if (compact) {
          // The index is proven by the multi-proof above (indicesProven), or by nothing.
          if (claimedIndex !== null) {
            leafIndex = claimedIndex;
            if (!scope.isFiltered && lastIndex !== null && claimedIndex !== lastIndex + 1 && claimedIndex > lastIndex) {
              run.fail("completeness", name, `leaf ${claimedIndex} follows leaf ${lastIndex} in a period selection: receipts ${lastIndex + 1}…${claimedIndex - 1} are missing`);
            }
            if (firstIndex === null) firstIndex = claimedIndex;
            lastIndex = Math.max(lastIndex === null ? claimedIndex : lastIndex, claimedIndex);
          }
        } else if (c.hasProofLine) {
          const p = c.proof;
          if (p) {
            leafIndex = p.index;
            if (p.hash !== c.hashHex) {
              run.fail("proof", name, `proofs.jsonl line ${n + 1} is for another receipt`);
            } else if (lastIndex !== null && p.index <= lastIndex) {
              // Reported by the order pre-pass.
            } else if (!scope.isFiltered && lastIndex !== null && p.index !== lastIndex + 1) {
              run.fail("completeness", name, `leaf ${p.index} follows leaf ${lastIndex} in a period selection: receipts ${lastIndex + 1}…${p.index - 1} are missing`);
            } else if (covering) {
              if (p.size !== covering.size) {
                run.fail("inclusion", name, `proof against size ${p.size}, not the covering checkpoint's ${covering.size}`);
              } else if (c.inclusionFailure !== null) {
                run.fail("inclusion", name, `not in the log at leaf ${p.index} under the checkpoint of size ${p.size}: ${c.inclusionFailure}`);
              }
            } else {
              run.undecided("inclusion", name, "no verified checkpoint to prove inclusion against");
            }
            if (firstIndex === null) firstIndex = p.index;
            lastIndex = Math.max(lastIndex === null ? p.index : lastIndex, p.index);
          } else {
            run.fail("proof", name, `proofs.jsonl line ${n + 1} is malformed`);
          }
        }
        const why = mismatch(scope, d);
        if (why) run.fail("selection", name, why);
        // Every selection's receipts are in log order, and the log's time is monotone.
        if (lastIssued !== null && d.issuedAt < lastIssued) {
          run.fail("time-order", name, `issued_at ${T(d.issuedAt)} is before the previous ${scope.isFiltered ? "receipt's" : "leaf's"} ${T(lastIssued)}: the log's time is monotone`);
        }
        if (firstIssued === null) firstIssued = d.issuedAt;
        lastIssued = d.issuedAt;
        const head = heads.get(d.stream);
        if (head) {
          if (d.sequence <= head.seq) {
            run.fail("order", name, `seq ${d.sequence} after seq ${head.seq} of the same stream`);
          } else if (d.sequence === head.seq + 1) {
            if (d.previous !== head.hash) run.fail("stream-chain", name, "prev does not name the previous receipt of the stream");
          } else if (scope.holdsStreamRuns) {
            const within = scope.isFiltered ? "a selection of the stream" : "a period selection";
            run.fail("stream-chain", name, `seq ${d.sequence} follows ${head.seq} in ${within}: a receipt of the stream is missing`);
          }
        } else if (scope.holdsStreamRuns && scope.from === null && d.sequence !== 1) {
          run.fail("stream-chain", name, `the stream's first receipt is seq ${d.sequence} in a selection with no start: receipts 1…${d.sequence - 1} of the stream are missing`);
        } else if (scope.provesStreamStart && streamStart === null) {
          streamStart = { object: name, stream: d.stream, sequence: d.sequence, previous: d.previous, issuedAt: d.issuedAt,
            index: compact ? claimedIndex : (c.proof ? c.proof.index : null) };
        }
        heads.set(d.stream, { seq: d.sequence, hash: c.hashHex });

        // Time: issued_at inside the proven window, widened by each token's accuracy and the
        // clock-skew allowance (TimeBinding).
        const issued = d.issuedAt;
        // An index the multi-proof did not prove bounds no time (v5; v2–v4 as before).
        const covers = compact && !indicesProven ? null : coveringAnchor(leafIndex);
        let notBefore = null;
        if (d.anchor !== null) {
          const a = anchorByHash.has(d.anchor) ? anchorByHash.get(d.anchor) : undefined;
          if (a) {
            // The referenced token existed no earlier than its genTime minus its accuracy.
            notBefore = a.genTime - a.accuracy;
            const tolerance = Math.max(0, a.accuracy) + CLOCK_SKEW;
            if (issued < a.genTime - tolerance) {
              run.fail("receipt-time", name, `issued_at ${T(d.issuedAt)} is ${a.genTime - issued} ms before the genTime of the anchor token it references (tolerance ${tolerance} ms): backdated`);
            }
          } else {
            unboundReferences++;
          }
        }
        // Proven to exist by its first covering anchor's genTime plus that token's accuracy.
        const end = covers ? ring.validityEndPassedBy(receipt.keyID, covers.provenBy) : null;
        if (end !== null) {
          run.undecided("receipt-key", name,
            `signed by ${receipt.keyID}, which signs nothing from ${T(end)} (revoked or rotated out), but first proven to exist by ${E.receipt.describeMillis(covers.provenBy)} (its first covering anchor's genTime plus the token's accuracy): it may have been made afterwards with the key`);
        }
        if (covers) {
          const tolerance = Math.max(0, covers.accuracy) + CLOCK_SKEW;
          if (issued > covers.genTime + tolerance) {
            run.fail("receipt-time", name, `issued_at ${T(d.issuedAt)} is ${issued - covers.genTime} ms after the genTime of the first anchor covering it (tolerance ${tolerance} ms): postdated`);
          }
        }

        // Summary and the proven time window.
        s.receipts++;
        if (d.decision === "allow") s.allow++; else s.deny++;
        // Stream names are told apart by their code points, never by Unicode equivalence: NFC and
        // NFD "café" are two streams to the ledger (docs/verification.md, red team round 5).
        s.streams[d.stream] = (s.streams[d.stream] || 0) + 1;
        const issuedText = T(issued);
        if (s.first_issued_at === null || issuedText < s.first_issued_at) s.first_issued_at = issuedText;
        if (s.last_issued_at === null || issuedText > s.last_issued_at) s.last_issued_at = issuedText;
        if (!covers) s.unanchored++;
        if (s.receipts_windows.length < WINDOW_LIMIT) {
          s.receipts_windows.push({
            hash: c.hashHex, leaf_index: compact && !indicesProven ? null : leafIndex, stream: d.stream, seq: d.sequence, issued_at: issuedText,
            not_before: notBefore === null ? null : timeOrNull(notBefore),
            not_after: covers ? timeOrNull(covers.provenBy) : null,
            decision: d.decision, actor: d.actor, action: d.action, resource: d.resource,
          });
        } else {
          s.receipts_windows_omitted++;
        }
      }
    }
    if (unboundReferences > 0) {
      run.undecided("receipt-time", `${unboundReferences} of ${s.receipts} receipts`,
        "reference an anchor token that is not a verified anchor of this bundle: their earliest time is not proven");
    }
    if (!compact) {
      boundary = await perReceiptBoundary(ctx, covering);
      if (boundary === null) return;
    }
    if (scope.isFiltered) await checkStreamStart(ctx, scope, boundary, streamStart);
    await checkCompleteness(ctx, scope, compact && !indicesProven ? null : covering, boundary, { index: firstIndex, issued: firstIssued }, { index: lastIndex, issued: lastIssued });
    if (s.unanchored > 0) {
      run.undecided("anchor-coverage", `${s.unanchored} of ${s.receipts} receipts`,
        "not covered by a verified anchor on the checkpoint chain: their time is not proven");
    }
  }

  // One stream's selection with a stated start whose first receipt is seq N > 1 carries receipt
  // N−1: the one the first's signed prev names, proven in the log, issued before `from`. Seqs
  // follow log order and the log's time is monotone, so no receipt of the stream issued from
  // `from` on is withheld before the first. Without it: undecided. Any other filtered selection
  // carries no boundary receipt.
  async function checkStreamStart(ctx, scope, boundary, first) {
    const { run, ring } = ctx;
    const BR = F().boundaryReceipts, T = E.receipt.formatTime;
    const wanted = scope.provesStreamStart && first !== null && first.sequence > 1 ? first : null;
    let before = null;
    const checked = await checkAll(boundary.map((b) => ({ receipt: b.receipt, proof: null })), ring, null);
    checked.forEach((c, k) => {
      const object = `${BR} line ${k + 1}`;
      const r = judge(c, object, run);
      if (!r) return;
      if (wanted === null || before !== null) {
        run.fail("stream-chain", object, scope.provesStreamStart
          ? "the selection's first receipt is seq 1 or already has its predecessor: no other boundary receipt belongs here"
          : "a selection with a stream, decision or action filter carries no boundary receipt unless it is one stream's with a stated start");
        return;
      }
      const b = boundary[k];
      if (b.index === null || b.inclusionFailure !== null) {
        run.fail("stream-chain", object, `no valid inclusion proof against the covering checkpoint: ${b.inclusionFailure === null ? "no leaf index" : b.inclusionFailure}`);
        return;
      }
      if (c.hashHex !== wanted.previous) {
        run.fail("stream-chain", object, `not the receipt that ${wanted.object}'s prev names: the stream's receipt seq ${wanted.sequence - 1} is missing`);
        return;
      }
      before = { receipt: r, index: b.index };
    });
    if (wanted === null) return;
    if (before === null) {
      run.undecided("stream-chain", wanted.object,
        `the stream's receipt seq ${wanted.sequence - 1} (the one its prev names) is not in the bundle: ` +
        `no receipt of the stream issued from ${T(scope.from)} and withheld before seq ${wanted.sequence} is ruled out (export it again with this version)`);
      return;
    }
    const d = before.receipt.draft;
    const object = `receipt ${d.stream}#${d.sequence} (${BR})`;
    if (d.stream !== wanted.stream || d.sequence + 1 !== wanted.sequence) {
      run.fail("stream-chain", object, `${wanted.object}'s prev names it, but it is not seq ${wanted.sequence - 1} of stream ${wanted.stream}`);
    }
    if (d.issuedAt >= scope.from) {
      run.fail("stream-chain", object, `issued at ${T(d.issuedAt)}, inside the selection (from ${T(scope.from)}): it is missing from the selection`);
    }
    if (d.issuedAt > wanted.issuedAt) {
      run.fail("time-order", object, `issued after the next receipt of its stream (${wanted.object}, ${T(wanted.issuedAt)}): the log's time is monotone`);
    }
    if (wanted.index !== null && before.index >= wanted.index) {
      run.fail("order", object, `at leaf ${before.index}, not before the stream's next receipt at leaf ${wanted.index}: seqs follow log order`);
    }
  }

  // A period selection (no filter) claims every receipt of the log issued in [from, to) up to
  // the covering checkpoint: proven by one run of leaves plus its neighbours.
  // v2–v4: the boundary receipts with their own inclusion proofs (boundary/proofs.jsonl), as
  // { receipt, index, inclusionFailure } (null: proven); null when the files are malformed.
  async function perReceiptBoundary(ctx, covering) {
    const { run, archive, ring } = ctx;
    const BR = F().boundaryReceipts, BP = F().boundaryProofs;
    const maxLine = E.tar.LIMITS.maxLineLength;
    const lines = [];
    try {
      const r = archive.lines(BR, maxLine), p = archive.lines(BP, maxLine);
      let line;
      while ((line = await r.next()) !== null) {
        if (lines.length >= 2) {
          run.fail("completeness", BR, "more than two boundary receipts");
          return null;
        }
        const pl = await p.next();
        lines.push({ receipt: line.slice(), proof: pl === null ? null : pl.slice() });
      }
      if ((await p.next()) !== null) run.fail("completeness", BP, "more proofs than boundary receipts");
    } catch (e) {
      if (!(e instanceof E.tar.LinesProblem)) throw e;
      run.fail("completeness", BR, `not JSON lines: ${e.message}`);
      return null;
    }
    const checked = await checkAll(lines, ring, covering ? { size: covering.size, root: covering.root } : null);
    return lines.map((l, k) => {
      const c = checked[k], p = c.proof;
      if (!(covering && p && p.hash === c.hashHex && p.size === covering.size && c.inclusionFailure === null)) {
        return { receipt: l.receipt, index: p ? p.index : null,
          inclusionFailure: c.inclusionFailure === null ? "proof line missing, malformed or for another receipt" : c.inclusionFailure };
      }
      return { receipt: l.receipt, index: p.index, inclusionFailure: null };
    });
  }

  async function checkCompleteness(ctx, scope, covering, boundary, first, last) {
    const { run, ring } = ctx;
    const BR = F().boundaryReceipts, T = E.receipt.formatTime;
    const s = run.summary;
    if (scope.isFiltered) {
      s.completeness = "not-claimed";
      return;
    }
    if (!covering || first.index === null || last.index === null || first.issued === null || last.issued === null) {
      s.completeness = "not-proven";
      return;
    }
    const firstIndex = first.index, lastIndex = last.index;
    let before = null, after = null;
    const checked = await checkAll(boundary.map((b) => ({ receipt: b.receipt, proof: null })), ring, null);
    checked.forEach((c, k) => {
      const object = `${BR} line ${k + 1}`;
      const r = judge(c, object, run);
      if (!r) return;
      const b = boundary[k];
      if (b.index === null || b.inclusionFailure !== null) {
        run.fail("completeness", object, `no valid inclusion proof against the covering checkpoint: ${b.inclusionFailure === null ? "no leaf index" : b.inclusionFailure}`);
        return;
      }
      if (firstIndex > 0 && b.index === firstIndex - 1) {
        before = r;
      } else if (b.index === lastIndex + 1) {
        after = r;
      } else {
        run.fail("completeness", object, `leaf ${b.index} is not a neighbour of the selection (leaves ${firstIndex}…${lastIndex})`);
      }
    });
    let proven = true;
    if (firstIndex > 0) {
      if (before) {
        if (before.draft.issuedAt > first.issued) {
          run.fail("time-order", `leaf ${firstIndex - 1}`, "the receipt before the selection is issued after its first receipt: the log's time is monotone");
        }
        if (scope.from !== null && before.draft.issuedAt >= scope.from) {
          run.fail("completeness", `leaf ${firstIndex - 1}`, `the receipt before the selection is issued at ${T(before.draft.issuedAt)}, inside the period (from ${T(scope.from)}): it is missing from the selection`);
        }
        if (scope.from === null) {
          run.fail("completeness", `leaf ${firstIndex - 1}`, `the selection claims the log from its start but begins at leaf ${firstIndex}`);
        }
      } else if (scope.from === null) {
        run.fail("completeness", F().receipts, `the selection claims the log from its start but begins at leaf ${firstIndex}`);
      } else {
        proven = false;
        run.undecided("completeness", BR, `the receipt just before the selection (leaf ${firstIndex - 1}) is not in the bundle: no receipt issued in the period before leaf ${firstIndex} is ruled out`);
      }
    }
    if (lastIndex + 1 < covering.size) {
      if (after) {
        if (after.draft.issuedAt < last.issued) {
          run.fail("time-order", `leaf ${lastIndex + 1}`, "the receipt after the selection is issued before its last receipt: the log's time is monotone");
        }
        if (scope.to !== null && after.draft.issuedAt < scope.to) {
          run.fail("completeness", `leaf ${lastIndex + 1}`, `the receipt after the selection is issued at ${T(after.draft.issuedAt)}, inside the period (to ${T(scope.to)}): it is missing from the selection`);
        }
        if (scope.to === null) {
          run.fail("completeness", `leaf ${lastIndex + 1}`, `the selection claims the log up to the checkpoint of size ${covering.size} but ends at leaf ${lastIndex}`);
        }
      } else if (scope.to === null) {
        run.fail("completeness", F().receipts, `the selection claims the log up to the checkpoint of size ${covering.size} but ends at leaf ${lastIndex}: the log is truncated`);
      } else {
        proven = false;
        run.undecided("completeness", BR, `the receipt just after the selection (leaf ${lastIndex + 1}) is not in the bundle: no receipt issued in the period after leaf ${lastIndex} is ruled out`);
      }
    } else if (scope.to !== null) {
      proven = false;
      run.undecided("completeness", F().receipts,
        `the period ends at ${T(scope.to)} but the covering checkpoint (size ${covering.size}) ends with the selection: receipts issued before ${T(scope.to)} ` +
        `and appended after that checkpoint are not ruled out (export again once a newer checkpoint covers a receipt issued at or after ${T(scope.to)})`);
    }
    s.leaves = [firstIndex, lastIndex];
    s.completeness = proven && !run.unprovenCheckpoints.has(covering.size) ? "proven" : "not-proven";
  }

  E.bundle = { verify, notABundle, parseManifest, IMPLEMENTATION, VERSION };
})(globalThis.Evident = globalThis.Evident || {});
