#!/usr/bin/env node
// Developer tool (not shipped): differential test of the browser verifier's token layer
// (der.js, algorithms.js, x509.js, cms.js, tsp.js) against the Swift CLI `evident ts verify`.
// For every token in testdata/tsa/verdicts.tsv, testdata/redteam-der, testdata/redteam-alg and
// every anchor of testdata/forgeries/*.evb it runs both and compares the verdict and the first
// problem's check name; then it runs E.tsp.verifyAnchor on the forgery suite's anchor cases and
// compares with testdata/forgeries/expected.tsv.
//
//   node Sources/verifier-web/dev/token-diff.js [--cli PATH] [--verbose]
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const nodeCrypto = require("crypto");
const { execFileSync } = require("child_process");

const ROOT = path.resolve(__dirname, "../../..");
const WEB = path.join(ROOT, "Sources/verifier-web");
const args = process.argv.slice(2);
const CLI = args.includes("--cli") ? args[args.indexOf("--cli") + 1] : path.join(ROOT, ".build/debug/evident");
const VERBOSE = args.includes("--verbose");
if (!globalThis.crypto) globalThis.crypto = nodeCrypto.webcrypto;
for (const f of ["der.js", "algorithms.js", "x509.js", "cms.js", "tsp.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(WEB, f), "utf8"), { filename: f });
}
const E = globalThis.Evident;

function certsFromFile(file) {
  const bytes = fs.readFileSync(file);
  const blocks = E.pem.decodeAll(bytes.toString("latin1")).filter((b) => b.label === "CERTIFICATE");
  return blocks.length ? blocks.map((b) => b.der) : [new Uint8Array(bytes)];
}
function crlsFromFile(file) {
  const bytes = fs.readFileSync(file);
  const blocks = E.pem.decodeAll(bytes.toString("latin1")).filter((b) => b.label === "X509 CRL");
  return blocks.length ? blocks.map((b) => b.der) : [new Uint8Array(bytes)];
}
function runCLI(cliArgs) {
  let out;
  try {
    out = execFileSync(CLI, ["ts", "verify", "--json"].concat(cliArgs), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    out = e.stdout;
    if (!out) return { verdict: "error", check: String(e.stderr || e.message).trim().split("\n")[0] };
  }
  const j = JSON.parse(out);
  const failed = j.checks.find((c) => c.outcome === "failed");
  const indet = j.checks.find((c) => c.outcome === "indeterminate");
  const first = failed || indet;
  return { verdict: j.verdict, check: first ? first.check : "-", reason: first ? first.detail : "" };
}

// ts verify's options → E.tsp.verify's.
async function runJS(spec) {
  const bytes = new Uint8Array(fs.readFileSync(spec.in));
  const o = {
    bytes, isResponse: !spec.token, encoding: spec.strict ? "der" : "tolerant",
    roots: certsFromFile(spec.roots), untrusted: (spec.untrusted || []).flatMap(certsFromFile),
    crls: (spec.crls || []).flatMap(crlsFromFile).map((d) => E.x509.parseCRL(d)), ocsps: [],
    algorithmPolicy: spec.allowSha1 ? E.algorithms.parsePolicy(E.algorithms.BUILTIN_TEXT.replace(/^name .*$/m, "name builtin-allow-sha1").replace(/^sha1 2013-12-31/m, "sha1 -"), "x") : null,
    now: Math.floor(Date.now() / 1000),
  };
  if (spec.queryfile) {
    const q = E.tsp.parseRequest(new Uint8Array(fs.readFileSync(spec.queryfile)), o.encoding);
    o.expectedImprint = { oid: q.imprint.alg.oid, value: q.imprint.hashed };
    o.expectedNonce = q.nonce;
    o.certReq = q.certReq;
    if (q.reqPolicy) o.acceptedPolicies = [q.reqPolicy];
  } else if (spec.digest) {
    const d = Buffer.from(spec.digest, "hex");
    const name = { 20: "sha1", 28: "sha224", 32: "sha256", 48: "sha384", 64: "sha512" }[d.length];
    o.expectedImprint = { oid: E.algorithms.digestByName(name).oid, value: new Uint8Array(d) };
  } else if (spec.data) {
    let alg = "sha256";
    try {
      const tok = spec.token ? E.tsp.parseToken(bytes) : E.tsp.parseResponse(bytes).token;
      const d = E.algorithms.digestByOid(tok.tstInfo.imprint.alg.oid);
      if (d) alg = d.name;
    } catch (e) { /* as the CLI: sha256 */ }
    const h = nodeCrypto.createHash(alg.replace("-", "")).update(fs.readFileSync(spec.data)).digest();
    o.expectedImprint = { oid: E.algorithms.digestByName(alg).oid, value: new Uint8Array(h) };
  }
  const r = await E.tsp.verify(o);
  const first = r.firstProblem;
  return { verdict: r.verdict, check: first ? first.check : "-", reason: first ? first.reason : "", warnings: r.warnings };
}
function cliArgsOf(spec) {
  const a = ["--in", spec.in, "--tsa-roots", spec.roots];
  if (spec.token) a.push("--token");
  if (spec.strict) a.push("--strict-der");
  if (spec.allowSha1) a.push("--allow-sha1");
  for (const u of spec.untrusted || []) a.push("--untrusted", u);
  for (const c of spec.crls || []) a.push("--crl", c);
  if (spec.queryfile) a.push("--queryfile", spec.queryfile);
  else if (spec.digest) a.push("--digest", spec.digest);
  else if (spec.data) a.push("--data", spec.data);
  else a.push("--imprint-unchecked");
  return a;
}

const results = [];
async function compare(label, spec) {
  const swift = runCLI(cliArgsOf(spec));
  let js;
  try { js = await runJS(spec); } catch (e) { js = { verdict: "error", check: e.message }; }
  const agree = swift.verdict === js.verdict && swift.check === js.check;
  // Known, deliberate: a CRL with the issuer's name but not its signature is not that issuer's CRL
  // (testdata/conformance two-tsas-same-root-name, crl-of-same-named-ca-only); the Swift CLI
  // (OpenSSL) picks CRLs by name and fails the path with "CRL signature failure".
  const known = !agree && /CRL signature failure/.test(swift.reason || "");
  results.push({ label, agree, known });
  if ((!agree && !known) || VERBOSE) {
    console.log((agree ? "agree    " : known ? "KNOWN    " : "DISAGREE ") + label + "\n    swift: " + swift.verdict + " " + swift.check + " — " + (swift.reason || "") + "\n    js:    " + js.verdict + " " + js.check + " — " + (js.reason || ""));
  }
}

function tarFile(evb, name) {
  try { return execFileSync("tar", ["-xOf", evb, name], { maxBuffer: 64 << 20 }); } catch (e) { return null; }
}
function tarList(evb) {
  try { return execFileSync("tar", ["-tf", evb], { encoding: "utf8" }).split("\n").filter(Boolean); } catch (e) { return []; }
}

async function main() {
  // A. Real and fixture tokens (testdata/tsa/verdicts.tsv).
  const tsa = path.join(ROOT, "testdata/tsa");
  const rows = fs.readFileSync(path.join(tsa, "verdicts.tsv"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
  for (const row of rows) {
    const [file, mode, data, digest, ca] = row.split("\t");
    const flags = mode === "-" ? [] : mode.split(" ");
    if (flags.includes("--ber")) { console.log("skipped  " + file + " (--ber: lenient BER is not offered by the browser verifier)"); continue; }
    const spec = { in: path.join(tsa, file), roots: path.join(tsa, ca), token: flags.includes("--token"), strict: flags.includes("--strict-der"), allowSha1: flags.includes("--allow-sha1") };
    const u = flags.indexOf("--untrusted");
    if (u >= 0) spec.untrusted = [path.join(tsa, flags[u + 1])];
    if (data !== "-") spec.data = path.join(tsa, data);
    if (digest !== "-") spec.digest = digest;
    await compare("tsa/" + file + " " + mode, spec);
  }
  // B. Red-team tokens.
  const rd = path.join(ROOT, "testdata/redteam-der");
  for (const f of fs.readdirSync(rd).filter((f) => f.endsWith(".tsr"))) {
    const spec = { in: path.join(rd, f), roots: path.join(rd, "root.pem"), data: path.join(rd, "hello.txt") };
    if (f === "certreq-false.tsr") { delete spec.data; spec.queryfile = path.join(rd, "certreq-false-written.tsq"); }
    if (f === "statusstring-escapes.tsr") { delete spec.data; spec.queryfile = path.join(rd, "statusstring-escapes.tsq"); }
    await compare("redteam-der/" + f, spec);
  }
  const ra = path.join(ROOT, "testdata/redteam-alg");
  for (const f of fs.readdirSync(ra).filter((f) => f.endsWith(".tst"))) {
    await compare("redteam-alg/" + f, { in: path.join(ra, f), roots: path.join(ra, "root.pem"), data: path.join(ra, "data.txt"), token: true });
  }
  // C. Anchors of the forgery suite and the conformance corpus, each distinct token once, under
  // every root file and CRL of its directory, and with its carried revocation data.
  const tmp = fs.mkdtempSync("/tmp/token-diff-");
  const seen = new Set();
  for (const dirName of ["testdata/forgeries", "testdata/conformance"]) {
    const fz = path.join(ROOT, dirName);
    if (!fs.existsSync(fz)) continue;
    const pems = fs.readdirSync(fz).filter((f) => f.endsWith(".pem"));
    const rootFiles = pems.filter((f) => /^roots?(-[a-z]+)?\.pem$/.test(f));
    const allRoots = path.join(tmp, path.basename(dirName) + "-all-roots.pem");
    fs.writeFileSync(allRoots, rootFiles.map((f) => fs.readFileSync(path.join(fz, f), "latin1")).join("\n"));
    const crlFiles = pems.filter((f) => /^crl/.test(f)).map((f) => path.join(fz, f));
    for (const evb of fs.readdirSync(fz).filter((f) => f.endsWith(".evb"))) {
      for (const name of tarList(path.join(fz, evb)).filter((n) => /^anchors\/.*\.tsr$/.test(n))) {
        const base = name.slice(0, -4);
        const tsr = tarFile(path.join(fz, evb), name);
        if (!tsr) continue;
        const key = nodeCrypto.createHash("sha256").update(tsr).digest("hex");
        if (seen.has(key)) continue;
        seen.add(key);
        const dir = fs.mkdtempSync(path.join(tmp, "a-"));
        const w = (suffix) => { const b = tarFile(path.join(fz, evb), base + suffix); if (!b || !b.length) return null; const p = path.join(dir, path.basename(base) + suffix); fs.writeFileSync(p, b); return p; };
        const spec = { in: w(".tsr"), queryfile: w(".tsq") };
        const chain = w(".chain.pem");
        if (chain) spec.untrusted = [chain];
        const rev = w(".revocation.pem");
        const variants = [["", []], [" +all CRLs", crlFiles]].concat(crlFiles.map((c) => [" +" + path.basename(c), [c]]));
        if (rev && fs.readFileSync(rev, "latin1").includes("X509 CRL")) variants.push([" +carried revocation", [rev]]);
        for (const roots of [path.join(fz, "root.pem"), allRoots]) {
          for (const [suffix, crls] of variants) {
            await compare(dirName.slice(9) + "/" + evb + ":" + name + " roots " + path.basename(roots) + suffix, Object.assign({}, spec, { roots, crls }));
          }
        }
      }
    }
  }
  const n = results.length, agree = results.filter((r) => r.agree).length, known = results.filter((r) => r.known).length;
  console.log("\ntoken differential against `evident ts verify`: " + n + " runs, " + agree + " agree, " + known + " known differences (CRL matched by signature), " + (n - agree - known) + " disagree");

  // D. verifyAnchor on the anchor cases of testdata/conformance/manifest.tsv (and the forgery
  // suite's expected.tsv): every anchor valid when the bundle is; the anchor check's verdict else.
  let an = 0, aok = 0;
  for (const dirName of ["testdata/forgeries", "testdata/conformance"]) {
    const fz = path.join(ROOT, dirName);
    const table = path.join(fz, dirName.endsWith("forgeries") ? "expected.tsv" : "manifest.tsv");
    if (!fs.existsSync(table)) continue;
    const lines = fs.readFileSync(table, "utf8").split("\n").filter(Boolean);
    const head = lines[0].split("\t");
    for (const line of lines.slice(1)) {
      const row = {};
      line.split("\t").forEach((v, i) => { row[head[i]] = v; });
      const status = row.status, check = row.check;
      if (!row.bundle || !row.bundle.endsWith(".evb") || !((status === "0" && check === "-") || check === "anchor")) continue;
      if (row.case === "anchor-listed-twice") continue; // a bundle-level rule (one token listed twice): bundle.js's, not one anchor's
      const want = status === "0" ? "valid" : status === "1" ? "invalid" : "indeterminate";
      const opts = (row.options || "").split(" ").filter(Boolean);
      const rootsFile = opts.includes("--tsa-roots") ? opts[opts.indexOf("--tsa-roots") + 1] : "root.pem";
      const given = opts.map((o, i) => (o === "--crl" ? opts[i + 1] : null)).filter(Boolean);
      const policy = opts.includes("--revocation-policy") ? opts[opts.indexOf("--revocation-policy") + 1] : "require";
      const roots = certsFromFile(path.join(fz, rootsFile));
      const file = path.join(fz, row.bundle);
      const manifest = JSON.parse(tarFile(file, "manifest.json").toString("utf8"));
      const verdicts = [];
      const warnings = new Set();
      for (const a of manifest.anchors) {
        const note = tarFile(file, "checkpoints/" + a.tree_size + ".note");
        const rev = a.revocation ? tarFile(file, a.revocation) : null;
        const blocks = rev && rev.length ? E.pem.decodeAll(rev.toString("latin1")) : [];
        const chain = a.chain ? tarFile(file, a.chain) : null;
        const tokenBytes = tarFile(file, a.token);
        if (!note || !tokenBytes) { verdicts.push("invalid"); continue; }
        const r = await E.tsp.verifyAnchor({
          response: new Uint8Array(tokenBytes), request: new Uint8Array((a.request && tarFile(file, a.request)) || []),
          imprint: new Uint8Array(nodeCrypto.createHash("sha256").update(note).digest()), roots,
          untrusted: chain && chain.length ? E.pem.decodeAll(chain.toString("latin1")).filter((b) => b.label === "CERTIFICATE").map((b) => b.der) : [],
          crls: blocks.filter((b) => b.label === "X509 CRL").map((b) => b.der).concat(given.flatMap((g) => crlsFromFile(path.join(fz, g)))),
          ocsps: blocks.filter((b) => b.label === "OCSP RESPONSE").map((b) => b.der), revocationPolicy: policy, algorithmPolicy: null,
        });
        verdicts.push(r.verdict);
        r.warnings.forEach((w) => warnings.add(w.code));
        if (VERBOSE) console.log("    " + row.case + " " + a.token + ": " + r.verdict + " " + JSON.stringify(r.findings) + " genTime " + r.genTime + " ±" + r.accuracyMillis + "ms tsa " + r.tsaSubject);
      }
      const got = verdicts.includes("invalid") ? "invalid" : verdicts.includes("indeterminate") ? "indeterminate" : "valid";
      const wantWarn = row.warnings && row.warnings !== "-" ? row.warnings.split(",").sort().join(",") : null;
      const gotWarn = Array.from(warnings).sort().join(",");
      const ok = got === want && (wantWarn === null || wantWarn === gotWarn);
      an++;
      if (ok) aok++;
      console.log((ok ? "agree    " : "DISAGREE ") + "verifyAnchor " + dirName.slice(9) + "/" + row.case + ": " + got + (gotWarn ? " warnings " + gotWarn : "") + " (expected " + want + (wantWarn ? " warnings " + wantWarn : "") + "; anchors " + verdicts.join(",") + ")");
    }
  }
  console.log("verifyAnchor against the anchor cases of expected.tsv / manifest.tsv: " + an + " cases, " + aok + " agree");
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(agree + known === n && aok === an ? 0 : 1);
}
main().catch((e) => { console.error(e); process.exit(2); });
