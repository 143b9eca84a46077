#!/usr/bin/env node
"use strict";
// Developer tool (node ≥ 20; not part of the browser verifier): differential test of the browser
// verifier's witness layer (note.js cosignatures and key types, policy.js) against the Swift
// `WitnessPolicy` / `SignedNote` through the CLI.
//
// 1. CosignatureTests' independent vector (Python `cryptography`) and its refusals, in JS alone.
// 2. docs/witness-policy.md's vectors: the policy parses; the tlog-proof's cosigned checkpoint
//    meets it (W1 and W3 cosigned, group two-of-three); its inclusion path proves leaf "three" of
//    docs/checkpoint.md's log.
// 3. A ledger made with the CLI (key new, ledger init, 5 mints, checkpoint, a tlog-proof of leaf
//    2), then for each generated policy file (the spec's example, each refusal rule of
//    WitnessPolicyTests.swift and more) `evident verify --receipt R --proof P --policy POL
//    --ledger-key K`: a refused policy (exit 2, `--policy FILE: policy line N: …`) must be refused
//    by E.policy.parse with the same line and message; an accepted one is evaluated by both
//    over proofs cosigned by chosen sets of witnesses (node's Ed25519, timestamps chosen to reach
//    every branch of cosignerList), and the CLI's `tlog-proof:` / `witnesses:` / `witness
//    policy:` lines and exit status must be what the JS evaluation gives.
//
//   node Sources/verifier-web/dev/policy-diff.js [--evident PATH] [-v]
//
// --evident: the Swift CLI (default: a copy of .build/debug/evident, else of
// /work/main/.build/debug/evident, made in a temporary directory so a rebuild under way does not
// change it mid-run). Exit status 0 when everything agrees, 1 otherwise.
const fs = require("fs"), path = require("path"), vm = require("vm"), cp = require("child_process"), os = require("os");
const nodeCrypto = require("crypto");

const WEB = path.resolve(__dirname, "..");
const ROOT = path.resolve(WEB, "../..");
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const verbose = args.includes("-v");

if (!globalThis.crypto) globalThis.crypto = nodeCrypto.webcrypto;
for (const f of ["sha256.js", "jcs.js", "merkle.js", "note.js", "keys.js", "receipt.js", "policy.js"]) {
  vm.runInThisContext(fs.readFileSync(path.join(WEB, f), "utf8"), { filename: f });
}
const E = globalThis.Evident;
const utf8 = new TextEncoder();
const b64 = (bytes) => Buffer.from(bytes).toString("base64");

let disagreements = 0, compared = 0;
function report(ok, line, detail) {
  compared++;
  if (!ok) disagreements++;
  if (!ok || verbose) console.log(`${ok ? "ok  " : "FAIL"} ${line}${!ok && detail ? "\n     " + detail.replace(/\n/g, "\n     ") : ""}`);
}
async function expectNoteError(code, fn, what) {
  try { await fn(); report(false, what, `accepted, expected ${code}`); } catch (e) {
    report(e instanceof E.note.NoteError && e.code === code, what, `${e.code || ""} ${e.message}`);
  }
}

// ---- Keys and signing (node's Ed25519, deterministic)

function signerFromSeed(seed) {
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), Buffer.from(seed)]);
  const key = nodeCrypto.createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const pub = new Uint8Array(nodeCrypto.createPublicKey(key).export({ format: "der", type: "spki" }).subarray(-32));
  return { key, pub };
}
const randomSigner = () => signerFromSeed(nodeCrypto.randomBytes(32));
const sign = (s, message) => new Uint8Array(nodeCrypto.sign(null, Buffer.from(message), s.key));
function vkeyOf(name, pub, type) {
  const h = E.note.keyHash(name, pub, type).toString(16).padStart(8, "0");
  return `${name}+${h}+${b64(Buffer.concat([Buffer.from([type]), Buffer.from(pub)]))}`;
}
function u32(v) { return Buffer.from([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]); }
// A cosignature/v1 line by `w` ({name, signer}) over `text` at `timestamp` (BigInt).
function cosignLine(w, text, timestamp, mutate) {
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(timestamp);
  const sig = sign(w.signer, E.note.cosignatureMessage(utf8.encode(text), timestamp));
  let bytes = Buffer.concat([u32(E.note.keyHash(w.name, w.signer.pub, 0x04)), ts, Buffer.from(sig)]);
  if (mutate) bytes = mutate(bytes);
  return `\u2014 ${w.name} ${b64(bytes)}`;
}

