#!/usr/bin/env node
"use strict";
// Developer tool (node ≥ 20; not part of the browser verifier): the long-term rules of anchors
// (issue #18, RFC 4998), in node, against `evident verify --json`.
//
// 1. TSA certificate expiry (EvidenceTokenCheck): an anchor whose TSA certificate expired before
//    the time the token is proven to exist (now, for this page) is indeterminate. For each genuine
//    case of testdata/conformance it verifies the bundle one second before and one second after
//    each of its TSA certificates' expiry, and a year after: the CLI under faketime(1) (frozen
//    clock), E.bundle.verify with Date.now set to the same time; with an algorithm policy without end dates (else the
//    built-in P-256 end, 2035-12-31, comes first). Verdict and every finding (check, outcome, in
//    order) must agree.
// 2. Evidence records in bundles (format v4), page against CLI: a genuine bundle rewritten as v4
//    with records listed — none, not RFC 4998 records, a record for other data (testdata/ers),
//    a record naming an unlisted anchor, one listed twice, a record's digest differing, a record
//    file unlisted or in a v3 bundle, a malformed evidence_records member: verdict, findings
//    (check, outcome, object, in order) and each anchor's evidence_records must agree. Valid
//    records made by `evident renew` are compared by dev/bundle-diff.js on the corpus's v4 cases.
//
//   node Sources/verifier-web/dev/longterm-diff.js [--evident PATH] [--v4 DIR] [-v]
// Exit status 0 when everything agrees, 1 otherwise.
const fs = require("fs"), path = require("path"), vm = require("vm"), cp = require("child_process"), os = require("os");

const WEB = path.resolve(__dirname, "..");
const ROOT = path.resolve(WEB, "../..");
const CORPUS = path.join(ROOT, "testdata/conformance");
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const verbose = args.includes("-v");
const EVIDENT = opt("--evident") || path.join(ROOT, ".build/debug/evident");

for (const f of ["sha256.js", "jcs.js", "der.js", "x509.js", "cms.js", "algorithms.js", "tsp.js", "ers.js", "merkle.js", "note.js",
  "keys.js", "receipt.js", "policy.js", "tar.js", "bundle.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(WEB, f), "utf8"), { filename: f });
}
const E = globalThis.Evident;
const { Blob } = require("buffer");

let failures = 0, checks = 0;
function report(ok, line) {
  checks++;
  if (!ok) failures++;
  if (!ok || verbose) console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
}

const POLICY = "name site-no-end-dates\nsha256 - dev test\nsha384 - dev test\nsha512 - dev test\necdsa-p256 - dev test\n" +
  "ecdsa-p384 - dev test\necdsa-p521 - dev test\nrsa - dev test\ned25519 - dev test\n";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "longterm-diff-"));
const policyFile = path.join(tmp, "no-end-dates.policy");
fs.writeFileSync(policyFile, POLICY);

