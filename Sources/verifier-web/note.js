"use strict";
// E.note: C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures (type 0x01) and
// Ed25519 cosignature/v1 cosignatures (type 0x04, c2sp.org/tlog-cosignature), tlog checkpoints
// (c2sp.org/tlog-checkpoint) and the `evident-key-journal` extension line, as
// Sources/EvidentLedger/Checkpoint/* and Keys/KeyJournalCommitment.swift. The text means nothing
// until a trusted key's signature over it has verified: open() verifies before it parses the text.
(function (E) {
  const MAX_NOTE_SIZE = 64 * 1024;
  const MAX_SIGNATURES = 100;
  const ED25519_TYPE = 0x01; // Ed25519 over the note text (c2sp.org/signed-note)
  const COSIGNATURE_V1_TYPE = 0x04; // Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature)
  const COSIGNATURE_LENGTH = 8 + 64; // timestamp ‖ Ed25519 signature
  const MAX_TIMESTAMP = 9223372036854775807n; // 2^63 − 1
  const JOURNAL_PREFIX = "evident-key-journal ";

  class NoteError extends Error {
    constructor(code, line, detail) {
      super(line === null || line === undefined ? `${code}: ${detail}` : `${code} on line ${line}: ${detail}`);
      this.name = "NoteError";
      this.code = code;
      this.line = line;
      this.detail = detail;
    }
  }

  const utf8 = new TextEncoder();
  const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const lenientDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
  const hex8 = (v) => (v >>> 0).toString(16).padStart(8, "0");

  // Unicode White_Space (what Swift's `properties.isWhitespace` tests).
  function isWhiteSpace(cp) {
    return (cp >= 0x09 && cp <= 0x0d) || cp === 0x20 || cp === 0x85 || cp === 0xa0 || cp === 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
  }

  // Key names are non-empty and contain no white space and no "+".
  function validateKeyName(name, line) {
    if (name.length === 0) throw new NoteError("invalid-key-name", line, "the key name is empty");
    for (const ch of name) {
      const cp = ch.codePointAt(0);
      if (isWhiteSpace(cp) || cp === 0x2b) {
        throw new NoteError("invalid-key-name", line,
          `key names contain no white space and no '+' (found U+${cp.toString(16).padStart(4, "0")})`);
      }
    }
  }

  // The c2sp key hash: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ key).
  function keyHash(name, publicKey, type = ED25519_TYPE) {
    const d = E.sha256.digest(utf8.encode(name), new Uint8Array([0x0a, type]), publicKey);
    return ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
  }

  // A verifier key {name, type, keyHash, publicKey} for an Ed25519 public key (32 bytes) of
  // signature type 0x01 (a log's note signature) or 0x04 (a witness's cosignature/v1). The type
  // is part of the key hash: a key of one type never matches a signature line of the other.
  function verifierKey(name, publicKey, type = ED25519_TYPE) {
    if (type !== ED25519_TYPE && type !== COSIGNATURE_V1_TYPE) {
      throw new NoteError("unsupported-key-type", null, "only Ed25519 (0x01) and Ed25519 cosignature/v1 (0x04) are supported");
    }
    validateKeyName(name, null);
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
      throw new NoteError("invalid-verifier-key", null, "an Ed25519 key is 32 bytes");
    }
    return { name, type, keyHash: keyHash(name, publicKey, type), publicKey };
  }

  // Swift splits a String by Characters (extended grapheme clusters): a "+" that a combining
  // mark extends (or a prepended character joins) is no separator. Intl.Segmenter gives the
  // same clusters; without it, every "+" code point separates.
  const graphemes = typeof Intl === "object" && typeof Intl.Segmenter === "function"
    ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function plusPositions(text) {
    const out = [];
    if (graphemes) {
      for (const g of graphemes.segment(text)) if (g.segment === "+") out.push(g.index);
    } else {
      for (let i = text.indexOf("+"); i >= 0; i = text.indexOf("+", i + 1)) out.push(i);
    }
    return out;
  }

  // Swift's UInt32(text, radix: 16) for text of 8 UTF-8 bytes: an optional sign, then hex
  // digits; "-" only for zero. null when it does not parse.
  function parseHash8(text) {
    if (utf8.encode(text).length !== 8) return null;
    const m = /^([+-]?)([0-9a-fA-F]+)$/.exec(text);
    if (!m) return null;
    const v = parseInt(m[2], 16);
    if (m[1] === "-" && v !== 0) return null;
    return v >>> 0;
  }

  // Parses a vkey `<name>+<8 hex>+<base64(type ‖ key)>` of type 0x01 or 0x04, checking the
  // stated key hash (NoteVerifierKey(vkey:)).
  function parseVerifierKey(vkey) {
    const plus = plusPositions(vkey);
    if (plus.length < 2) throw new NoteError("invalid-verifier-key", null, "a verifier key is <name>+<key hash>+<base64 key>");
    const [a, b] = plus;
    const name = vkey.slice(0, a), hashText = vkey.slice(a + 1, b), keyText = vkey.slice(b + 1);
    const stated = parseHash8(hashText);
    if (stated === null) throw new NoteError("invalid-verifier-key", null, "the key hash must be 8 hex digits");
    const key = E.jcs.base64Decode(keyText);
    if (!key) throw new NoteError("invalid-verifier-key", null, "the key is not canonical base64");
    if (key.length === 0 || (key[0] !== ED25519_TYPE && key[0] !== COSIGNATURE_V1_TYPE)) {
      throw new NoteError("unsupported-key-type", null,
        `signature type ${key.length === 0 ? "missing" : "0x" + key[0].toString(16).padStart(2, "0")}; only Ed25519 (0x01) and Ed25519 cosignature/v1 (0x04) are supported`);
    }
    if (key.length !== 33) throw new NoteError("invalid-verifier-key", null, `an Ed25519 key is 32 bytes, not ${key.length - 1}`);
    const k = verifierKey(name, key.slice(1), key[0]);
    if (k.keyHash !== stated) {
      throw new NoteError("key-hash-mismatch", null, `the vkey states key hash ${hex8(stated)}, its name and key give ${hex8(k.keyHash)}`);
    }
    return k;
  }

  // The envelope: size, UTF-8, no control characters but newline, the last blank line
  // separating the text from signature lines, each signature line's form. Nothing verified.
  function parse(note) {
    if (note.length > MAX_NOTE_SIZE) throw new NoteError("note-too-large", null, `the note is ${note.length} bytes, the limit is ${MAX_NOTE_SIZE}`);
    try { strictDecoder.decode(note); } catch (e) { throw new NoteError("invalid-utf8", null, "a signed note is UTF-8"); }
    for (let i = 0; i < note.length; i++) {
      if (note[i] < 0x20 && note[i] !== 0x0a) {
        let line = 1;
        for (let k = 0; k < i; k++) if (note[k] === 0x0a) line++;
        throw new NoteError("control-character", line,
          `control character 0x${note[i].toString(16).padStart(2, "0")}; only newline is allowed`);
      }
    }
    let split = -1;
    for (let i = note.length - 2; i >= 0; i--) {
      if (note[i] === 0x0a && note[i + 1] === 0x0a) { split = i; break; }
    }
    if (split < 0) throw new NoteError("missing-signatures", null, "no blank line separates the text from signature lines");
    const textBytes = note.slice(0, split + 1);
    const sigBytes = note.subarray(split + 2);
    if (sigBytes.length === 0 || sigBytes[sigBytes.length - 1] !== 0x0a) {
      throw new NoteError("missing-signatures", null, "signature lines must follow the blank line, each ending in a newline");
    }
    let textLines = 0;
    for (const b of textBytes) if (b === 0x0a) textLines++;
    const firstSignatureLine = textLines + 2;
    const signatures = [];
    const body = sigBytes.subarray(0, sigBytes.length - 1);
    let start = 0, n = 0;
    for (let i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] !== 0x0a) continue;
      const lineNumber = firstSignatureLine + n;
      if (signatures.length >= MAX_SIGNATURES) throw new NoteError("too-many-signatures", lineNumber, `more than ${MAX_SIGNATURES} signature lines`);
      signatures.push(parseSignatureLine(body.subarray(start, i), lineNumber));
      start = i + 1;
      n++;
    }
    return { text: lenientDecoder.decode(textBytes), textBytes, signatures };
  }

  // Signature lines on their own (what a witness adds to a note): each `— <name> <base64>`
  // ending in a newline, at least one, at most MAX_SIGNATURES (SignedNote.parseSignatureLines).
  function parseSignatureLines(bytes) {
    if (bytes.length > MAX_NOTE_SIZE) throw new NoteError("note-too-large", null, `${bytes.length} bytes of signature lines, the limit is ${MAX_NOTE_SIZE}`);
    try { strictDecoder.decode(bytes); } catch (e) { throw new NoteError("invalid-utf8", null, "signature lines are UTF-8"); }
    if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) {
      throw new NoteError("missing-signatures", null, "one or more signature lines, each ending in a newline");
    }
    const signatures = [];
    const body = bytes.subarray(0, bytes.length - 1);
    let start = 0, n = 0;
    for (let i = 0; i <= body.length; i++) {
      if (i < body.length && body[i] !== 0x0a) continue;
      if (signatures.length >= MAX_SIGNATURES) throw new NoteError("too-many-signatures", n + 1, `more than ${MAX_SIGNATURES} signature lines`);
      const line = body.subarray(start, i);
      const bad = line.findIndex((b) => b < 0x20);
      if (bad >= 0) throw new NoteError("control-character", n + 1, `control character 0x${line[bad].toString(16).padStart(2, "0")}`);
      signatures.push(parseSignatureLine(line, n + 1));
      start = i + 1;
      n++;
    }
    return signatures;
  }

  function parseSignatureLine(line, lineNumber) {
    if (!(line.length >= 4 && line[0] === 0xe2 && line[1] === 0x80 && line[2] === 0x94 && line[3] === 0x20)) {
      throw new NoteError("malformed-signature-line", lineNumber, "a signature line starts with an em dash and a space");
    }
    const rest = line.subarray(4);
    const space = rest.indexOf(0x20);
    if (space < 0) throw new NoteError("malformed-signature-line", lineNumber, "a signature line is '— <key name> <signature>'");
    const name = lenientDecoder.decode(rest.subarray(0, space));
    validateKeyName(name, lineNumber);
    const decoded = E.jcs.base64Decode(rest.subarray(space + 1));
    if (!decoded || decoded.length <= 4) {
      throw new NoteError("malformed-signature-line", lineNumber, "the signature is not canonical base64 of a key hash and signature bytes");
    }
    return {
      name,
      keyHash: ((decoded[0] << 24) | (decoded[1] << 16) | (decoded[2] << 8) | decoded[3]) >>> 0,
      signature: decoded.slice(4),
    };
  }

  // The cosignature/v1 message: "cosignature/v1\ntime <timestamp>\n" ‖ the note text.
  function cosignatureMessage(textBytes, timestamp) {
    const head = utf8.encode(`cosignature/v1\ntime ${timestamp}\n`);
    const m = new Uint8Array(head.length + textBytes.length);
    m.set(head);
    m.set(textBytes, head.length);
    return m;
  }

  // The timestamp (a BigInt, POSIX seconds) of a timestamped_signature, or null when the bytes
  // are not 8 + 64 or it exceeds 2^63 − 1 (Cosignature.timestamp(of:)).
  function cosignatureTimestamp(signature) {
    if (signature.length !== COSIGNATURE_LENGTH) return null;
    let t = 0n;
    for (let i = 0; i < 8; i++) t = (t << 8n) | BigInt(signature[i]);
    return t <= MAX_TIMESTAMP ? t : null;
  }

  // A cosignature's timestamp (BigInt seconds) in words: its UTC time, or — past year 9999 — the
  // seconds exactly as signed (Cosignature.describe(timestamp:)).
  function describeCosignatureTime(seconds) {
    return seconds <= 253402300799n ? E.receipt.describeMillis(Number(seconds * 1000n)) : `${seconds} s since 1970`;
  }

  // Whether `signature` (a line matched to `key` by name and key hash) is key's valid signature
  // of `textBytes`: for 0x01 Ed25519 over the text, for 0x04 a timestamped_signature whose
  // Ed25519 signature covers the cosigned message (NoteVerifierKey.isValidSignature).
  function isValidSignature(key, signature, textBytes) {
    if (key.type === COSIGNATURE_V1_TYPE) {
      const t = cosignatureTimestamp(signature);
      if (t === null) return Promise.resolve(false);
      return E.keys.verifyEd25519(key.publicKey, signature.subarray(8), cosignatureMessage(textBytes, t));
    }
    return E.keys.verifyEd25519(key.publicKey, signature, textBytes);
  }

  // Whether a signature line claims to be by `key`: same name (exact) and key hash.
  function matches(key, s) { return key.keyHash === s.keyHash && key.name === s.name; }

  // The keys among `keys` ({name, type, keyHash, publicKey}) that signed the note, in note
  // order, possibly none (a witness policy counts cosigners this way). A line whose name and key
  // hash match one of `keys` must verify (invalid-signature) and appear once
  // (duplicate-signature); lines by other keys are ignored (SignedNote.verifiedSignatures(by:)).
  async function verifiedSignatures(note, keys) {
    let textLines = 0;
    for (const b of note.textBytes) if (b === 0x0a) textLines++;
    const first = textLines + 2;
    const verified = [];
    for (let n = 0; n < note.signatures.length; n++) {
      const s = note.signatures[n];
      const key = keys.find((k) => matches(k, s));
      if (!key) continue;
      if (verified.includes(key)) throw new NoteError("duplicate-signature", first + n, `a second signature by ${key.name}`);
      if (!(await isValidSignature(key, s.signature, note.textBytes))) {
        throw new NoteError("invalid-signature", first + n,
          `the signature by ${key.name} (key hash ${hex8(key.keyHash)}) does not verify`);
      }
      verified.push(key);
    }
    return verified;
  }

  // Checks the signatures against `keys`: as verifiedSignatures, and at least one must be by a
  // trusted key. Resolves to the keys whose signatures verified, in note order.
  async function verify(note, keys) {
    const verified = await verifiedSignatures(note, keys);
    if (verified.length === 0) {
      const names = note.signatures.map((s) => `${s.name}+${hex8(s.keyHash)}`).join(", ");
      throw new NoteError("no-trusted-signature", null, `no signature by a trusted key (signed by: ${names})`);
    }
    return verified;
  }

  // A checkpoint text: origin, tree size (decimal, no leading zeros, ≤ 2^64 − 1), base64 root
  // hash, then non-empty extension lines; every line ends in a newline.
  function parseCheckpoint(text) {
    if (!text.endsWith("\n")) throw new NoteError("invalid-text", null, "a checkpoint text ends in a newline");
    const lines = text.slice(0, -1).split("\n");
    if (lines.length < 3) {
      throw new NoteError("missing-checkpoint-line", lines.length + 1, "a checkpoint has an origin, a tree size and a root hash line");
    }
    const size = lines[1];
    if (!/^(0|[1-9][0-9]*)$/.test(size) || BigInt(size) > 18446744073709551615n) {
      throw new NoteError("invalid-tree-size", 2, "the tree size is ASCII decimal without leading zeros, at most 18446744073709551615");
    }
    const rootHash = E.merkle.hashFromBase64(lines[2]);
    if (!rootHash) throw new NoteError("invalid-root-hash", 3, "the root hash is canonical base64 of 32 bytes");
    const check = (line, code, number) => {
      if (line.length === 0) throw new NoteError(code, number, "the line is empty");
      for (let i = 0; i < line.length; i++) {
        if (line.charCodeAt(i) < 0x20) throw new NoteError(code, number, "the line contains a control character or newline");
      }
    };
    check(lines[0], "invalid-origin", 1);
    const extensionLines = lines.slice(3);
    extensionLines.forEach((l, i) => check(l, "invalid-extension-line", 4 + i));
    // Sizes are compared as Numbers (exact up to 2^53 − 1, the bundle format's bound) and
    // named by their exact decimal text.
    return { origin: lines[0], treeSize: Number(size), treeSizeText: size, rootHash, extensionLines };
  }

  // Opens a signed checkpoint: envelope, signatures by `keys`, then the text, and the origin
  // when given. Resolves to {checkpoint, note, verifiedBy}.
  async function openCheckpoint(bytes, keys, origin) {
    const note = parse(bytes);
    const verifiedBy = await verify(note, keys);
    const checkpoint = parseCheckpoint(note.text);
    if (origin !== undefined && origin !== null && checkpoint.origin !== origin) {
      throw new NoteError("origin-mismatch", 1, `the checkpoint is for ${checkpoint.origin}, not ${origin}`);
    }
    return { checkpoint, note, verifiedBy };
  }

  // The key-journal commitment among a checkpoint's extension lines: null when none; throws
  // when one does not parse or there is more than one.
  function findKeyJournal(lines) {
    const ours = lines.filter((l) => l.startsWith(JOURNAL_PREFIX));
    if (ours.length === 0) return null;
    if (ours.length > 1) throw new NoteError("invalid-extension-line", null, `more than one ${JOURNAL_PREFIX}line`);
    const parts = ours[0].slice(JOURNAL_PREFIX.length).split(" ");
    const bad = () => new NoteError("invalid-extension-line", null, `${JOURNAL_PREFIX}line is not '<count> <base64 SHA-256>'`);
    if (parts.length !== 2 || !/^(0|[1-9][0-9]*)$/.test(parts[0]) || BigInt(parts[0]) > 9223372036854775807n) throw bad();
    const h = E.jcs.base64Decode(parts[1]);
    if (!h || h.length !== 32 || E.jcs.base64Encode(h) !== parts[1]) throw bad();
    return { count: Number(parts[0]), hash: h };
  }

  E.note = {
    NoteError, MAX_NOTE_SIZE, JOURNAL_PREFIX, ED25519_TYPE, COSIGNATURE_V1_TYPE,
    validateKeyName, keyHash, verifierKey, parseVerifierKey, parse, parseSignatureLines, matches, isValidSignature, verifiedSignatures, verify,
    cosignatureMessage, cosignatureTimestamp, describeCosignatureTime, parseCheckpoint, openCheckpoint, findKeyJournal,
  };
})(globalThis.Evident = globalThis.Evident || {});
