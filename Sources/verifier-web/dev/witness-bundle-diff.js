#!/usr/bin/env node
"use strict";
// Developer tool (node ≥ 20; not part of the browser verifier): bundles v3 (cosigned notes) and
// `--policy`, browser verifier against `evident verify BUNDLE --json --policy FILE`. From
// testdata/conformance/genuine-full.evb it makes bundles carrying checkpoints/<size>.cosigned.note
// (cosignature/v1 lines signed here with node's Ed25519 by three fresh witnesses; the manifest's
// digests and version recomputed) — cosigned by none, one, two, three, by strangers, with a broken
// or duplicated line, of an unlisted checkpoint, with another prefix, with a non-signature line,
// in a v2 manifest — and verifies each under several policies (2 of 3, quorum none, a log of
// another origin, the ledger's own log line, no policy) with both verifiers: the verdict, every
// finding (check, outcome, object, reason), the report's `witnesses` object and trust inputs
// must be the same.
//
//   node Sources/verifier-web/dev/witness-bundle-diff.js --evident PATH [-v]
//
// PATH: a CLI that reads bundle v3 and takes --policy (branch ledger-witness or later).
const fs = require("fs"), path = require("path"), vm = require("vm"), cp = require("child_process"), os = require("os");
const nodeCrypto = require("crypto");
const WEB = path.resolve(__dirname, "..");
const ROOT = path.resolve(WEB, "../..");
const CORPUS = path.join(ROOT, "testdata/conformance");
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const verbose = args.includes("-v");
if (!globalThis.crypto) globalThis.crypto = nodeCrypto.webcrypto;
for (const f of ["sha256.js", "jcs.js", "der.js", "x509.js", "cms.js", "algorithms.js", "tsp.js", "ers.js", "merkle.js", "note.js",
  "keys.js", "receipt.js", "policy.js", "tar.js", "bundle.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(WEB, f), "utf8"), { filename: f });
}
const E = globalThis.Evident;
const enc = new TextEncoder(), dec = new TextDecoder();
const b64 = (b) => Buffer.from(b).toString("base64");

function signer() {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync("ed25519");
  return { key: privateKey, pub: new Uint8Array(publicKey.export({ format: "der", type: "spki" }).subarray(-32)) };
}
function witness(name) { const s = signer(); return { name, s, vkey: vkey(name, s.pub, 4) }; }
function vkey(name, pub, type) {
  return `${name}+${E.note.keyHash(name, pub, type).toString(16).padStart(8, "0")}+${b64(Buffer.concat([Buffer.from([type]), Buffer.from(pub)]))}`;
}
function cosign(w, text, ts, mutate) {
  const t = Buffer.alloc(8); t.writeBigUInt64BE(ts);
  const sig = nodeCrypto.sign(null, Buffer.from(E.note.cosignatureMessage(enc.encode(text), ts)), w.s.key);
  const kh = E.note.keyHash(w.name, w.s.pub, 4);
  let bytes = Buffer.concat([Buffer.from([kh >>> 24, (kh >>> 16) & 255, (kh >>> 8) & 255, kh & 255]), t, sig]);
  if (mutate) bytes = mutate(bytes);
  return `\u2014 ${w.name} ${b64(bytes)}\n`;
}

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
  for (const [name, bytes] of entries) parts.push(tarHeader(name, bytes.length), bytes, new Uint8Array((512 - (bytes.length % 512)) % 512));
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}

const OPTIONS = ["--tsa-roots", "root.pem", "--ledger-key", "old-key.pub.json", "--ledger-key", "ledger-key.pub.json", "--crl", "crl.pem"];
const file = (n) => ({ name: path.basename(n), bytes: new Uint8Array(fs.readFileSync(path.isAbsolute(n) ? n : path.join(CORPUS, n))) });