const file = (p) => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) });
function jsInput(bundleBytes, name, options) {
  const input = { bundle: new Blob([bundleBytes]), tsaRoots: [], ledgerKeys: [], crls: [], ocsps: [], algorithmPolicy: null,
    revocationPolicy: "require" };
  Object.defineProperty(input.bundle, "name", { value: name });
  for (let i = 0; i < options.length; i += 2) {
    const o = options[i], v = options[i + 1];
    if (o === "--tsa-roots") input.tsaRoots.push(file(path.resolve(CORPUS, v)));
    else if (o === "--ledger-key") input.ledgerKeys.push(file(path.resolve(CORPUS, v)));
    else if (o === "--crl") input.crls.push(file(path.resolve(CORPUS, v)));
    else if (o === "--ocsp") input.ocsps.push(file(path.resolve(CORPUS, v)));
    else if (o === "--algorithm-policy") input.algorithmPolicy = file(v);
    else if (o === "--policy") input.witnessPolicy = file(path.resolve(CORPUS, v));
    else if (o === "--revocation-policy") input.revocationPolicy = v;
    else throw new Error(`option ${o}`);
  }
  return input;
}
async function js(bundleBytes, name, options, atSeconds, all = false) {
  const realNow = Date.now;
  if (atSeconds !== undefined) Date.now = () => atSeconds * 1000;
  try {
    return await E.bundle.verify(Object.assign(jsInput(bundleBytes, name, options), { all }));
  } finally {
    Date.now = realNow;
  }
}
function cli(bundlePath, options, atSeconds, all = false) {
  const a = ["verify", bundlePath].concat(all ? ["--all"] : []);
  for (let i = 0; i < options.length; i += 2) {
    a.push(options[i], options[i] === "--revocation-policy" ? options[i + 1] : path.resolve(CORPUS, options[i + 1]));
  }
  a.push("--json");
  const at = new Date(atSeconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "");
  // -f: the clock frozen at that second (a started clock could pass another TSA's expiry
  // while the CLI runs).
  const r = cp.spawnSync("faketime", ["-f", at, EVIDENT, ...a], { encoding: "utf8", maxBuffer: 1 << 28, timeout: 300000 });
  if (r.error) throw r.error;
  if (!r.stdout) throw new Error(`evident ${a.join(" ")} at ${at}: no report (status ${r.status}${r.signal ? ", " + r.signal : ""}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const findings = (r) => r.findings.map((f) => `${f.check}/${f.outcome}`).join(" ");

// ---- The corpus's cases: bundles, and their anchors' TSA certificates' notAfter.
function cases() {
  const rows = fs.readFileSync(path.join(CORPUS, "manifest.tsv"), "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
  return rows.map(([name, cls, bundle, options, status]) => ({ name, cls, bundle, options: options.split(" ").filter(Boolean), status }));
}
async function entries(bytes) {
  const archive = await E.tar.open(new Blob([bytes]), null, "bundle");
  const out = [];
  for (const e of archive.entries) out.push({ name: e.name, bytes: await archive.bytes(e.name) });
  return out;
}
function signerNotAfters(list) {
  const out = new Set();
  for (const e of list) {
    if (!e.name.endsWith(".tsr")) continue;
    try {
      const token = E.tsp.parseResponse(e.bytes).token;
      for (const c of token.signedData.certificates || []) {
        const cert = c.certificate;
        if (!cert || cert.subject.text === cert.issuer.text) continue; // a root: not the TSA's
        out.add(cert.notAfter.seconds);
      }
    } catch (x) { /* a tampered token: no time from it */ }
  }
  return out;
}

// ---- A minimal ustar writer (regular files, mode 0644), for the v4 rewrites.
function tar(list) {
  const blocks = [];
  const enc = new TextEncoder();
  const field = (h, off, len, s) => h.set(enc.encode(s).subarray(0, len), off);
  for (const e of list) {
    const h = new Uint8Array(512);
    field(h, 0, 100, e.name);
    field(h, 100, 8, "0000644\0");
    field(h, 108, 8, "0000000\0");
    field(h, 116, 8, "0000000\0");
    field(h, 124, 12, e.bytes.length.toString(8).padStart(11, "0") + "\0");
    field(h, 136, 12, "00000000000\0");
    field(h, 148, 8, "        ");
    h[156] = 0x30;
    field(h, 257, 8, "ustar\x0000");
    let sum = 0;
    for (const b of h) sum += b;
    field(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
    blocks.push(h, e.bytes, new Uint8Array((512 - (e.bytes.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return Buffer.concat(blocks.map((b) => Buffer.from(b)));
}
// The bundle's entries with the manifest edited by `edit(manifest, files)` and `extra` entries
// added (listed with their SHA-256 unless `unlisted`).
function rewrite(list, edit, extra = [], { badDigest = null } = {}) {
  const manifest = JSON.parse(Buffer.from(list[0].bytes).toString("utf8"));
  const rest = list.slice(1).concat(extra);
  for (const e of extra) if (!e.unlisted) manifest.files[e.name] = E.sha256.hexDigest(e.bytes);
  if (badDigest) manifest.files[badDigest] = "0".repeat(64);
  edit(manifest);
  const text = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n");
  return tar([{ name: "manifest.json", bytes: text }].concat(rest));
}

async function expiry() {
  const options = (c) => c.options.filter((w, i, a) => w !== "--algorithm-policy" && a[i - 1] !== "--algorithm-policy")
    .concat(["--algorithm-policy", policyFile]);
  let n = 0;
  for (const c of cases().filter((c) => c.cls === "valid")) {
    const bundlePath = path.join(CORPUS, c.bundle);
    const bytes = fs.readFileSync(bundlePath);
    const ends = [...signerNotAfters(await entries(bytes))].sort((a, b) => a - b);
    if (ends.length === 0) { report(false, `${c.name}: no TSA certificate found in its anchors`); continue; }
    // Either side of every TSA certificate's expiry, and a year after the last.
    const times = ends.flatMap((t) => [t - 1, t + 1]).concat([ends[ends.length - 1] + 366 * 86400]);
    for (const t of times) {
      const o = options(c);
      const a = cli(bundlePath, o, t), b = await js(bytes, path.basename(c.bundle), o, t);
      const same = a.verdict === b.verdict && findings(a) === findings(b);
      report(same, `expiry ${c.name} at ${new Date(t * 1000).toISOString()}: cli ${a.verdict} [${findings(a)}] page ${b.verdict} [${findings(b)}]`);
      n++;
    }
    // Past the expiry, an anchor that verifies otherwise must say so (not some other reason) —
    // unless an evidence record proves it from before the expiry (v4: compared with the CLI above).
    const m = JSON.parse(Buffer.from((await entries(bytes))[0].bytes).toString("utf8"));
    if ((m.evidence_records || []).length) continue;
    const past = await js(bytes, path.basename(c.bundle), options(c), ends[ends.length - 1] + 1);
    const anchorFinding = past.findings.find((f) => f.check === "anchor");
    report(past.verdict !== "valid" && !!anchorFinding && /expired at .*, the time this token is proven to exist/.test(anchorFinding.reason),
      `expiry ${c.name}: the page's reason names the expiry (${anchorFinding ? anchorFinding.reason.slice(0, 120) : "no anchor finding"})`);
  }
  return n;
}

