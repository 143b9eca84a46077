"use strict";
// E.verifyText: the bundle's VERIFY file as the exporter writes it (BundleVerifyText.swift,
// docs/bundle.md "VERIFY"), derived again from the bundle's own checkpoints and anchors so the
// verifier can say whether the file is that text (docs/verification.md, "Instructions"). The
// file is unsigned and never evidence: a difference is stated, never a finding.
(function (E) {
  // The prefix of an Ed25519 SubjectPublicKeyInfo in base64 (BundleVerifyText.ed25519SPKIPrefix).
  const ED25519_SPKI_PREFIX = "MCowBQYDK2VwAyEA";
  const DASH = [0xe2, 0x80, 0x94, 0x20]; // "— "

  // verify-header.txt (E.verifyHeader, inlined by scripts/build-verifier; the Swift side's
  // VerifyTextAssets.header), filled as BundleVerifyText.header fills it: the origin last.
  function header(origin, version) {
    const fill = (t, key, value) => t.split(key).join(value);
    let t = fill(E.verifyHeader, "{{FORMAT}}", E.tar.FORMAT.formatName);
    t = fill(t, "{{VERSION}}", String(version));
    t = fill(t, "{{SPKI}}", ED25519_SPKI_PREFIX);
    return fill(t, "{{ORIGIN}}", E.report.safe(origin));
  }

  // BundleVerifyText.checkpoint(name:size:note:origin:): a key name only when it is the origin.
  function checkpoint(name, size, note, origin) {
    const originBytes = new TextEncoder().encode(origin);
    let blank = -1;
    for (let i = 0; i + 1 < note.length; i++) if (note[i] === 0x0a && note[i + 1] === 0x0a) { blank = i; break; }
    if (blank < 0) return `# ${name}: not a signed note (no blank line): not checkable with OpenSSL\n\n`;
    const textLength = blank + 1;
    let out = `# Checkpoint ${name}: the ledger's signed statement of its log of ${size} receipts.\n` +
      `# Its signed text is its first ${textLength} bytes (up to its blank line):\n` +
      `openssl asn1parse -inform DER -in ${name} -length ${textLength} -noout -out checkpoint-${size}.txt\n`;
    let start = blank + 2, k = 0;
    while (start < note.length) {
      let end = note.indexOf(0x0a, start);
      if (end < 0) end = note.length;
      const line = note.subarray(start, end);
      const lineStart = start;
      start = end + 1;
      if (line.length < DASH.length || !DASH.every((b, i) => line[i] === b)) continue;
      const space = line.indexOf(0x20, DASH.length);
      if (space < 0) continue;
      const offset = lineStart + space + 1, length = end - offset;
      k++;
      const keyName = line.subarray(DASH.length, space);
      const signer = keyName.length === originBytes.length && keyName.every((b, i) => b === originBytes[i])
        ? `by a key of ${E.report.safe(origin)}` : `by a key not named for this log: ${keyName.length} bytes of name not shown`;
      const base = `checkpoint-${size}-sig${k}`;
      out += `# Signature ${k} (${signer}): ${length} base64 characters at byte ${offset} of the note,\n` +
        `# decoding to a 4-byte key hash followed by the 64-byte Ed25519 signature:\n` +
        `openssl asn1parse -inform DER -in ${name} -offset ${offset} -length ${length} -noout -out ${base}.b64\n` +
        `openssl base64 -d -A -in ${base}.b64 -out ${base}.bin\n` +
        `openssl asn1parse -inform DER -in ${base}.bin -offset 4 -length 64 -noout -out ${base}.sig\n` +
        `openssl pkeyutl -verify -pubin -inkey LEDGER-KEY.pem -rawin -in checkpoint-${size}.txt -sigfile ${base}.sig\n`;
    }
    return out + "\n";
  }

  // BundleVerifyText.anchor(checkpoint:imprint:genTimeMillis:base:).
  function anchor(checkpointName, imprintHex, genTimeMillis, base) {
    let t;
    try { t = E.receipt.formatTime(E.receipt.checkTimeRange(genTimeMillis)); } catch (e) { t = `${genTimeMillis} ms`; }
    const seconds = Math.trunc(genTimeMillis / 1000);
    return `# Anchor ${base}.tsr: a time-stamp of ${checkpointName} at ${t} (genTime), by a TSA whose root must be in TSA-ROOTS.pem.\n` +
      `# The TSA certificate is validated at genTime (-attime); the digest is SHA-256 of the note:\n` +
      `openssl dgst -sha256 ${checkpointName}    # ${imprintHex}\n` +
      `openssl ts -verify -data ${checkpointName} -in ${base}.tsr -CAfile TSA-ROOTS.pem -untrusted ${base}.chain.pem -attime ${seconds}\n` +
      `openssl ts -verify -queryfile ${base}.tsq -in ${base}.tsr -CAfile TSA-ROOTS.pem -untrusted ${base}.chain.pem -attime ${seconds}\n\n`;
  }

  const NO_ANCHORS = "# This bundle holds no anchors: the receipts' times are not proven by any TSA.\n";

  // BundleVerifyText.document: checkpoints [{size, note}], anchors [{treeSize, imprintHex, genTimeMillis, base}].
  function documentText(origin, version, checkpoints, anchors) {
    let out = header(origin, version);
    for (const c of checkpoints) out += checkpoint(E.tar.FORMAT.checkpointNote(c.size), c.size, c.note, origin);
    for (const a of anchors) out += anchor(E.tar.FORMAT.checkpointNote(a.treeSize), a.imprintHex, a.genTimeMillis, a.base);
    if (anchors.length === 0) out += NO_ANCHORS;
    return out;
  }

  // Instructions.compare: {status: "derived"} or {status: "differs", line} (the first differing line, from 1).
  function compare(file, derived) {
    const want = new TextEncoder().encode(derived);
    if (file.length === want.length && file.every((b, i) => b === want[i])) return { status: "derived", line: null };
    const split = (b) => { const out = []; let s = 0; for (let i = 0; i <= b.length; i++) if (i === b.length || b[i] === 0x0a) { out.push(b.subarray(s, i)); s = i + 1; } return out; };
    const a = split(file), b = split(want);
    let same = 0;
    while (same < a.length && same < b.length && a[same].length === b[same].length && a[same].every((x, i) => x === b[same][i])) same++;
    return { status: "differs", line: same + 1 };
  }

  E.verifyText = { documentText, compare };
})(globalThis.Evident = globalThis.Evident || {});