async function runJS(bundlePath, policyPath) {
  const blob = new (require("buffer").Blob)([fs.readFileSync(bundlePath)]);
  Object.defineProperty(blob, "name", { value: path.basename(bundlePath) });
  try {
    const r = await E.bundle.verify({
      bundle: blob, tsaRoots: [file("root.pem")], ledgerKeys: [file("old-key.pub.json"), file("ledger-key.pub.json")],
      crls: [file("crl.pem")], ocsps: [], algorithmPolicy: null, revocationPolicy: "require", all: false,
      witnessPolicy: policyPath ? file(policyPath) : null,
    });
    return { status: { valid: 0, invalid: 1, indeterminate: 3 }[r.verdict], report: r };
  } catch (e) {
    if (e.badInput) return { status: 2, error: e.message };
    throw e;
  }
}
function runCLI(cli, bundlePath, policyPath) {
  const r = cp.spawnSync(cli, ["verify", bundlePath, "--json"].concat(OPTIONS, policyPath ? ["--policy", policyPath] : []), { cwd: CORPUS, encoding: "utf8" });
  if (r.status === 2) return { status: 2, error: (r.stderr || "").trim() };
  let report = null;
  try { report = JSON.parse(r.stdout); } catch (e) { return { status: r.status, error: `not JSON: ${r.stderr}` }; }
  return { status: r.status, report };
}

