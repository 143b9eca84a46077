#!/usr/bin/env node
"use strict";
// Developer tool (node ≥ 20): the JS RFC 4998 evidence-record verifier (ers.js, not yet part of
// the page) on the records others wrote (testdata/ers, PROVENANCE.md), with the expectations of
// Tests/EvidentTSPTests/EvidenceRecordTests.swift: their TSAs are not trusted, so a sound record
// ends indeterminate on its chain (every hash and tree check before that passes); the BSI NOK
// records and a record over other data are invalid; an altered hash is invalid; a truncated
// record does not parse. Also every esig/dss record parses; and, trusting the records' own
// roots at fixed times, the valid path and the TSA certificate expiry rule.
//
//   node Sources/verifier-web/dev/ers-test.js [-v]
const fs = require("fs"), path = require("path"), vm = require("vm");
const WEB = path.resolve(__dirname, "..");
const ERS = path.resolve(WEB, "../../testdata/ers");
if (!globalThis.crypto) globalThis.crypto = require("crypto").webcrypto;
for (const f of ["sha256.js", "jcs.js", "der.js", "x509.js", "cms.js", "algorithms.js", "tsp.js", "ers.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(WEB, f), "utf8"), { filename: f });
}
const E = globalThis.Evident;
const verbose = process.argv.includes("-v");
const file = (n) => new Uint8Array(fs.readFileSync(path.join(ERS, n)));
let n = 0, failed = 0;
function report(ok, line) {
  n++;
  if (!ok) failed++;
  if (!ok || verbose) console.log(`${ok ? "ok  " : "FAIL"} ${line}`);
}
const verify = (er, data, record) => E.ers.verify(record || E.ers.parse(file(er)), [file(data)], {});

(async () => {
  const sound = [["1Chain1ATS/BIN_ER.ers", "1Chain1ATS/BIN.bin"], ["1Chain2ATS/BIN_ER.ers", "1Chain2ATS/BIN.bin"],
    ["2Chains3ATS/BIN_ER.ers", "2Chains3ATS/BIN.bin"], ["ER_OK_INIT.ers", "ER-2Chains3ATS1.bin"],
    ["ER_OK_CHAIN.ers", "ER-2Chains3ATS1.bin"], ["ER_OK_SEQ.ers", "ER-2Chains3ATS1.bin"], ["ER_OK_SEQ.ers", "ER-2Chains3ATS2.bin"]];
  for (const [er, data] of sound) {
    const r = await verify(er, data);
    report(r.verdict === "indeterminate" && /chain|root|expired/.test(r.problem) && r.timeStamps.length > 0,
      `${er} over ${data}: indeterminate on the chain or an expired certificate (${r.verdict}: ${r.problem})`);
  }
  for (const er of ["ER_NOK_INIT.ers", "ER_NOK_CHAIN.ers", "ER_NOK_SEQ.ers"]) {
    const r = await verify(er, "ER-2Chains3ATS1.bin");
    report(r.verdict === "invalid", `${er}: invalid (${r.verdict}: ${r.problem})`);
  }
  let r = await verify("2Chains3ATS/BIN_ER.ers", "ER-2Chains3ATS1.bin");
  report(r.verdict === "invalid" && /does not cover/.test(r.problem), `other data: invalid (${r.problem})`);
  const rec = E.ers.parse(file("2Chains3ATS/BIN_ER.ers"));
  const tree = rec.chains[1][0].reducedHashtree;
  tree[tree.length - 1][0][0] ^= 1;
  r = await verify(null, "2Chains3ATS/BIN.bin", rec);
  report(r.verdict === "invalid", `an altered hash: invalid (${r.problem})`);
  // Trusting the records' own roots (revocation policy none), at fixed times: every time-stamp
  // valid while the last one's TSA certificate (exceet TSA 04, to 2021-10-12T09:48:43Z) lives;
  // after it, the last is indeterminate (expired before the time it is proven to exist) and the
  // earlier ones, judged at the genTime of the one after them, stay valid.
  const ownRoots = (rec) => {
    const out = [];
    for (const c of rec.chains) for (const a of c) for (const x of a.token.signedData.certificates || []) {
      if (x.certificate && x.certificate.subject.text === x.certificate.issuer.text) out.push(x.certificate);
    }
    return out;
  };
  const two = E.ers.parse(file("2Chains3ATS/BIN_ER.ers"));
  const at = (iso) => Date.parse(iso) / 1000;
  for (const [when, verdict] of [["2020-01-01T00:00:00Z", "valid"], ["2021-10-12T09:48:43Z", "valid"], ["2021-10-12T09:48:44Z", "indeterminate"]]) {
    r = await E.ers.verify(two, [file("2Chains3ATS/BIN.bin")], { roots: ownRoots(two), revocationPolicy: "none", now: at(when) });
    const earlier = r.timeStamps.slice(0, -1).every((t) => t.verdict === "valid");
    report(r.verdict === verdict && earlier && (verdict === "valid" ? r.dataProvenAt === r.timeStamps[0].genTime : /expired at 2021-10-12T09:48:43Z/.test(r.problem)),
      `2Chains3ATS trusting its roots at ${when}: ${verdict} (${r.verdict} ${r.timeStamps.map((t) => t.verdict).join(",")}: ${r.problem.slice(0, 160)})`);
  }
  // Without revocation data under the default policy: indeterminate (fail closed), never valid.
  r = await E.ers.verify(two, [file("2Chains3ATS/BIN.bin")], { roots: ownRoots(two), now: at("2020-01-01T00:00:00Z") });
  report(r.verdict === "indeterminate" && /revocation/.test(r.problem), `2Chains3ATS without revocation data: indeterminate (${r.problem.slice(0, 120)})`);
  const ok = file("ER_OK_CHAIN.ers");
  let threw = false;
  try { E.ers.parse(ok.subarray(0, ok.length - 7)); } catch (x) { threw = x instanceof E.der.DERError; }
  report(threw, "a truncated record does not parse");
  threw = false;
  try { E.ers.parse(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x02])); } catch (x) { threw = x instanceof E.der.DERError; }
  report(threw, "a record of version 2 is refused");
  const all = fs.readdirSync(ERS, { recursive: true }).filter((f) => f.endsWith(".ers"));
  for (const f of all) {
    let err = null;
    try { E.ers.parse(file(f)); } catch (x) { err = x; }
    report(err === null, `${f} parses${err ? ": " + err.message : ""}`);
  }
  console.log(`${n} checks, ${failed} failing`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
