"use strict";
// E.receipt: receipt schema v1 (docs/receipt.md) as Sources/EvidentLedger/Receipt — receipt
// times (ReceiptTime.swift), the schema and limits (ReceiptSchema.swift, FieldReader.swift,
// ReceiptLimits.swift), the canonical-form rule and the verification of one receipt through a
// key ring (ReceiptVerification.swift, KeyRing.verify): key validity at issued_at, then the
// Ed25519 signature, then expiry when a time is given. Errors carry the Swift codes, and each
// outcome names its check as ReceiptOutcome.check does.
(function (E) {
  const LIMITS = Object.freeze({
    maxReceiptSize: 64 * 1024, maxDepth: 8, maxIDLength: 128, maxValueLength: 512,
    maxScopeEntries: 32, maxEvidence: 64, maxApprovals: 16, maxParents: 32, maxSequence: 9007199254740991,
  });
  const FIELDS = ["v", "stream", "seq", "prev", "issued_at", "decision", "actor", "action", "resource", "scope", "policy",
    "evidence", "approvals", "parents", "expires_at", "anchor", "key_id", "sig"];
  const POLICY_FIELDS = ["id", "version", "hash"];
  const EVIDENCE_FIELDS = ["name", "sha256"];
  const APPROVAL_FIELDS = ["who", "at", "what"];
  const TIME_MIN = -62135596800000, TIME_MAX = 253402300799999;

  class ReceiptError extends Error {
    constructor(code, field, detail) {
      super(field ? `${code} at ${field}: ${detail}` : `${code}: ${detail}`);
      this.name = "ReceiptError";
      this.code = code;
      this.field = field || null;
      this.detail = detail;
    }
  }

  // ---- Times: RFC 3339 UTC with exactly three fraction digits, years 0001–9999.

  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }
  function civilFromDays(z) {
    z += 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp + (mp < 10 ? 3 : -9);
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
  }
  function daysIn(m, y) {
    if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
    return [4, 6, 9, 11].includes(m) ? 30 : 31;
  }

  // Milliseconds since the epoch of a strict receipt time, or null.
  function parseTime(text, lenient) {
    if (typeof text !== "string") return null;
    const c = text;
    if (c.length < 20 || c.length > 30 || c[c.length - 1] !== "Z" || c[4] !== "-" || c[7] !== "-" || c[10] !== "T" ||
      c[13] !== ":" || c[16] !== ":") return null;
    const num = (a, n) => {
      let v = 0;
      for (let i = a; i < a + n; i++) {
        const k = c.charCodeAt(i);
        if (k < 48 || k > 57) return null;
        v = v * 10 + (k - 48);
      }
      return v;
    };
    let millis = 0;
    if (c.length > 20) {
      const digits = c.length - 21;
      if (c[19] !== "." || digits < 1 || digits > 9) return null;
      const f = num(20, digits);
      if (f === null) return null;
      if (!lenient && digits !== 3) return null;
      millis = Math.floor((f * Math.pow(10, 9 - digits)) / 1000000);
    } else if (!lenient) {
      return null;
    }
    const y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
    if ([y, mo, d, h, mi, s].includes(null) || y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) || h > 23 || mi > 59 || s > 59) {
      return null;
    }
    const ms = ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + s * 1000 + millis;
    return ms >= TIME_MIN && ms <= TIME_MAX ? ms : null;
  }

  function checkTimeRange(ms) {
    if (!(ms >= TIME_MIN && ms <= TIME_MAX)) {
      throw new ReceiptError("invalid-time", null, `${ms} ms since 1970 is outside years 0001–9999`);
    }
    return ms;
  }

  const pad = (v, n) => String(v).padStart(n, "0");
  // ReceiptTime.description.
  function formatTime(ms) {
    const days = Math.floor(ms / 86400000);
    const rest = ms - days * 86400000;
    const [y, m, d] = civilFromDays(days);
    return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T${pad(Math.floor(rest / 3600000), 2)}:${pad(Math.floor(rest / 60000) % 60, 2)}:` +
      `${pad(Math.floor(rest / 1000) % 60, 2)}.${pad(rest % 1000, 3)}Z`;
  }
  // ReceiptTime.describe(millis:): the time, or the number of ms when out of range.
  function describeMillis(ms) { return ms >= TIME_MIN && ms <= TIME_MAX ? formatTime(ms) : `${ms} ms since 1970`; }

  // ---- Field rules (FieldReader)

  function utf8Length(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }

  // FieldReader.checkString: {code, detail} of the first problem, or null.
  function stringProblem(s, max, what) {
    if (s.length === 0) return { code: "invalid-value", detail: `${what} is empty` };
    const n = utf8Length(s);
    if (n > max) return { code: "string-too-long", detail: `${what} of ${n} bytes; at most ${max}` };
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return { code: "invalid-value", detail: `${what} contains a control character` };
    }
    return null;
  }
  function checkString(s, field, max, what) {
    const p = stringProblem(s, max, what);
    if (p) throw new ReceiptError(p.code, field, p.detail);
  }
  const isHashText = (s) => typeof s === "string" && /^[0-9a-f]{64}$/.test(s);

  class Reader {
    constructor(object, path, allowUnknown) {
      this.o = object;
      this.path = path;
      this.allowUnknown = allowUnknown;
    }
    name(key) { return this.path ? `${this.path}.${key}` : key; }
    has(key) { return Object.prototype.hasOwnProperty.call(this.o, key); }
    checkMembers(known) {
      if (this.allowUnknown) return;
      const extra = Object.keys(this.o).sort().find((k) => !known.includes(k));
      if (extra !== undefined) throw new ReceiptError("unknown-field", this.name(extra), "not a field of schema 1.0");
    }
    value(key) {
      if (!this.has(key)) throw new ReceiptError("missing-field", this.name(key), "required");
      return this.o[key];
    }
    string(key, max) {
      const v = this.value(key);
      if (typeof v !== "string") throw new ReceiptError("wrong-type", this.name(key), "must be a string");
      checkString(v, this.name(key), max, "value");
      return v;
    }
    integer(key, min, max) {
      const v = this.value(key);
      if (typeof v !== "number") throw new ReceiptError("wrong-type", this.name(key), "must be a number");
      if (!(v === Math.trunc(v) && v >= min && v <= max)) {
        throw new ReceiptError("invalid-value", this.name(key), `must be an integer from ${min} to ${max}`);
      }
      return v;
    }
    hash(key) {
      const v = this.value(key);
      if (typeof v !== "string") throw new ReceiptError("wrong-type", this.name(key), "must be a hex string");
      if (!isHashText(v)) throw new ReceiptError("invalid-hash", this.name(key), "must be a SHA-256 as 64 lower-case hex digits");
      return v;
    }
    optionalHash(key, nullable) {
      if (!this.has(key)) {
        if (nullable) throw new ReceiptError("missing-field", this.name(key), "required (null or a hash)");
        return null;
      }
      if (this.o[key] === null) {
        if (nullable) return null;
        throw new ReceiptError("wrong-type", this.name(key), "leave it out rather than null");
      }
      return this.hash(key);
    }
    time(key) {
      const v = this.value(key);
      if (typeof v !== "string") throw new ReceiptError("wrong-type", this.name(key), "must be an RFC 3339 string");
      const ms = parseTime(v);
      if (ms === null) {
        throw new ReceiptError("invalid-time", this.name(key), `'${[...v].slice(0, 40).join("")}' is not RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)`);
      }
      return ms;
    }
    optionalTime(key) { return this.has(key) ? this.time(key) : null; }
    object(key, known) {
      const v = this.value(key);
      if (!E.jcs.isObject(v)) throw new ReceiptError("wrong-type", this.name(key), "must be an object");
      const r = new Reader(v, this.name(key), this.allowUnknown);
      if (known) r.checkMembers(known);
      return r;
    }
    rawArray(key, max) {
      const v = this.value(key);
      if (!Array.isArray(v)) throw new ReceiptError("wrong-type", this.name(key), "must be an array");
      if (v.length > max) throw new ReceiptError("too-many-entries", this.name(key), `${v.length} entries; at most ${max}`);
      return v;
    }
    array(key, max, known) {
      return this.rawArray(key, max).map((v, i) => {
        const field = `${this.name(key)}[${i}]`;
        if (!E.jcs.isObject(v)) throw new ReceiptError("wrong-type", field, "must be an object");
        const r = new Reader(v, field, this.allowUnknown);
        r.checkMembers(known);
        return r;
      });
    }
    hashArray(key, max) {
      return this.rawArray(key, max).map((v, i) => {
        const field = `${this.name(key)}[${i}]`;
        if (typeof v !== "string") throw new ReceiptError("wrong-type", field, "must be a hex string");
        if (!isHashText(v)) throw new ReceiptError("invalid-hash", field, "must be a SHA-256 as 64 lower-case hex digits");
        return v;
      });
    }
  }

  function minorVersion(o) {
    if (!Object.prototype.hasOwnProperty.call(o, "v")) throw new ReceiptError("missing-field", "v", "no schema version");
    const s = o.v;
    if (typeof s !== "string") throw new ReceiptError("wrong-type", "v", "must be a string \"1.minor\"");
    const parts = s.split(".");
    const ok = parts.length === 2 && parts.every((p) => /^[0-9]{1,4}$/.test(p) && (p === "0" || p[0] !== "0"));
    if (!ok) throw new ReceiptError("unsupported-version", "v", `'${[...s].slice(0, 16).join("")}' is not major.minor`);
    const major = Number(parts[0]);
    if (major !== 1) throw new ReceiptError("unsupported-version", "v", `major version ${major}; this reader knows 1.x`);
    return Number(parts[1]);
  }

  // Canonical equivalence (what Swift's String and Set<String> compare by).
  const canonicalKey = (s) => s.normalize("NFD");

  // ReceiptSchema.decode(_, signed: true): the draft's fields, key_id and signature.
  function decode(o) {
    const minor = minorVersion(o);
    const r = new Reader(o, null, minor > 0);
    r.checkMembers(FIELDS);
    const sequence = r.integer("seq", 1, LIMITS.maxSequence);
    const previous = r.optionalHash("prev", true);
    if (sequence === 1 && previous !== null) throw new ReceiptError("chain-mismatch", "prev", "seq 1 starts a stream: prev must be null");
    if (sequence > 1 && previous === null) throw new ReceiptError("chain-mismatch", "prev", `seq ${sequence} needs the previous receipt's hash`);
    const decision = r.string("decision", LIMITS.maxIDLength);
    if (decision !== "allow" && decision !== "deny") throw new ReceiptError("invalid-value", "decision", "must be \"allow\" or \"deny\"");
    const p = r.object("policy", POLICY_FIELDS);
    const policy = { id: p.string("id", LIMITS.maxIDLength), version: p.string("version", LIMITS.maxIDLength), hash: p.hash("hash") };
    const d = {
      stream: r.string("stream", LIMITS.maxIDLength), sequence, previous,
      issuedAt: r.time("issued_at"), decision,
      actor: r.string("actor", LIMITS.maxValueLength), action: r.string("action", LIMITS.maxValueLength),
      resource: r.string("resource", LIMITS.maxValueLength), policy, version: `1.${minor}`,
    };
    const scope = r.object("scope", null);
    const scopeKeys = Object.keys(scope.o).sort();
    if (scopeKeys.length > LIMITS.maxScopeEntries) {
      throw new ReceiptError("too-many-entries", "scope", `${scopeKeys.length} entries; at most ${LIMITS.maxScopeEntries}`);
    }
    const seenScope = new Set();
    for (const k of scopeKeys) {
      checkString(k, "scope", LIMITS.maxIDLength, "scope key");
      scope.string(k, LIMITS.maxValueLength);
      const c = canonicalKey(k);
      if (seenScope.has(c)) {
        throw new ReceiptError("duplicate-entry", "scope", `two scope keys are canonically equivalent spellings of ${E.jcs.quote(k)}`);
      }
      seenScope.add(c);
    }
    const evidence = r.array("evidence", LIMITS.maxEvidence, EVIDENCE_FIELDS)
      .map((e) => ({ name: e.string("name", LIMITS.maxIDLength), sha256: e.hash("sha256") }));
    unique(evidence.map((e) => canonicalKey(e.name)), "evidence", "evidence name");
    r.array("approvals", LIMITS.maxApprovals, APPROVAL_FIELDS)
      .forEach((a) => { a.string("who", LIMITS.maxValueLength); a.time("at"); a.string("what", LIMITS.maxValueLength); });
    const parents = r.hashArray("parents", LIMITS.maxParents);
    unique(parents, "parents", "parent hash");
    d.expiresAt = r.optionalTime("expires_at");
    if (d.expiresAt !== null && d.expiresAt <= d.issuedAt) throw new ReceiptError("invalid-value", "expires_at", "must be later than issued_at");
    d.anchor = r.optionalHash("anchor", false);
    const keyID = r.string("key_id", LIMITS.maxIDLength);
    if (!E.keys.isValidKeyID(keyID)) throw new ReceiptError("invalid-key-id", "key_id", "must be \"ed25519:\" and 32 lower-case hex digits");
    const sig = r.string("sig", LIMITS.maxIDLength);
    const signature = E.jcs.base64Decode(sig);
    if (!signature || signature.length !== 64) {
      throw new ReceiptError("invalid-signature-encoding", "sig", "must be the base64 of a 64-byte Ed25519 signature");
    }
    return { draft: d, keyID, signature: signature.slice() };
  }

  function unique(values, field, what) {
    const seen = new Set();
    values.forEach((v, i) => {
      if (seen.has(v)) throw new ReceiptError("duplicate-entry", `${field}[${i}]`, `${what} listed twice`);
      seen.add(v);
    });
  }

  // Receipt(json:): strict parse, canonical form, schema. Throws ReceiptError. When the bytes are
  // canonical, canonicalBytes is `bytes` itself (not a copy): the caller does not write to them.
  function parse(bytes) {
    if (bytes.length > LIMITS.maxReceiptSize) {
      throw new ReceiptError("receipt-too-large", null, `${bytes.length} bytes, larger than the ${LIMITS.maxReceiptSize}-byte limit`);
    }
    let object;
    try {
      object = E.jcs.parse(bytes, { maxInputSize: LIMITS.maxReceiptSize, maxDepth: LIMITS.maxDepth, maxStringLength: LIMITS.maxValueLength * 2 });
    } catch (e) {
      if (e instanceof E.jcs.JCSError) throw new ReceiptError("invalid-json", null, e.message);
      throw e;
    }
    if (!E.jcs.isObject(object)) throw new ReceiptError("not-an-object", null, "a receipt is a JSON object");
    // One serialization gives the canonical form and the signed form (the canonical form without
    // "sig"); the canonical form is compared with the bytes as it stands, and when they are equal
    // the bytes are the canonical bytes.
    const forms = E.jcs.serializeWithout(object, "sig");
    const decoded = decode(object);
    const isCanonical = E.jcs.stringEqualsBytes(forms.full, bytes);
    return {
      draft: decoded.draft, keyID: decoded.keyID, signature: decoded.signature, object,
      canonicalBytes: isCanonical ? bytes : E.jcs.encode(forms.full),
      isCanonical,
      signedBytes: () => E.jcs.encode(forms.without),
    };
  }

  // The check a receipt error belongs to (ReceiptOutcome.check).
  function checkFor(code) {
    switch (code) {
      case "not-canonical": return "receipt-canonical";
      case "unknown-key-id": case "key-not-valid": return "receipt-key";
      case "bad-signature": case "key-id-mismatch": case "invalid-signature-encoding": return "receipt-signature";
      case "expired": return "receipt-expiry";
      case "chain-mismatch": return "receipt-place";
      default: return "receipt-json";
    }
  }

  const VALID = Object.freeze({ verdict: "valid", error: null });
  const invalid = (error) => ({ verdict: "invalid", error });
  const indeterminate = (error) => ({ verdict: "indeterminate", error });

  // KeyRing.verify: the key's validity at issued_at through `ring`, then the signature, then
  // expiry at `now` (ms) when given. Resolves to {verdict, error}.
  async function verifyWithRing(receipt, ring, now) { return checkWithRing(receipt, ring, now); }

  // verifyWithRing without an async frame: the outcome itself when it is decided before the
  // signature (key unknown or not valid), else a promise of it (the signature's).
  function checkWithRing(receipt, ring, now) {
    const id = receipt.keyID, issued = receipt.draft.issuedAt;
    const status = ring.status(id, issued);
    let publicKey;
    if (status.kind === "valid") {
      const unverifiedFrom = ring.unverifiedRevocations.get(id);
      if (unverifiedFrom !== undefined && issued >= unverifiedFrom) {
        return indeterminate(new ReceiptError("unknown-key-id", "key_id",
          `${id} has a revocation from ${formatTime(unverifiedFrom)} that could not be verified with the keys given: give its signer with --ledger-key`));
      }
      publicKey = status.publicKey;
    } else if (status.kind === "unknown") {
      const old = ring.unprovenRotations.get(id);
      if (old !== undefined) {
        return indeterminate(new ReceiptError("unknown-key-id", "key_id",
          `${id} is known only through a carried rotation from ${old}, which is revoked: give it with --ledger-key if you trust it`));
      }
      return indeterminate(new ReceiptError("unknown-key-id", "key_id", `no key ${id} among the keys given`));
    } else {
      return invalid(new ReceiptError("key-not-valid", "key_id", `${id} ${status.text} (issued_at ${formatTime(issued)})`));
    }
    if (E.keys.keyID(publicKey) !== id) {
      return invalid(new ReceiptError("key-id-mismatch", "key_id", `receipt names ${id}; the key given is ${E.keys.keyID(publicKey)}`));
    }
    return E.keys.verifyEd25519(publicKey, receipt.signature, receipt.signedBytes()).then((ok) => {
      if (!ok) return invalid(new ReceiptError("bad-signature", "sig", `the Ed25519 signature does not verify under ${id}`));
      if (now !== undefined && now !== null && receipt.draft.expiresAt !== null && now >= receipt.draft.expiresAt) {
        return invalid(new ReceiptError("expired", "expires_at", `expired at ${formatTime(receipt.draft.expiresAt)}; checked at ${formatTime(now)}`));
      }
      return VALID;
    });
  }

  // ReceiptVerification.verify(bytes:ring:now:): {receipt|null, outcome}. One trailing newline
  // is allowed; the bytes must be the canonical form (the bytes the signature covers).
  async function verifyBytes(bytes, ring, now) {
    const r = checkBytes(bytes, ring, now);
    return { receipt: r.receipt, outcome: await r.outcome };
  }

  // verifyBytes without an async frame: {receipt|null, outcome}, the outcome either decided or a
  // promise (the signature's), so a caller can keep many signatures in flight.
  function checkBytes(bytes, ring, now) {
    const input = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, bytes.length - 1) : bytes;
    let receipt;
    try { receipt = parse(input); } catch (e) {
      if (e instanceof ReceiptError) return { receipt: null, outcome: invalid(e) };
      return { receipt: null, outcome: invalid(new ReceiptError("invalid-json", null, String(e && e.message || e))) };
    }
    if (!receipt.isCanonical) {
      return { receipt, outcome: invalid(new ReceiptError("not-canonical", null, "not in RFC 8785 canonical form: not the bytes the signature covers")) };
    }
    return { receipt, outcome: checkWithRing(receipt, ring, now) };
  }

  // The finding of an outcome for `object`, or null when valid (ReceiptOutcome.finding).
  function finding(outcome, object) {
    if (!outcome.error) return null;
    return { check: checkFor(outcome.error.code), outcome: outcome.verdict === "invalid" ? "invalid" : "indeterminate",
      object, reason: outcome.error.message };
  }

  // Receipt hash (SHA-256 of the canonical bytes) as hex.
  function hashHex(receipt) { return E.sha256.hexDigest(receipt.canonicalBytes); }

  E.receipt = {
    LIMITS, ReceiptError, parseTime, formatTime, describeMillis, checkTimeRange, stringProblem, checkString,
    decode, parse, checkFor, verifyWithRing, checkWithRing, verifyBytes, checkBytes, finding, hashHex, utf8Length,
  };
})(globalThis.Evident = globalThis.Evident || {});