// v4 bundles rewritten from genuine-full, verified by the page and by `evident verify` at the
// same frozen second: verdict, every finding (check, outcome, object, in order) and each anchor's
// evidence_records must agree; plus what only the page reads (v5).
async function evidenceRecords() {
  const c = cases().find((c) => c.name === "genuine-full");
  const bytes = fs.readFileSync(path.join(CORPUS, c.bundle));
  const list = await entries(bytes);
  const at = Math.floor(Date.now() / 1000);
  const base = await js(bytes, "genuine-full.evb", c.options, at);
  report(base.verdict === "valid", `v4 base: genuine-full is valid (${base.verdict})`);
  const manifest = JSON.parse(Buffer.from(list[0].bytes).toString("utf8"));
  const anchors = manifest.anchors.map((a) => a.token);
  const garbage = new Uint8Array([0x30, 0x00]);
  const foreign = new Uint8Array(fs.readFileSync(path.join(ROOT, "testdata/ers/ER_OK_INIT.ers")));
  const ers = (token, slot, b = garbage) => ({ name: `evidence-records/${path.basename(token, ".tsr")}.${slot}.ers`, bytes: b });
  const entryOf = (r) => ({ anchor: `anchors/${path.basename(r.name).split(".")[0]}.tsr`, slot: Number(path.basename(r.name).split(".")[1]), record: r.name });
  const v4 = (records, extra = []) => (m) => { m.version = 4; m.evidence_records = records.map(entryOf).concat(extra); };
  const full = (f) => `${f.check}/${f.outcome}/${f.object}`;
  const detail = (r) => E.jcs.serialize(JSON.parse(JSON.stringify(r.summary ? r.summary.anchors.map((a) => a.evidence_records === undefined ? null : a.evidence_records) : null)));
  async function both(name, bundle, expect) {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bundle);
    // As verify stops at the first failure, and with --all (every finding, every anchor's summary).
    for (const all of [false, true]) {
      const a = cli(file, c.options, at, all), b = await js(bundle, name, c.options, at, all);
      const same = a.verdict === b.verdict && a.findings.map(full).join(" ") === b.findings.map(full).join(" ") && detail(a) === detail(b);
      report(same && (all || !expect || expect(b)), `v4 ${name}${all ? " --all" : ""}: cli ${a.verdict} [${a.findings.map(full).join(" ")}] page ${b.verdict} [${b.findings.map(full).join(" ")}]` +
        (detail(a) === detail(b) ? "" : `\n     cli evidence_records ${detail(a)}\n     page evidence_records ${detail(b)}`));
    }
  }
  const noRecords = (r) => r.verdict === "valid" && r.findings.length === 0 && r.summary.anchors.every((a) => a.evidence_records === undefined);
  await both("v4-none.evb", rewrite(list, (m) => { m.version = 4; }), noRecords);
  await both("v4-empty.evb", rewrite(list, (m) => { m.version = 4; m.evidence_records = []; }), noRecords);
  // Records that are not RFC 4998 records, and one for other data (the BSI TR-ESOR initial
  // record): evidence-record invalid; each anchor with records lists them in its summary.
  const records = [ers(anchors[0], 1), ers(anchors[0], 2, foreign)].concat(anchors.length > 1 ? [ers(anchors[anchors.length - 1], 1, foreign)] : []);
  await both("v4-not-records.evb", rewrite(list, v4(records), records), (r) => r.verdict === "invalid" && r.findings[0].check === "evidence-record");
  await both("v4-other-data.evb", rewrite(list, v4([records[1]]), [records[1]]),
    (r) => r.verdict === "invalid" && r.findings[0].check === "evidence-record" && /does not cover/.test(r.findings[0].reason));
  // A record naming an anchor the manifest does not list; one file listed twice.
  const stray = { name: "evidence-records/999999-1.1.ers", bytes: foreign };
  await both("v4-unknown-anchor.evb", rewrite(list, (m) => { m.version = 4; m.evidence_records = [{ anchor: "anchors/999999-1.tsr", slot: 1, record: stray.name }]; }, [stray]),
    (r) => r.verdict === "invalid" && r.findings[0].check === "evidence-record" && r.findings[0].object === stray.name);
  await both("v4-twice.evb", rewrite(list, v4([records[1], records[1]]), [records[1]]), (r) => r.verdict === "invalid");
  // A record not named for its anchor and slot (listed for slot 2 under slot 1's name); a record
  // file held and listed in files but not in evidence_records (red team 8).
  const hasRecordFinding = (name) => (r) => r.verdict === "invalid" && r.findings.some((f) => f.check === "evidence-record" && f.outcome === "invalid" && f.object === name);
  await both("v4-misnamed.evb", rewrite(list, (m) => { m.version = 4; m.evidence_records = [{ anchor: anchors[0], slot: 2, record: records[1].name.replace(/\.2\.ers$/, ".1.ers") }]; },
    [{ name: records[1].name.replace(/\.2\.ers$/, ".1.ers"), bytes: foreign }]), hasRecordFinding(records[1].name.replace(/\.2\.ers$/, ".1.ers")));
  await both("v4-not-listed.evb", rewrite(list, v4([]), [{ name: ers(anchors[0], 3).name, bytes: foreign }]), hasRecordFinding(ers(anchors[0], 3).name));
  // What the archive checks before any record is read.
  await both("v4-digest.evb", rewrite(list, v4(records), records, { badDigest: records[0].name }),
    (r) => r.verdict === "invalid" && r.findings[0].check === "manifest-digest" && r.findings[0].object === records[0].name);
  await both("v4-unlisted.evb", rewrite(list, v4(records), records.concat([{ name: "evidence-records/extra.1.ers", bytes: garbage, unlisted: true }])),
    (r) => r.verdict === "invalid" && r.findings[0].check === "unlisted-file");
  await both("v4-name.evb", rewrite(list, v4(records), records.concat([{ name: "evidence-records/10-1.ers", bytes: garbage }])),
    (r) => r.verdict === "invalid" && r.findings[0].check === "unlisted-file");
  await both("v3-with-records.evb", rewrite(list, (m) => { m.version = 3; }, records), (r) => r.verdict === "invalid" && r.findings[0].check === "unlisted-file");
  for (const [what, value] of [["not-an-array", {}], ["no-slot", [{ anchor: anchors[0], record: records[0].name }]], ["string-entry", ["x"]]]) {
    await both(`v4-bad-${what}.evb`, rewrite(list, (m) => { m.version = 4; m.evidence_records = value; }, records),
      (r) => r.verdict === "invalid" && r.findings[0].check === "manifest");
  }
  let r = await js(rewrite(list, (m) => { m.version = 5; }), "v5.evb", c.options).then((x) => x, (e) => ({ verdict: "bad-input", findings: [], error: e }));
  report(r.verdict !== "valid", `v5: not read (${r.verdict}${r.error ? ": " + r.error.message : ""})`);
}