// ---- 1. CosignatureTests.swift

async function cosignatureVector() {
  const seed = new Uint8Array(32).map((_, i) => i);
  const vkey = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
  const text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  const logLine = "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=";
  const line = "\u2014 witness.example/w1 519lMgAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nFZsVE8YiWV6Ngr7lV8H6bdoBQGP/l73euDMQ9k+bBQ==";
  const note = (...lines) => E.note.parse(utf8.encode(text + "\n" + lines.map((l) => l + "\n").join("")));
  const s = signerFromSeed(seed);
  const w = { name: "witness.example/w1", signer: s };
  report(vkeyOf(w.name, s.pub, 0x04) === vkey, "cosignature vector: the vkey of seed 00..1f");
  const key = E.note.parseVerifierKey(vkey);
  report(key.type === 0x04 && key.name === w.name && Buffer.from(key.publicKey).equals(Buffer.from(s.pub)), "cosignature vector: parseVerifierKey");
  report(cosignLine(w, text, 1679315147n) === line, "cosignature vector: the line signed at 1679315147 is the vector's");
  const n = note(logLine, line);
  const v = await E.note.verifiedSignatures(n, [key]);
  report(v.length === 1 && v[0] === key, "cosignature vector: verifiedSignatures");
  report(E.note.cosignatureTimestamp(n.signatures[1].signature) === 1679315147n, "cosignature vector: timestamp");
  // typesDoNotMix
  const asLog = E.note.verifierKey(w.name, s.pub);
  report(asLog.keyHash !== key.keyHash, "types do not mix: key hashes of 0x01 and 0x04 differ");
  report((await E.note.verifiedSignatures(note(line), [asLog])).length === 0, "types do not mix: a 0x01 key ignores the cosignature line");
  await expectNoteError("no-trusted-signature", () => E.note.verify(note(line), [asLog]), "verify requires one trusted signature");
  // tamperedCosignaturesFail
  const bytes = Buffer.from(line.split(" ")[2], "base64");
  const lineOf = (b) => `\u2014 witness.example/w1 ${b64(b)}`;
  const later = Buffer.from(bytes); later[11] ^= 1;
  await expectNoteError("invalid-signature", () => E.note.verifiedSignatures(note(lineOf(later)), [key]), "tampered: another timestamp");
  await expectNoteError("invalid-signature", () => E.note.verifiedSignatures(note(lineOf(bytes.subarray(0, bytes.length - 1))), [key]), "tampered: truncated");
  const huge = Buffer.from(bytes); huge[4] = 0x80;
  await expectNoteError("invalid-signature", () => E.note.verifiedSignatures(note(lineOf(huge)), [key]), "tampered: timestamp above 2^63-1");
  await expectNoteError("duplicate-signature", () => E.note.verifiedSignatures(note(line, line), [key]), "tampered: the same line twice");
  const other = E.note.parse(utf8.encode("example.com/behind-the-sofa\n20852164\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n" + line + "\n"));
  await expectNoteError("invalid-signature", () => E.note.verifiedSignatures(other, [key]), "tampered: over another text");
  // A timestamp of 2^63-1 exactly is accepted when signed.
  const max = cosignLine(w, text, 9223372036854775807n);
  report((await E.note.verifiedSignatures(note(max), [key])).length === 1, "a cosignature at 2^63-1 verifies");
  const over = cosignLine(w, text, 9223372036854775808n);
  await expectNoteError("invalid-signature", () => E.note.verifiedSignatures(note(over), [key]), "a cosignature signed at 2^63 does not");
  // Key parsing: the type's errors.
  const bad = (k, code, detail, what) => {
    try { E.note.parseVerifierKey(k); report(false, what, "accepted"); } catch (e) {
      report(e.code === code && (detail === null || e.detail === detail), what, `${e.code}: ${e.detail}`);
    }
  };
  bad(`a+${"0".repeat(8)}+${b64(Buffer.concat([Buffer.from([2]), Buffer.from(s.pub)]))}`, "unsupported-key-type",
    "signature type 0x02; only Ed25519 (0x01) and Ed25519 cosignature/v1 (0x04) are supported", "vkey of type 0x02");
  bad("a+00000000+", "unsupported-key-type", "signature type missing; only Ed25519 (0x01) and Ed25519 cosignature/v1 (0x04) are supported", "vkey with no key");
  bad(`a+00000000+${b64(Buffer.concat([Buffer.from([4]), Buffer.from(s.pub).subarray(1)]))}`, "invalid-verifier-key", "an Ed25519 key is 32 bytes, not 31", "vkey of 31 bytes");
}