(async () => {
  const cli = opt("--evident");
  if (!cli) throw new Error("give --evident PATH (a CLI with bundle v3 and --policy)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "witness-bundle-diff-"));
  const archive = await E.tar.open(new (require("buffer").Blob)([fs.readFileSync(path.join(CORPUS, "genuine-full.evb"))]));
  const base = [];
  for (const e of archive.entries) base.push([e.name, await archive.bytes(e.name)]);
  const manifest0 = JSON.parse(dec.decode(base.find((e) => e[0] === "manifest.json")[1]));
  const origin = manifest0.origin, size = manifest0.covering_tree_size;
  const noteName = `checkpoints/${size}.note`;
  const note = dec.decode(base.find((e) => e[0] === noteName)[1]);
  const text = note.slice(0, note.lastIndexOf("\n\n") + 1);
  const older = manifest0.checkpoints.filter((n) => n !== noteName)[0];
  const W = [witness("witness.example/w1"), witness("witness.example/w2"), witness("witness.example/w3")];
  const T = 1790000000n;

  // A bundle: base entries plus `extra` [name, text] files, manifest version `version`.
  let nb = 0;
  function bundle(extra, version) {
    const entries = base.map(([n, b]) => [n, b]);
    for (const [n, t] of extra) entries.push([n, typeof t === "string" ? enc.encode(t) : t]);
    const m = JSON.parse(JSON.stringify(manifest0));
    m.version = version;
    for (const [n, b] of entries) if (n !== "manifest.json") m.files[n] = nodeCrypto.createHash("sha256").update(b).digest("hex");
    const i = entries.findIndex((e) => e[0] === "manifest.json");
    entries[i] = ["manifest.json", enc.encode(E.jcs.serialize(m))];
    entries.sort((a, b) => (a[0] === "manifest.json" ? -1 : b[0] === "manifest.json" ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const p = path.join(dir, `b${nb++}.evb`);
    fs.writeFileSync(p, tarWrite(entries));
    return p;
  }
  const cos = (ws, ts = T) => note + ws.map((w) => cosign(w, text, ts)).join("");
  const strangers = [witness("witness.example/w1"), witness("witness.example/w2")];
  const bundles = [
    ["v2, no cosigned note", bundle([], 2)],
    ["v3, cosigned by none of the policy (strangers)", bundle([[`checkpoints/${size}.cosigned.note`, note + strangers.map((w) => cosign(w, text, T)).join("")]], 3)],
    ["v3, cosigned by W1", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0]])]], 3)],
    ["v3, cosigned by W1 W3", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0], W[2]])]], 3)],
    ["v3, cosigned by W3 W2 W1, at 0", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[2], W[1], W[0]], 0n)]], 3)],
    ["v3, W1 then a broken W2", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0]]) + cosign(W[1], text, T, (b) => { b[40] ^= 1; return b; })]], 3)],
    ["v3, W1 twice", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0], W[0]])]], 3)],
    ["v3, only an older checkpoint cosigned", older ? bundle([[older.replace(".note", ".cosigned.note"),
      (() => { const n = dec.decode(base.find((e) => e[0] === older)[1]); return n + cosign(W[0], n.slice(0, n.lastIndexOf("\n\n") + 1), T) + cosign(W[1], n.slice(0, n.lastIndexOf("\n\n") + 1), T); })()]], 3) : null],
    ["v3, a cosigned note of an unlisted checkpoint", bundle([[`checkpoints/${size + 1000}.cosigned.note`, cos([W[0]])]], 3)],
    ["v3, another prefix", bundle([[`checkpoints/${size}.cosigned.note`, note.replace("\n\n", "\n\n\u2014 x AAAAAAAA\n").slice(0) + cosign(W[0], text, T)]], 3)],
    ["v3, adds nothing", bundle([[`checkpoints/${size}.cosigned.note`, note]], 3)],
    ["v3, adds a line that is no signature", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0]]) + "not a signature\n"]], 3)],
    ["v3, leading zeros in the name", bundle([[`checkpoints/0${size}.cosigned.note`, cos([W[0], W[1]])]], 3)],
    ["v2 carrying a cosigned note", bundle([[`checkpoints/${size}.cosigned.note`, cos([W[0], W[1]])]], 2)],
    ["v4", bundle([], 4)],
  ].filter((b) => b[1]);
  const ledgerPub = E.keys.decodePublic(file("ledger-key.pub.json").bytes);
  const wl = W.map((w, i) => `witness W${i + 1} ${w.vkey}\n`).join("");
  const policies = [
    ["no policy", null],
    ["2 of 3", wl + "group G 2 W1 W2 W3\nquorum G\n"],
    ["quorum none", "quorum none\n"],
    ["W1 with the ledger's log line", `log ${vkey(origin, ledgerPub, 1)}\n` + wl + "quorum W1\n"],
    ["a log of another origin", `log ${vkey("other.example/log", ledgerPub, 1)}\n` + wl + "quorum W1\n"],
    ["a name needing escapes", `witness \u202eW ${W[1].vkey}\nquorum \u202eW\n`],
    ["malformed", "quorum W9\n"],
  ].map(([n, t], i) => { if (t === null) return [n, null]; const p = path.join(dir, `policy-${i}.txt`); fs.writeFileSync(p, t); return [n, p]; });

  let total = 0, bad = 0;
  for (const [bname, b] of bundles) {
    for (const [pname, p] of policies) {
      const js = await runJS(b, p), sw = runCLI(cli, b, p);
      const diffs = [];
      if (js.status !== sw.status) diffs.push(`status js ${js.status} (${js.error || ""}) swift ${sw.status} (${sw.error || ""})`);
      if (js.report && sw.report) {
        const f = (r) => r.findings.map((x) => `${x.check}|${x.outcome}|${x.object}|${x.reason}`).join("\n");
        if (f(js.report) !== f(sw.report)) diffs.push(`findings\n  js    ${f(js.report)}\n  swift ${f(sw.report)}`);
        const canon = (v) => E.jcs.serialize(JSON.parse(JSON.stringify(v === undefined ? null : v)));
        if (canon(js.report.witnesses) !== canon(sw.report.witnesses)) diffs.push(`witnesses\n  js    ${canon(js.report.witnesses)}\n  swift ${canon(sw.report.witnesses)}`);
        if (canon(js.report.summary.trust_inputs) !== canon(sw.report.summary.trust_inputs)) diffs.push("trust_inputs differ");
      }
      total++;
      if (diffs.length) bad++;
      const verdict = js.report ? js.report.verdict : `bad input`;
      if (diffs.length || verbose) {
        console.log(`${diffs.length ? "FAIL" : "ok  "} [${bname}] policy ${pname}: ${verdict}${diffs.length ? "\n     " + diffs.join("\n     ") : ""}`);
        if (verbose && js.report) console.log(`     ${js.report.witnesses.statement}${js.report.findings[0] ? "\n     " + js.report.findings[0].check + ": " + js.report.findings[0].reason : ""}`);
      }
    }
  }
  console.log(`${total} bundle × policy cases, ${bad} disagreements`);
  process.exit(bad ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
