#!/usr/bin/env node
"use strict";
// Developer tool (node ≥ 20; not part of the browser verifier): runs the browser verifier's
// E.bundle.verify on every case of testdata/conformance/manifest.tsv with exactly the options its
// row names (as Tests/EvidentCLITests/ConformanceTests.swift does; the older
// testdata/forgeries/expected.tsv with ForgeryTests.swift's default trust inputs if that is what
// the tree holds), and compares its verdict and first finding's check with the expected
// columns and with `evident verify … --json` (the Swift verifier). For valid cases it also compares
// the summary members (receipts, completeness, unanchored, anchors' gen_time/tsa/verdict,
// first/last issued_at, …). Before that it checks the bundle layer's own vectors: SHA-256,
// testdata/jcs, testdata/merkle.
//
//   node Sources/verifier-web/dev/bundle-diff.js [--evident PATH] [--tsp-stub FILE] [--case NAME] [--all] [--unit-only] [-v]
//
// --mutate N [--seed S]: a differential fuzz run instead of the suite — N bundles made from the
// genuine ones by one mutation each (a line deleted, swapped, duplicated or edited, a manifest
// field changed, an entry removed or added, a byte flipped; the manifest's digests recomputed
// unless the mutation is of the archive itself), each verified by both verifiers; the sources are
// the genuine bundles and, when present, the evidence-record corpus's ers/renewed.evb (v4).
//
// --all: both verifiers run every check (`verify --all`); the whole list of findings (check and
// outcome, in order) must agree, not only the first.
// --evident: the Swift CLI to compare with (default: a copy of .build/debug/evident made in a
// temporary directory, so a rebuild under way does not change it mid-run). Exit status 0 when
// everything agrees, 1 otherwise.
const fs = require("fs"), path = require("path"), vm = require("vm"), cp = require("child_process"), os = require("os");

const WEB = path.resolve(__dirname, "..");
const ROOT = path.resolve(WEB, "../..");
const TESTDATA = path.join(ROOT, "testdata");
// The conformance corpus (testdata/conformance/manifest.tsv: every case names all its options);
// the older forgery suite (testdata/forgeries/expected.tsv, default trust inputs added as
// ForgeryTests.swift did) when that is what the tree holds.
const CONFORMANCE = fs.existsSync(path.join(TESTDATA, "conformance/manifest.tsv"));
const FORGERIES = path.join(TESTDATA, CONFORMANCE ? "conformance" : "forgeries");
const FILE_OPTIONS = new Set(["--tsa-roots", "--ledger-key", "--crl", "--ocsp", "--algorithm-policy", "--policy"]);

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const flag = (name) => args.includes(name);
const verbose = flag("-v");

// The modules, in dependency order (each refers to the others only at call time). The PKI layer
// (der, x509, cms, tsp, algorithms) comes from its own files; --tsp-stub replaces tsp.js.
const ORDER = ["sha256.js", "jcs.js", "der.js", "x509.js", "cms.js", "algorithms.js", "tsp.js", "ers.js", "merkle.js", "note.js",
  "keys.js", "receipt.js", "policy.js", "tar.js", "bundle.js"];
const stub = opt("--tsp-stub");
if (stub) globalThis.require = require; // a node-only stub may shell out
for (const f of ORDER) {
  const file = f === "tsp.js" && stub ? path.resolve(stub) : path.join(WEB, f);
  if (!fs.existsSync(file)) { console.error(`missing ${file}`); continue; }
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
}
const E = globalThis.Evident;

let disagreements = 0;
function report(ok, line) {
  if (!ok) disagreements++;
  console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
}