// 3. Real v4 bundles (`--v4 DIR`): each line of DIR/cases.txt is `[@YYYY-MM-DD…] BUNDLE OPTIONS…`
//    (files relative to DIR): the page against the CLI now, at each @day, and a year after the latest TSA certificate
//    in the bundle (its anchors' and its records' time-stamps) expires — where a record renewed in
//    time keeps an anchor proven and an expired last renewal does not — with and without --all:
//    verdict, every finding (check, outcome, object) and each anchor's evidence_records.
async function realV4(dir) {
  const full = (f) => `${f.check}/${f.outcome}/${f.object}`;
  const detail = (r) => E.jcs.serialize(JSON.parse(JSON.stringify(r.summary ? r.summary.anchors.map((a) => a.evidence_records === undefined ? null : a.evidence_records) : null)));
  const lines = fs.readFileSync(path.join(dir, "cases.txt"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const line of lines) {
    const words = line.split(/\s+/);
    const extra = [];
    while (words[0].startsWith("@")) extra.push(Math.floor(Date.parse(words.shift().slice(1) + "T00:00:00Z") / 1000));
    const [name, ...rest] = words;
    const options = rest.map((w, i) => (i % 2 === 1 && rest[i - 1] !== "--revocation-policy" ? path.resolve(dir, w) : w));
    const bundlePath = path.resolve(dir, name);
    const bytes = fs.readFileSync(bundlePath);
    const list = await entries(bytes);
    const ends = [...signerNotAfters(list)];
    for (const e of list.filter((e) => e.name.endsWith(".ers"))) {
      try {
        for (const chain of E.ers.parse(e.bytes).chains) for (const a of chain) for (const c of a.token.signedData.certificates || []) {
          if (c.certificate && c.certificate.subject.text !== c.certificate.issuer.text) ends.push(c.certificate.notAfter.seconds);
        }
      } catch (x) { /* not a record: nothing to add */ }
    }
    const now = Math.floor(Date.now() / 1000);
    for (const at of [now].concat(extra, ends.length ? [Math.max(...ends) + 366 * 86400] : [])) {
      for (const all of [false, true]) {
        const a = cli(bundlePath, options, at, all), b = await js(bytes, name, options, at, all);
        const same = a.verdict === b.verdict && a.findings.map(full).join(" ") === b.findings.map(full).join(" ") && detail(a) === detail(b);
        report(same, `real v4 ${name} ${rest.join(" ")} at ${new Date(at * 1000).toISOString().slice(0, 10)}${all ? " --all" : ""}: cli ${a.verdict} [${a.findings.map(full).join(" ")}] page ${b.verdict} [${b.findings.map(full).join(" ")}]` +
          (detail(a) === detail(b) ? "" : `\n     cli evidence_records ${detail(a)}\n     page evidence_records ${detail(b)}`));
      }
    }
  }
}

(async () => {
  if (!fs.existsSync(EVIDENT)) { console.error(`no CLI at ${EVIDENT} (--evident PATH)`); process.exit(2); }
  if (opt("--v4")) {
    await realV4(path.resolve(opt("--v4")));
    console.log(`${checks} checks, ${failures} failing`);
    process.exit(failures ? 1 : 0);
  }
  const n = await expiry();
  await evidenceRecords();
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${checks} checks (${n} expiry comparisons with the CLI), ${failures} failing`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