// ---- 2. docs/witness-policy.md

function docsVector(name) {
  const doc = fs.readFileSync(path.join(ROOT, "docs/witness-policy.md"), "utf8");
  const m = new RegExp(`<!-- vector: ${name} -->\\n\`\`\`\\n([\\s\\S]*?)\`\`\`\\n`).exec(doc);
  if (!m) throw new Error(`docs/witness-policy.md has no vector ${name}`);
  return m[1];
}

async function docsVectors() {
  const policy = E.policy.parse(utf8.encode(docsVector("witness-policy")));
  report(policy.logs.length === 1 && policy.witnesses.length === 3 && policy.groups.length === 1 && policy.quorum === "two-of-three",
    "docs: the witness-policy vector parses (1 log, 3 witnesses, group two-of-three)");
  // Witness n has the seed of 32 bytes n, the log the seed 00 01 … 1f.
  for (let n = 1; n <= 3; n++) {
    const s = signerFromSeed(new Uint8Array(32).fill(n));
    report(vkeyOf(`witness${n}.example/w`, s.pub, 0x04) === docsVector("witness-policy").split("\n")[1 + n].split(" ")[2], `docs: W${n}'s vkey from its seed`);
  }
  report(vkeyOf("example.com/evident-docs", signerFromSeed(new Uint8Array(32).map((_, i) => i)).pub, 0x01) === policy.logs[0].key.name + "+" +
    policy.logs[0].key.keyHash.toString(16).padStart(8, "0") + "+" + b64(Buffer.concat([Buffer.from([1]), Buffer.from(policy.logs[0].key.publicKey)])),
  "docs: the log's vkey from its seed");
  const proof = docsVector("tlog-proof");
  const split = proof.indexOf("\n\n");
  const header = proof.slice(0, split).split("\n");
  const note = E.note.parse(utf8.encode(proof.slice(split + 2)));
  const e = await policy.evaluate(note, "example.com/evident-docs", []);
  report(e.quorumMet && e.cosigners.map((c) => c.name).join(",") === "W1,W3" &&
    e.explanation === "group two-of-three needs 2 of 3 and has 2: [W1 cosigned; W2 did not cosign; W3 cosigned]",
  "docs: the tlog-proof's checkpoint meets the policy (W1, W3)", `${e.quorumMet} ${e.explanation} / ${e.cosignerList}`);
  if (verbose) console.log(`     witnesses: cosigned by ${e.cosignerList}`);
  const cp = E.note.parseCheckpoint(note.text);
  const index = Number(header[1].split(" ")[1]);
  const pathHashes = header.slice(2).map((h) => E.merkle.hashFromBase64(h));
  let included = false;
  try { E.merkle.verifyInclusion(index, cp.treeSize, pathHashes, E.merkle.leafHash(utf8.encode("three")), cp.rootHash); included = true; } catch (x) { /* below */ }
  report(included && index === 2, "docs: the tlog-proof's path proves leaf 2 (\"three\") of the 15-entry log");
  // Without W3's line the quorum is not met; a policy of quorum W2 is not met either.
  const lines = proof.slice(split + 2).split("\n");
  const withoutW3 = E.note.parse(utf8.encode(lines.filter((l) => !l.startsWith("\u2014 witness3")).join("\n")));
  const e2 = await policy.evaluate(withoutW3, "example.com/evident-docs", []);
  report(!e2.quorumMet && e2.explanation.includes("needs 2 of 3 and has 1"), "docs: without W3 the quorum is not met");
  await expectNoteError("no-trusted-signature", () => policy.evaluate(note, "example.com/other", []), "docs: another origin is not a policy log");
}