// ---- Unit vectors of the bundle layer
function unit() {
  const st = E.sha256.selfTest();
  report(st.length === 0, `sha256 FIPS vectors${st.length ? ": " + st.join(", ") : ""}`);
  const J = E.jcs, T = path.join(TESTDATA, "jcs");
  let n = 0, bad = [];
  for (const d of ["cyberphone", "gowebpki-jcs"]) {
    for (const f of fs.readdirSync(path.join(T, d, "input"))) {
      n++;
      const out = J.canonicalize(new Uint8Array(fs.readFileSync(path.join(T, d, "input", f))));
      if (!J.bytesEqual(out, new Uint8Array(fs.readFileSync(path.join(T, d, "output", f))))) bad.push(`${d}/${f}`);
    }
  }
  for (const line of fs.readFileSync(path.join(T, "rfc8785-appendix/appendix_b.csv"), "utf8").trim().split("\n").slice(1)) {
    const [h, s] = line.split(",");
    n++;
    const x = Buffer.from(h, "hex").readDoubleBE(0);
    const got = J.numberString(x);
    if (Number.isFinite(x) ? got !== s : got !== null) bad.push(`number ${h}`);
  }
  const refused = ['{"a":1,"a":2}', "[1,]", "01", '"\\ud800"', "1e400", "1e-400", '{"a":1} x', "\ufeff1", '"\u0001"',
    "[1 /*c*/]", "NaN", "-", "1.", "1e", '"\\x"', "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"];
  for (const s of refused) {
    n++;
    try { J.parse(new TextEncoder().encode(s)); bad.push(`accepted ${JSON.stringify(s)}`); } catch (e) { if (!(e instanceof J.JCSError)) bad.push(`${s}: ${e}`); }
  }
  report(bad.length === 0, `jcs: ${n} vectors (testdata/jcs, RFC 8785 appendix B, refusals)${bad.length ? ": " + bad.join(", ") : ""}`);

  const M = E.merkle, MT = path.join(TESTDATA, "merkle/transparency-dev-merkle");
  // As Tests/EvidentLedgerTests/MerkleVectorTests.swift: 12-byte roots are not Merkle hashes here.
  const exempt = new Set(["consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"]);
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const b64 = (s) => (s === null || s === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(s, "base64")));
  n = 0; bad = [];
  for (const kind of ["inclusion", "consistency"]) {
    for (const f of walk(path.join(MT, kind))) {
      const rel = path.relative(MT, f);
      if (exempt.has(rel)) continue;
      const v = JSON.parse(fs.readFileSync(f, "utf8"));
      n++;
      let err = false;
      try {
        if (kind === "inclusion") M.verifyInclusion(v.leafIdx, v.treeSize, (v.proof || []).map(b64), b64(v.leafHash), b64(v.root));
        else M.verifyConsistency(v.size1, v.size2, (v.proof || []).map(b64), b64(v.root1), b64(v.root2));
      } catch (e) { err = true; }
      if (err !== v.wantErr) bad.push(rel);
    }
  }
  report(bad.length === 0, `merkle: ${n} transparency-dev vectors${bad.length ? ": " + bad.join(", ") : ""}`);
}

// ---- The corpus
function cases() {
  const lines = fs.readFileSync(path.join(FORGERIES, CONFORMANCE ? "manifest.tsv" : "expected.tsv"), "utf8").split("\n").slice(1).filter((l) => l.length);
  return lines.map((l) => {
    const f = l.split("\t");
    if (CONFORMANCE) {
      return { name: f[0], kind: f[1], bundle: f[2], options: f[3].split(" ").filter((x) => x.length), status: Number(f[4]), check: f[5],
        warnings: f[6] === "-" ? [] : f[6].split(",").sort(), what: f[7] };
    }
    const defaults = ["--tsa-roots", "root.pem", "--ledger-key", "old-key.pub.json", "--ledger-key", "ledger-key.pub.json"];
    return { name: f[0], bundle: f[1], options: defaults.concat(f[2].split(" ").filter((x) => x.length)), status: Number(f[3]), check: f[4], what: f[5] };
  });
}

function fileInput(p) { return { name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) }; }

function jsInput(c) {
  const input = {
    bundle: new (require("buffer").Blob)([fs.readFileSync(path.join(FORGERIES, c.bundle))]),
    tsaRoots: [], ledgerKeys: [], crls: [], ocsps: [], algorithmPolicy: null, revocationPolicy: "require", all: flag("--all"),
  };
  Object.defineProperty(input.bundle, "name", { value: path.basename(c.bundle) });
  for (let i = 0; i < c.options.length; i++) {
    const o = c.options[i];
    const v = () => c.options[++i];
    if (o === "--tsa-roots") input.tsaRoots.push(fileInput(path.join(FORGERIES, v())));
    else if (o === "--ledger-key") input.ledgerKeys.push(fileInput(path.join(FORGERIES, v())));
    else if (o === "--crl") input.crls.push(fileInput(path.join(FORGERIES, v())));
    else if (o === "--ocsp") input.ocsps.push(fileInput(path.join(FORGERIES, v())));
    else if (o === "--algorithm-policy") input.algorithmPolicy = fileInput(path.join(FORGERIES, v()));
    else if (o === "--policy") input.witnessPolicy = fileInput(path.join(FORGERIES, v()));
    else if (o === "--revocation-policy") input.revocationPolicy = v();
    else if (o === "--all") input.all = true;
    else throw new Error(`${c.name}: option ${o} is not one the browser verifier takes`);
  }
  return input;
}

function swift(evident, c) {
  const a = ["verify", path.join(FORGERIES, c.bundle)];
  let previous = "";
  for (const w of c.options) {
    a.push(FILE_OPTIONS.has(previous) ? path.join(FORGERIES, w) : w);
    previous = w;
  }
  a.push("--json");
  if (flag("--all")) a.push("--all");
  const r = cp.spawnSync(evident, a, { encoding: "utf8", maxBuffer: 1 << 28 });
  let report = null;
  try { report = JSON.parse(r.stdout); } catch (e) { report = null; }
  return { status: r.status, report, stderr: r.stderr };
}

const statusOf = (verdict) => ({ valid: 0, invalid: 1, indeterminate: 3 })[verdict];

// Summary members compared on valid bundles.
function summaryDiffs(js, sw) {
  const out = [];
  const canon = (v) => E.jcs.serialize(v === undefined ? null : JSON.parse(JSON.stringify(v)));
  const same = (k, a, b) => { if (canon(a) !== canon(b)) out.push(`${k}: js ${JSON.stringify(a)} swift ${JSON.stringify(b)}`); };
  for (const k of ["origin", "receipts", "allow", "deny", "completeness", "unanchored", "first_issued_at", "last_issued_at",
    "checkpoints", "leaves", "revocation_policy", "algorithm_policy", "selection_claimed", "receipts_windows_omitted", "findings_omitted"]) {
    same(k, js[k], sw[k]);
  }
  same("streams", Object.keys(js.streams).sort().map((k) => [k, js.streams[k]]), Object.keys(sw.streams).sort().map((k) => [k, sw.streams[k]]));
  // evidence_records (v4): only anchors with records have the key, on both sides.
  same("anchors", js.anchors.map((a) => [a.tree_size, a.gen_time, a.tsa, a.tsa_claimed, a.verdict, a.evidence_records]),
    sw.anchors.map((a) => [a.tree_size, a.gen_time, a.tsa, a.tsa_claimed, a.verdict, a.evidence_records]));
  same("receipts_windows", js.receipts_windows.map((w) => [w.leaf_index, w.stream, w.seq, w.hash, w.issued_at, w.not_before, w.not_after]),
    sw.receipts_windows.map((w) => [w.leaf_index, w.stream, w.seq, w.hash, w.issued_at, w.not_before, w.not_after]));
  return out;
}

async function suite(evident) {
  const only = opt("--case");
  let total = 0, agreeExpected = 0, agreeSwift = 0, summaryCompared = 0, summaryAgree = 0;
  for (const c of cases()) {
    if (only && c.name !== only) continue;
    total++;
    let js;
    const t0 = Date.now();
    try {
      const r = await E.bundle.verify(jsInput(c));
      js = { status: statusOf(r.verdict), check: r.findings.length ? r.findings[0].check : "-", report: r };
    } catch (e) {
      js = e && e.badInput ? { status: 2, check: "-", message: e.message } : { status: -1, check: "-", message: e && e.stack || String(e) };
    }
    const ms = Date.now() - t0;
    const sw = swift(evident, c);
    const swCheck = sw.report && sw.report.findings && sw.report.findings.length ? sw.report.findings[0].check : "-";
    const warningCodes = (r) => [...new Set(r.summary.anchors.flatMap((a) => a.warnings.map((w) => String(w).split(" ")[0])))].sort();
    let okExpected = js.status === c.status && js.check === c.check;
    if (c.warnings && js.report && warningCodes(js.report).join(",") !== c.warnings.join(",")) {
      okExpected = false;
      console.log(`       warnings: js ${warningCodes(js.report).join(",") || "-"}, expected ${c.warnings.join(",") || "-"}`);
    }
    let okSwift = js.status === sw.status && js.check === swCheck;
    if (flag("--all") && js.report && sw.report) {
      const list = (r) => r.findings.map((f) => `${f.check}/${f.outcome}`).join(" ");
      if (list(js.report) !== list(sw.report)) {
        okSwift = false;
        console.log(`       all findings differ:\n         js    ${list(js.report)}\n         swift ${list(sw.report)}`);
      }
    }
    if (okExpected) agreeExpected++;
    if (okSwift) agreeSwift++;
    let notes = "";
    if (js.report && sw.report) {
      summaryCompared++;
      const d = summaryDiffs(js.report.summary, sw.report.summary);
      if (d.length === 0) summaryAgree++;
      else notes = "\n       summary: " + d.join("\n       summary: ");
    }
    const detail = `${c.name}: js ${js.status}/${js.check}, expected ${c.status}/${c.check}, swift ${sw.status}/${swCheck} (${ms} ms)`;
    report(okExpected && okSwift && notes === "", detail + notes);
    if ((verbose || !(okExpected && okSwift)) && js.report) {
      for (const f of js.report.findings.slice(0, 3)) console.log(`       js: ${f.check} ${f.outcome} ${f.object}: ${f.reason}`);
    }
    if ((verbose || !(okExpected && okSwift)) && sw.report) {
      for (const f of sw.report.findings.slice(0, 3)) console.log(`       swift: ${f.check} ${f.outcome} ${f.object}: ${f.reason}`);
    }
    if (js.message && (verbose || js.status !== c.status)) console.log(`       js error: ${js.message}`);
    if (sw.status === 2 && verbose) console.log(`       swift stderr: ${sw.stderr.trim()}`);
  }
  console.log(`\n${CONFORMANCE ? "conformance corpus (testdata/conformance/manifest.tsv)" : "forgery suite (testdata/forgeries/expected.tsv)"}: ${total} cases; verdict and first check agree with the expected columns on ${agreeExpected}, ` +
    `with \`evident verify --json\` on ${agreeSwift}; summaries agree on ${summaryAgree} of ${summaryCompared} cases with a report`);
}