// ---- 3. The CLI

function cliPath() {
  const given = opt("--evident");
  if (given) return given;
  for (const c of [path.join(ROOT, ".build/debug/evident"), "/work/main/.build/debug/evident"]) {
    for (let attempt = 0; attempt < 30; attempt++) {
      try {
        const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-diff-cli-")), "evident");
        fs.copyFileSync(c, copy);
        fs.chmodSync(copy, 0o755);
        cp.execFileSync(copy, ["--version"], { stdio: "ignore" });
        return copy;
      } catch (e) {
        if (!fs.existsSync(c) && attempt === 0 && c.startsWith(ROOT)) break;
        cp.execFileSync("sleep", ["2"]);
      }
    }
  }
  throw new Error("no evident CLI (give --evident PATH)");
}

function run(cli, argv) {
  const r = cp.spawnSync(cli, argv, { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout || "", stderr: r.stderr || "" };
}

// DisplayText.safe: what the CLI does to every line it prints.
function displaySafe(s) {
  const unsafe = (v) => v <= 0x1f || (v >= 0x7f && v <= 0x9f) || v === 0x2028 || v === 0x2029 || v === 0x061c || v === 0x200e ||
    v === 0x200f || (v >= 0x202a && v <= 0x202e) || (v >= 0x2066 && v <= 0x2069) || v === 0x00ad || v === 0x034f ||
    v === 0x115f || v === 0x1160 || v === 0x17b4 || v === 0x17b5 || (v >= 0x180b && v <= 0x180f) || (v >= 0x200b && v <= 0x200d) ||
    (v >= 0x2060 && v <= 0x2065) || (v >= 0x206a && v <= 0x206f) || v === 0x2800 || v === 0x3164 || (v >= 0xfe00 && v <= 0xfe0f) ||
    v === 0xfeff || v === 0xffa0 || (v >= 0xfff0 && v <= 0xfffb) || (v >= 0x1d173 && v <= 0x1d17a) || (v >= 0xe0000 && v <= 0xe007f) ||
    (v >= 0xe0100 && v <= 0xe01ef);
  let out = "";
  for (const ch of s) { const v = ch.codePointAt(0); out += unsafe(v) ? `\\u{${v.toString(16)}}` : ch; }
  return out;
}

function makeLedger(cli, dir) {
  const must = (argv) => {
    const r = run(cli, argv);
    if (r.status !== 0) throw new Error(`evident ${argv.join(" ")}: ${r.status} ${r.stderr}`);
    return r.stdout;
  };
  const key = path.join(dir, "ledger.key"), pub = path.join(dir, "ledger.pub"), ledger = path.join(dir, "ledger");
  const policyText = path.join(dir, "agents.txt");
  fs.writeFileSync(policyText, "agents may call search tools\n");
  must(["key", "new", "--output", key, "--public-out", pub, "--plaintext"]);
  must(["ledger", "init", "--dir", ledger, "--origin", "evident.test/policy-diff"]);
  const hashes = [];
  for (const decision of ["allow", "deny", "allow", "allow", "deny"]) {
    const out = must(["mint", "--dir", ledger, "--signing-key", key, "--stream", "agent-7", "--decision", decision, "--actor", "agent-7",
      "--action", "tool.call", "--resource", "search:web", "--scope", "tenant=t1", "--policy-id", "agents", "--policy-version", "3",
      "--policy-file", policyText]);
    hashes.push(JSON.parse(out.split("\n")[0]).hash);
  }
  must(["checkpoint", "--dir", ledger, "--signing-key", key]);
  const receipt = path.join(dir, "receipt.json");
  fs.writeFileSync(receipt, must(["receipts", "get", "--dir", ledger, hashes[2]]));
  const proofText = must(["proof", "inclusion", "--dir", ledger, hashes[2], "--format", "tlog-proof"]);
  const pubKey = E.keys.decodePublic(new Uint8Array(fs.readFileSync(pub)));
  return { key, pub, receipt, proofText, pubKey, origin: "evident.test/policy-diff" };
}

// The JS side of `evident verify --receipt R --proof P --policy POL` from the policy on: the
// lines VerifyProof.swift prints and the exit status (the receipt is valid).
async function jsVerdict(policyBytes, proofText, ledgerPub) {
  let policy;
  try { policy = E.policy.parse(policyBytes); } catch (e) {
    if (!(e instanceof E.policy.PolicyError)) throw e;
    return { status: 2, lines: [displaySafe(e.message)], error: e };
  }
  const split = proofText.indexOf("\n\n");
  const note = E.note.parse(utf8.encode(proofText.slice(split + 2)));
  const origin = note.text.slice(0, note.text.indexOf("\n"));
  let e;
  try {
    e = await policy.evaluate(note, origin, [E.note.verifierKey(origin, ledgerPub)]);
  } catch (x) {
    if (!(x instanceof E.note.NoteError)) throw x;
    if (x.code === "no-trusted-signature") {
      return { status: 3, lines: [displaySafe(`tlog-proof: indeterminate: the checkpoint is not signed by a trusted log key: ${x.message}`)] };
    }
    return { status: 1, lines: [displaySafe(`tlog-proof: invalid: ${x.message}`)] };
  }
  return {
    status: e.quorumMet ? 0 : 3,
    lines: [displaySafe(`witnesses: cosigned by ${e.cosignerList}`),
      displaySafe(e.quorumMet ? `witness policy: quorum met: ${e.explanation}` : `witness policy: indeterminate: quorum not met: ${e.explanation}`)],
  };
}

function cliVerdict(cli, L, policyFile, proofFile) {
  const r = run(cli, ["verify", "--receipt", L.receipt, "--proof", proofFile, "--ledger-key", L.pub, "--policy", policyFile]);
  if (r.status === 2) {
    const prefix = `evident: error: --policy ${policyFile}: `;
    const line = r.stderr.trim().split("\n")[0];
    return { status: 2, lines: [line.startsWith(prefix) ? line.slice(prefix.length) : line] };
  }
  const lines = r.stdout.split("\n").filter((l) =>
    l.startsWith("witnesses:") || l.startsWith("witness policy:") || l.startsWith("tlog-proof: invalid") || l.startsWith("tlog-proof: indeterminate"));
  return { status: r.status, lines };
}

// The policy files: [name, text or bytes, cosigner sets to evaluate when accepted].
function policyCases(L, W, logVkey) {
  const x = (n) => W[n].vkey;
  const sameKeyOtherName = vkeyOf("other.example/w", W.X1.signer.pub, 0x04);
  const asLogKey = vkeyOf(L.origin, W.X1.signer.pub, 0x01); // a witness's key as a log key
  const example = `# the example of c2sp.org/tlog-policy
log ${logVkey}

witness X1 ${x("X1")}
witness X2 ${x("X2")} https://x2.example/
\twitness X3 ${x("X3")}\t
group X-witnesses 2 X1 X2 X3

witness Y1 ${x("Y1")}
witness Y2 ${x("Y2")}
witness Y3 ${x("Y3")}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y

`;
  const exampleSets = [[], ["X1", "X2"], ["X1", "Y3"], ["X1", "X3", "Y2"], ["X1", "X2", "X3", "Y1", "Y2", "Y3"], ["Y1", "Y2", "Y3"]];
  const ZERO = new Uint8Array(32); // base64 without "+": the vkey's only "+" are separators
  const many = (n, prefix) => Array.from({ length: n }, (_, i) => `witness ${prefix}${i} ${vkeyOf(`w${i}.example`, randomSigner().pub, 0x04)}\n`).join("");
  const cases = [
    ["the spec's example", example, exampleSets],
    ["the spec's example, CRLF", example.replace(/\n/g, "\r\n"), []],
    ["no logs: the ledger key", `witness A ${x("X1")}\nquorum A\n`, [[], ["X1"]]],
    ["quorum none", `log ${logVkey}\nquorum none\n`, [[], ["X1"]]],
    ["quorum none, no logs", "quorum none\n", [[]]],
    ["a log for another origin", `log ${vkeyOf("other.example/log", L.pubKey, 0x01)}\nquorum none\n`, [[]]],
    ["a log with the witness's key", `log ${asLogKey}\nquorum none\n`, [[]]],
    ["two logs, one ours", `log ${vkeyOf("other.example/log", randomSigner().pub, 0x01)}\nlog ${logVkey} https://log.example/\nquorum none\n`, [[]]],
    ["2 of 3", `log ${logVkey}\nwitness W1 ${x("X1")}\nwitness W2 ${x("X2")}\nwitness W3 ${x("X3")}\ngroup G 2 W1 W2 W3\nquorum G\n`,
      [[], ["X2"], ["X1", "X3"], ["strangers"], ["X1", "broken:X2"], ["X1", "X1"], ["X1", "huge:X2"], ["X1", "epoch:X2"],
        ["X1", "far:X2"], ["X1", "overflow:X3"], ["X1", "max:X3"], ["X1", "asLog:X2"], ["X3", "X2", "X1"]]],
    ["a witness as the quorum", `log ${logVkey}\nwitness W1 ${x("X1")}\nquorum W1\n`, [[], ["X1"], ["broken:X1"]]],
    ["comments, blank lines, tabs, no final newline, names by bytes",
      `  # c\n\n\twitness caf\u00e9 ${x("X1")}\nwitness cafe\u0301 ${x("X2")}\ngroup g all caf\u00e9 cafe\u0301\nquorum g`, [["X1"], ["X1", "X2"]]],
    ["a name that needs escaping", `witness \u202eA ${x("X1")}\nquorum \u202eA\n`, [["X1"], []]],
    ["#\u0301 is not a comment", `log ${logVkey}\n#\u0301 c\nquorum none\n`, []],
    ["# alone is a comment", `log ${logVkey}\n# \u0301\n#\nquorum none\n`, [[]]],
    ["a keycap is not a comment", `#\ufe0f\u20e3 x\nquorum none\n`, []],
    ["threshold any of one", `witness A ${x("X1")}\ngroup G any A\nquorum G\n`, [["X1"]]],
    ["256 witnesses", many(256, "w") + "quorum none\n", [[]]],
    ["257 witnesses", many(257, "w") + "quorum none\n", []],
    // WitnessPolicyTests.syntaxRules, in its order.
    ["empty (no quorum)", "", []],
    ["two quorums", "quorum none\nquorum none\n", []],
    ["quorum undefined", "quorum A\n", []],
    ["group member undefined", `witness A ${x("X1")}\ngroup G 1 B\nquorum G\n`, []],
    ["defined later", `group G any A\nwitness A ${x("X1")}\nquorum G\n`, []],
    ["same witness key, other name", `witness A ${x("X1")}\nwitness B ${sameKeyOtherName}\nquorum A\n`, []],
    ["same witness name", `witness A ${x("X1")}\nwitness A ${x("X2")}\nquorum A\n`, []],
    ["witness none", `witness none ${x("X1")}\nquorum none\n`, []],
    ["two logs, same key", `log ${logVkey}\nlog ${logVkey}\nquorum none\n`, []],
    ["a cosigner key as a log key", `log ${x("X1")}\nquorum none\n`, []],
    ["a log key as a witness key", `witness A ${logVkey}\nquorum A\n`, []],
    ["k = 0", `witness A ${x("X1")}\ngroup G 0 A\nquorum G\n`, []],
    ["k > n", `witness A ${x("X1")}\ngroup G 2 A\nquorum G\n`, []],
    ["k = 01", `witness A ${x("X1")}\ngroup G 01 A\nquorum G\n`, []],
    ["no members", `witness A ${x("X1")}\ngroup G any\nquorum G\n`, []],
    ["a member twice in a group", `witness A ${x("X1")}\ngroup G any A A\nquorum G\n`, []],
    ["a member of two groups", `witness A ${x("X1")}\ngroup G any A\ngroup H any A\nquorum H\n`, []],
    ["a group named as its witness", `witness A ${x("X1")}\ngroup A any A\nquorum A\n`, []],
    ["CR", `witness A ${x("X1")}\r\nquorum A\n`, []],
    ["quorum of two words", `witness A ${x("X1")}\nquorum A B\n`, []],
    ["keyword logs", `logs ${logVkey}\nquorum none\n`, []],
    ["log with url and more", `log ${logVkey} url extra\nquorum none\n`, []],
    ["not UTF-8", Buffer.from([0xff, 0x0a]), []],
    ["a line number names the fault", "quorum none\n\nwitness A nonsense\n", []],
    // More edges.
    ["k = +1", `witness A ${x("X1")}\ngroup G +1 A\nquorum G\n`, []],
    ["k = -1", `witness A ${x("X1")}\ngroup G -1 A\nquorum G\n`, []],
    ["k huge", `witness A ${x("X1")}\ngroup G 99999999999999999999 A\nquorum G\n`, []],
    ["k arabic-indic", `witness A ${x("X1")}\ngroup G \u0661 A\nquorum G\n`, []],
    ["k = all, any mixed case", `witness A ${x("X1")}\ngroup G ALL A\nquorum G\n`, []],
    ["NUL", `quorum none\n\u0000\n`, []],
    ["DEL", `quorum none\n# \u007f\n`, []],
    ["C1 U+0085 is not a control byte", `quorum none\n# \u0085\n`, [[]]],
    ["U+2028 inside a name", `witness A\u2028B ${x("X1")}\nquorum A\u2028B\n`, [["X1"]]],
    ["NBSP is no separator", `quorum\u00a0none\n`, []],
    ["a BOM", `\ufeffquorum none\n`, []],
    ["vkey: no plus", "log nonsense\nquorum none\n", []],
    ["vkey: short hash", `log a+1234567+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: wrong hash", `log a+12345678+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: hash +1234567", `log a++1234567+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: hash -0000000", `log a+-0000000+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: hash -1234567", `log a+-1234567+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: upper-case hash", `log ${logVkey.replace(/\+([0-9a-f]{8})\+/, (m, h) => "+" + h.toUpperCase() + "+")}\nquorum none\n`, [[]]],
    ["vkey: not base64", `log a+12345678+AAA\nquorum none\n`, []],
    ["vkey: type 0x02", `log a+12345678+${b64(Buffer.concat([Buffer.from([2]), Buffer.from(L.pubKey)]))}\nquorum none\n`, []],
    ["vkey: empty key", `log a+12345678+\nquorum none\n`, []],
    ["vkey: 31 bytes", `log a+12345678+${b64(Buffer.concat([Buffer.from([1]), Buffer.from(L.pubKey).subarray(1)]))}\nquorum none\n`, []],
    ["vkey: empty name", `log ${vkeyOf("", L.pubKey, 1)}\nquorum none\n`, []],
    ["vkey: NBSP in the name", `log ${vkeyOf("a\u00a0b", L.pubKey, 1)}\nquorum none\n`, []],
    ["vkey: a combining mark after +", `log a+\u0301${vkeyOf("", ZERO, 1).slice(1)}\nquorum none\n`, []],
    ["vkey: + then a combining mark in the name", `log ${vkeyOf("a+\u0301", ZERO, 1)}\nquorum none\n`, []],
    ["vkey: a prepended + (U+0600)", `log a\u0600${vkeyOf("", ZERO, 1)}\nquorum none\n`, []],
    ["too large", "#".repeat(64 * 1024 + 1), []],
    ["exactly 64 KiB", "quorum none\n" + "#".repeat(64 * 1024 - 12), [[]]],
  ];
  return cases;
}

async function cliDiff() {
  const cli = cliPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-diff-"));
  const L = makeLedger(cli, dir);
  const logVkey = vkeyOf(L.origin, L.pubKey, 0x01);
  const W = {};
  for (const n of ["X1", "X2", "X3", "Y1", "Y2", "Y3"]) {
    const w = { name: `witness.example/${n.toLowerCase()}`, signer: randomSigner() };
    w.vkey = vkeyOf(w.name, w.signer.pub, 0x04);
    W[n] = w;
  }
  const split = L.proofText.indexOf("\n\n");
  const noteText = L.proofText.slice(split + 2);
  const text = noteText.slice(0, noteText.indexOf("\n\n") + 1);
  // A proof whose checkpoint carries the lines of `set`: "X1", "strangers", "broken:X2", ….
  let proofs = 0;
  function proofFor(set) {
    const lines = [];
    for (const item of set) {
      const [how, who] = item.includes(":") ? item.split(":") : ["", item];
      if (item === "strangers") {
        for (const n of ["X1", "X2", "X3"]) lines.push(cosignLine({ name: W[n].name, signer: randomSigner() }, text, 1790000000n));
        continue;
      }
      const w = W[who];
      if (how === "broken") lines.push(cosignLine(w, text, 1790000000n, (b) => { b[30] ^= 1; return b; }));
      else if (how === "huge") lines.push(cosignLine(w, text, 9223372036854775808n));
      else if (how === "epoch") lines.push(cosignLine(w, text, 0n));
      else if (how === "far") lines.push(cosignLine(w, text, 253402300800n)); // year 10000: ms out of range
      else if (how === "overflow") lines.push(cosignLine(w, text, 9223372036854776n)); // ms overflows Int64
      else if (how === "max") lines.push(cosignLine(w, text, 9223372036854775807n));
      else if (how === "asLog") { // the witness's key signing as a 0x01 key under its name: ignored
        const sig = sign(w.signer, utf8.encode(text));
        lines.push(`\u2014 ${w.name} ${b64(Buffer.concat([u32(E.note.keyHash(w.name, w.signer.pub, 0x01)), Buffer.from(sig)]))}`);
      } else lines.push(cosignLine(w, text, 1790000000n));
    }
    const file = path.join(dir, `p${proofs++}.tlog-proof`);
    fs.writeFileSync(file, L.proofText + lines.map((l) => l + "\n").join(""));
    return file;
  }
  const plain = proofFor([]);
  let i = 0;
  for (const [name, content, sets] of policyCases(L, W, logVkey)) {
    const bytes = typeof content === "string" ? utf8.encode(content) : new Uint8Array(content);
    const file = path.join(dir, `policy-${i++}.txt`);
    fs.writeFileSync(file, bytes);
    for (const set of sets.length ? sets : [null]) {
      const proof = set === null ? plain : proofFor(set);
      const proofText = fs.readFileSync(proof, "utf8");
      const js = await jsVerdict(bytes, proofText, L.pubKey);
      const swift = cliVerdict(cli, L, file, proof);
      let same = js.status === swift.status && js.lines.join("\n") === swift.lines.join("\n");
      // The CLI reads at most 64 KiB of a policy file: a larger one is refused before parsing.
      if (!same && name === "too large") same = js.status === 2 && swift.status === 2 && js.error.code === "policy-too-large";
      const label = `policy "${name}"${set ? ` cosigned by [${set.join(", ")}]` : ""}: ${js.status === 2 ? "refused" : "exit " + js.status}`;
      report(same, label, `js    ${js.status} ${js.lines.join("\n      ")}\nswift ${swift.status} ${swift.lines.join("\n      ")}`);
      if (verbose && same) console.log(`     ${js.lines.join("\n     ")}`);
    }
  }
}

(async () => {
  await cosignatureVector();
  await docsVectors();
  await cliDiff();
  console.log(`${compared} comparisons, ${disagreements} disagreements`);
  process.exit(disagreements ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