// ---- Differential fuzzing by mutation of the genuine bundles.
function tarHeader(name, size) {
  const h = new Uint8Array(512);
  const put = (str, at) => { for (let i = 0; i < str.length; i++) h[at + i] = str.charCodeAt(i); };
  const octal = (v, width) => v.toString(8).padStart(width - 1, "0");
  put(name, 0); put(octal(0o644, 8), 100); put(octal(0, 8), 108); put(octal(0, 8), 116);
  put(octal(size, 12), 124); put(octal(0, 12), 136); put("        ", 148); h[156] = 0x30; put("ustar\0", 257); put("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}
function tarWrite(entries) {
  const parts = [];
  for (const [name, bytes] of entries) {
    parts.push(tarHeader(name, bytes.length), bytes, new Uint8Array((512 - (bytes.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

async function mutate(evident, count, seed) {
  const rand = rng(seed), pick = (a) => a[Math.floor(rand() * a.length)];
  const genuine = [["genuine-full.evb", ["--crl", "crl.pem"]], ["genuine-period.evb", ["--crl", "crl.pem"]],
    ["genuine-filtered.evb", ["--crl", "crl.pem"]], ["genuine-ltv.evb", []]];
  const sources = [];
  // The evidence-record corpus's genuine v4 bundle too (its own trust inputs), when present.
  if (fs.existsSync(path.join(FORGERIES, "ers/renewed.evb"))) {
    genuine.push(["ers/renewed.evb", null]);
  }
  for (const [file, extra] of genuine) {
    const options = extra === null
      ? ["--tsa-roots", "ers/roots.pem", "--ledger-key", "ers/ledger-key.pub.json", "--crl", "ers/crl-e1.pem", "--crl", "ers/crl-e2.pem"]
      : ["--tsa-roots", "root.pem", "--ledger-key", "old-key.pub.json", "--ledger-key", "ledger-key.pub.json"].concat(extra);
    const blob = new (require("buffer").Blob)([fs.readFileSync(path.join(FORGERIES, file))]);
    const archive = await E.tar.open(blob);
    const entries = [];
    for (const e of archive.entries) entries.push([e.name, await archive.bytes(e.name)]);
    sources.push({ file, options, entries });
  }
  const enc = new TextEncoder(), dec = new TextDecoder();
  const lines = (b) => dec.decode(b).split("\n").slice(0, -1);
  const joinLines = (ls) => enc.encode(ls.map((l) => l + "\n").join(""));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-mutate-"));
  let agree = 0, total = 0;
  const tally = new Map();
  for (let k = 0; k < count; k++) {
    const src = pick(sources);
    let entries = src.entries.map(([n, b]) => [n, b.slice()]);
    const get = (n) => entries.find((e) => e[0] === n);
    const manifest = JSON.parse(dec.decode(get("manifest.json")[1]));
    let fixDigests = true, rawFlip = false, what = "";
    const jsonl = entries.filter(([n]) => n.endsWith(".jsonl") && n !== "manifest.json" && lines(get(n)[1]).length > 0).map(([n]) => n);
    const kind = pick(["delete-line", "swap-lines", "dup-line", "edit-line", "manifest", "drop-entry", "add-entry", "flip-byte", "raw-flip", "trailing"]);
    if (["delete-line", "swap-lines", "dup-line", "edit-line"].includes(kind) && jsonl.length) {
      const n = pick(jsonl), e = get(n), ls = lines(e[1]);
      const i = Math.floor(rand() * ls.length), j = Math.floor(rand() * ls.length);
      if (kind === "delete-line") ls.splice(i, 1);
      else if (kind === "swap-lines") [ls[i], ls[j]] = [ls[j], ls[i]];
      else if (kind === "dup-line") ls.splice(i, 0, ls[i]);
      else {
        const o = JSON.parse(ls[i]);
        const keys = Object.keys(o);
        const key = pick(keys);
        const v = o[key];
        o[key] = typeof v === "number" ? pick([v + 1, v - 1, 0, -1, 1.5, 9007199254740993]) :
          typeof v === "string" ? pick([v + "x", "", v.toUpperCase(), "2026-12-01T15:34:42.000Z", null]) :
            v === null ? pick(["00".repeat(32), 1]) : Array.isArray(v) ? pick([[], v.slice(1), v.concat(v.slice(0, 1))]) : pick([{}, null]);
        if (rand() < 0.2) delete o[key];
        // Most lines are canonical JSON; keep them so (sorted keys, no spaces) half of the time.
        ls[i] = rand() < 0.5 ? E.jcs.serialize(JSON.parse(JSON.stringify(o))) : JSON.stringify(o);
        what = ` ${key}`;
      }
      e[1] = joinLines(ls);
      what = `${kind} ${n}:${i}${what}`;
    } else if (kind === "manifest") {
      const edits = [
        () => { manifest.covering_tree_size += pick([-1, 1, 2]); return "covering_tree_size"; },
        () => { manifest.counts.receipts += pick([-1, 1]); return "counts.receipts"; },
        () => { manifest.scope.from = pick([null, "2026-12-01T15:34:42.000Z", "2026-12-01T15:34:42.894Z", "2030-01-01T00:00:00.000Z"]); return "scope.from"; },
        () => { manifest.scope.to = pick([null, "2026-12-01T15:34:42.000Z", "2026-12-01T15:34:44.208Z", "2030-01-01T00:00:00.000Z"]); return "scope.to"; },
        () => { manifest.scope.stream = pick([null, "agent-7", "deploy"]); return "scope.stream"; },
        () => { manifest.scope.decision = pick([null, "allow", "deny"]); return "scope.decision"; },
        () => { manifest.checkpoints.splice(Math.floor(rand() * manifest.checkpoints.length), 1); return "checkpoints-1"; },
        () => { manifest.checkpoints.reverse(); return "checkpoints-reversed"; },
        () => { manifest.anchors.splice(Math.floor(rand() * manifest.anchors.length), 1); return "anchors-1"; },
        () => { const a = pick(manifest.anchors); if (a) a.tree_size = pick([1, 4, 8, 10, 12]); return "anchor.tree_size"; },
        () => { const a = pick(manifest.anchors), b = pick(manifest.anchors); if (a && b) [a.token, b.token] = [b.token, a.token]; return "anchors-swapped-tokens"; },
        () => { const a = pick(manifest.anchors), b = pick(manifest.anchors); if (a && b) [a.revocation, b.revocation] = [b.revocation, a.revocation]; return "anchors-swapped-revocation"; },
        () => { manifest.origin = pick(["evident.test/other", "with space", ""]); return "origin"; },
        () => { manifest.version = pick([1, 3, "2"]); return "version"; },
        () => { delete manifest[pick(Object.keys(manifest))]; return "member-deleted"; },
      ];
      what = `manifest ${pick(edits)()}`;
    } else if (kind === "drop-entry") {
      const n = pick(entries.filter(([x]) => x !== "manifest.json").map(([x]) => x));
      entries = entries.filter(([x]) => x !== n);
      if (rand() < 0.5) { delete manifest.files[n]; what = `drop ${n} (unlisted)`; } else what = `drop ${n}`;
    } else if (kind === "add-entry") {
      const n = pick(["keys/1.pub.json", "extra.txt", "checkpoints/99.note", "anchors/4-2.tsr", "boundary/receipts.jsonl"]);
      if (!get(n)) entries.push([n, n === "keys/1.pub.json" ? fs.readFileSync(path.join(FORGERIES, "ledger-key.pub.json")) : enc.encode("x\n")]);
      what = `add ${n}`;
    } else if (kind === "flip-byte") {
      const e = pick(entries.filter(([x]) => x !== "manifest.json"));
      if (e[1].length) { const i = Math.floor(rand() * e[1].length); e[1][i] ^= 1 << Math.floor(rand() * 8); what = `flip ${e[0]}@${i}`; }
    } else if (kind === "raw-flip") {
      rawFlip = true; fixDigests = false;
    } else {
      fixDigests = true; what = "trailing";
    }
    if (fixDigests) {
      for (const [n, b] of entries) if (n !== "manifest.json" && manifest.files && Object.prototype.hasOwnProperty.call(manifest.files, n)) manifest.files[n] = E.sha256.hexDigest(b);
      get("manifest.json")[1] = enc.encode(E.jcs.serialize(JSON.parse(JSON.stringify(manifest))));
    }
    entries = [get("manifest.json")].concat(entries.filter(([n]) => n !== "manifest.json"));
    let bytes = tarWrite(entries);
    if (rawFlip) { const i = Math.floor(rand() * bytes.length); bytes[i] ^= 1 << Math.floor(rand() * 8); what = `raw flip @${i}`; }
    if (what === "trailing") { bytes = Buffer.concat([bytes, Buffer.from(pick(["\0".repeat(512), "x", "\0".repeat(100)]))]); }
    const file = path.join(dir, `m${k}.evb`);
    fs.writeFileSync(file, bytes);
    const c = { name: `m${k}`, bundle: file, options: src.options, status: null, check: null };
    const input = jsInput(Object.assign({}, c, { bundle: path.relative(FORGERIES, file) }));
    let js;
    try {
      const r = await E.bundle.verify(input);
      js = { status: statusOf(r.verdict), list: r.findings.map((f) => `${f.check}/${f.outcome}`) };
    } catch (e) {
      js = e && e.badInput ? { status: 2, list: [] } : { status: -1, list: [String(e && e.stack || e)] };
    }
    const sw = swift(evident, Object.assign({}, c, { bundle: path.relative(FORGERIES, file) }));
    const swList = sw.report ? sw.report.findings.map((f) => `${f.check}/${f.outcome}`) : [];
    const ok = js.status === sw.status && (flag("--all") ? js.list.join(" ") === swList.join(" ") : (js.list[0] || "-") === (swList[0] || "-"));
    total++;
    const key = `${sw.status}/${swList[0] || "-"}`;
    tally.set(key, (tally.get(key) || 0) + 1);
    if (ok) { agree++; fs.unlinkSync(file); } else {
      disagreements++;
      console.log(`FAIL m${k} (${src.file}: ${what}): js ${js.status} ${js.list.slice(0, 3).join(" ")} | swift ${sw.status} ${swList.slice(0, 3).join(" ")} ${sw.status === 2 ? sw.stderr.trim() : ""}  [kept ${file}]`);
      if (verbose && sw.report) for (const f of sw.report.findings.slice(0, 2)) console.log(`       swift: ${f.check} ${f.object}: ${f.reason}`);
    }
  }
  if (agree === total) fs.rmSync(dir, { recursive: true, force: true });
  console.log(`mutations: ${total}, agreeing ${agree}; outcomes (swift): ${[...tally].sort().map(([k, v]) => `${k} ×${v}`).join(", ")}`);
}

(async () => {
  if (opt("--mutate")) {
    let evident = opt("--evident") || path.join(ROOT, ".build/debug/evident");
    await mutate(evident, Number(opt("--mutate")), Number(opt("--seed") || 1));
    console.log(disagreements === 0 ? "no disagreements" : `${disagreements} disagreement(s)`);
    process.exit(disagreements === 0 ? 0 : 1);
  }
  unit();
  if (!flag("--unit-only")) {
    let evident = opt("--evident");
    if (!evident) {
      const built = path.join(ROOT, ".build/debug/evident");
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bundle-diff-"));
      evident = path.join(dir, "evident");
      fs.copyFileSync(built, evident);
      fs.chmodSync(evident, 0o755);
      process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    await suite(evident);
  }
  console.log(disagreements === 0 ? "no disagreements" : `${disagreements} disagreement(s)`);
  process.exit(disagreements === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
