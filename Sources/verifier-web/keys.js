"use strict";
// E.keys: ledger keys (docs/keys.md) — Ed25519 verification through WebCrypto, key ids, public
// key files, key records (rotation, revocation), the KeyRing exactly as
// Sources/EvidentLedger/Keys/KeyRing.swift builds it (KeyRing.audited for what a bundle carries)
// and the key-journal commitment check (KeyJournalCommitment.check).
(function (E) {
  const KEY_ID_PREFIX = "ed25519:";
  const MAX_FILE_SIZE = 64 * 1024;
  const ROTATION_OVERLAP = 24 * 3600000;
  const ROTATION = "key-rotation", REVOCATION = "key-revocation";
  const PUBLIC_KIND = "evident-ledger-public-key", SECRET_KIND = "evident-ledger-key";

  class KeyError extends Error {
    constructor(code, detail) {
      super(`${code}: ${detail}`);
      this.name = "KeyError";
      this.code = code;
      this.detail = detail;
    }
  }

  // ---- Ed25519 (RFC 8032) through crypto.subtle, with libsodium's extra refusals
  // (crypto_sign_verify_detached: non-canonical or small-order public keys, small-order R,
  // S ≥ L), so a signature verifies here exactly when the Swift verifier (libsodium) accepts it.
  const SMALL_ORDER = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  ].map((h) => Uint8Array.from(h.match(/../g).map((x) => parseInt(x, 16))));
  const L = [0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];

  function hasSmallOrder(p) {
    for (let k = 0; k < SMALL_ORDER.length; k++) {
      const b = SMALL_ORDER[k];
      // The first bytes of the seven encodings differ, so this rejects almost every point at once.
      if (p[0] !== b[0]) continue;
      let same = true;
      for (let j = 1; j < 31; j++) if (p[j] !== b[j]) { same = false; break; }
      if (same && (p[31] & 0x7f) === b[31]) return true;
    }
    return false;
  }
  function isCanonicalPoint(p) {
    if ((p[31] & 0x7f) !== 0x7f) return true;
    for (let i = 30; i >= 1; i--) if (p[i] !== 0xff) return true;
    return p[0] < 0xed;
  }
  function isCanonicalScalar(s) {
    // little-endian S < L
    for (let i = 31; i >= 0; i--) {
      if (s[i] < L[i]) return true;
      if (s[i] > L[i]) return false;
    }
    return false;
  }

  // Imported keys by the hex of their 32 bytes; the last one used is also kept with a copy of
  // its bytes, so a run of receipts by one key compares 32 bytes instead of hashing or hexing.
  const keyCache = new Map();
  const lastKey = { bytes: new Uint8Array(32), promise: null, id: null };
  const sameKey = (a, b) => {
    for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
    return true;
  };
  function importKey(publicKey) {
    if (lastKey.promise !== null && sameKey(lastKey.bytes, publicKey)) return lastKey.promise;
    const id = E.sha256.hex(publicKey);
    let p = keyCache.get(id);
    if (!p) {
      p = crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
      if (keyCache.size > 1000) keyCache.clear();
      keyCache.set(id, p);
    }
    lastKey.bytes.set(publicKey);
    lastKey.promise = p;
    return p;
  }

  // Fails unless this browser's WebCrypto verifies Ed25519 (RFC 8032 test 1 must verify, a
  // changed message must not): without it every signature would look forged.
  let ed25519Checked = null;
  function requireEd25519() {
    if (!ed25519Checked) {
      ed25519Checked = (async () => {
        const h = (x) => Uint8Array.from(x.match(/../g).map((b) => parseInt(b, 16)));
        const pk = h("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        const sig = h("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        let ok = false;
        try {
          const key = await crypto.subtle.importKey("raw", pk, { name: "Ed25519" }, false, ["verify"]);
          ok = (await crypto.subtle.verify({ name: "Ed25519" }, key, sig, new Uint8Array(0))) &&
            !(await crypto.subtle.verify({ name: "Ed25519" }, key, sig, new Uint8Array([0])));
        } catch (e) { ok = false; }
        if (!ok) {
          const e = new Error("this browser's WebCrypto does not verify Ed25519 signatures (RFC 8032); use a current browser (Chrome 137+, Firefox 129+, Safari 17+)");
          e.badInput = true;
          throw e;
        }
      })();
      ed25519Checked.catch(() => { ed25519Checked = null; });
    }
    return ed25519Checked;
  }

  // Resolves to true when `signature` (64 bytes) by `publicKey` (32 bytes) verifies over `message`.
  // Not an async function: the libsodium refusals are decided at once, and the promise returned is
  // WebCrypto's own (one promise per signature, many in flight).
  const ED25519 = Object.freeze({ name: "Ed25519" });
  const FALSE = Promise.resolve(false);
  const no = () => false;
  function verifyEd25519(publicKey, signature, message) {
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return FALSE;
    if (!(signature instanceof Uint8Array) || signature.length !== 64) return FALSE;
    if (!isCanonicalPoint(publicKey) || hasSmallOrder(publicKey)) return FALSE;
    if (!isCanonicalScalar(signature.subarray(32)) || hasSmallOrder(signature.subarray(0, 32))) return FALSE;
    const imported = importKey(publicKey);
    return imported.then((key) => crypto.subtle.verify(ED25519, key, signature, message).then((ok) => ok === true, no), no);
  }

  // "ed25519:" + lower-case hex of the first 16 bytes of SHA-256(public key); the last key's id
  // is kept with a copy of its bytes (every receipt of a bundle asks for its key's id).
  const lastID = { bytes: new Uint8Array(32), id: null };
  function keyID(publicKey) {
    if (lastID.id !== null && publicKey.length === 32 && sameKey(lastID.bytes, publicKey)) return lastID.id;
    const id = KEY_ID_PREFIX + E.sha256.hex(E.sha256.digest(publicKey).subarray(0, 16));
    if (publicKey.length === 32) {
      lastID.bytes.set(publicKey);
      lastID.id = id;
    }
    return id;
  }
  function isValidKeyID(s) { return typeof s === "string" && /^ed25519:[0-9a-f]{32}$/.test(s); }

  function parseJSON(bytes, what) {
    if (bytes.length > MAX_FILE_SIZE) throw new KeyError("too-large", `${what} larger than ${MAX_FILE_SIZE} bytes`);
    try { return E.jcs.parse(bytes); } catch (e) {
      if (e instanceof E.jcs.JCSError) throw new KeyError(what === "record" ? "invalid-record" : "invalid-key-file", `not JSON: ${e.message}`);
      throw e;
    }
  }

  // The public key (32 bytes) of a public key file or of a secret key file (its secret part
  // untouched): LedgerKeyFile.decodePublic.
  function decodePublic(bytes) {
    const o = parseJSON(bytes, "key file");
    const kind = E.jcs.string(o, "kind");
    if (!E.jcs.isObject(o) || kind === null) throw new KeyError("invalid-key-file", "not an evident key file (no kind)");
    if (kind !== PUBLIC_KIND && kind !== SECRET_KIND) {
      throw new KeyError("invalid-key-file", `kind "${kind.slice(0, 40)}" is not ${SECRET_KIND} or ${PUBLIC_KIND}`);
    }
    const allowed = kind === SECRET_KIND ? ["kind", "key_id", "public_key", "sealed", "seed"] : ["kind", "key_id", "public_key"];
    const extra = Object.keys(o).sort().find((k) => !allowed.includes(k));
    if (extra !== undefined) throw new KeyError("invalid-key-file", `unknown member "${extra.slice(0, 40)}"`);
    const id = E.jcs.string(o, "key_id"), pk = E.jcs.string(o, "public_key");
    const raw = pk === null ? null : E.jcs.base64Decode(pk);
    if (id === null || !raw || raw.length !== 32) {
      throw new KeyError("invalid-key-file", "key_id and public_key (base64 of 32 bytes) are required");
    }
    if (keyID(raw) !== id) throw new KeyError("key-mismatch", `key_id ${id.slice(0, 60)} is not the id of the file's public key`);
    return raw.slice();
  }

  // ---- Key records

  // The canonical bytes every signature of a record covers (its members without `signatures`).
  function recordBody(body) {
    const T = (ms) => E.receipt.formatTime(ms);
    if (body.type === ROTATION) {
      return { type: ROTATION, old_key_id: body.oldKeyID, new_key_id: body.newKeyID,
        new_public_key: E.jcs.base64Encode(body.newPublicKey), at: T(body.at) };
    }
    return { type: REVOCATION, key_id: body.keyID, from: T(body.from), reason: body.reason, at: T(body.at) };
  }

  // Reads a record, checking its shape (signatures are checked by the ring): KeyRecord(json:).
  function parseRecord(bytes) {
    const o = parseJSON(bytes, "record");
    if (!E.jcs.isObject(o)) throw new KeyError("invalid-record", "a key record is a JSON object");
    const str = (k) => {
      const s = E.jcs.string(o, k);
      if (s === null) throw new KeyError("invalid-record", `${k} is required and must be a string`);
      return s;
    };
    const time = (k) => {
      const ms = E.receipt.parseTime(str(k));
      if (ms === null) throw new KeyError("invalid-record", `${k}: '${str(k).slice(0, 40)}' is not RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)`);
      return ms;
    };
    const kid = (k) => {
      const s = str(k);
      if (!isValidKeyID(s)) throw new KeyError("invalid-record", `${k} is not a key id`);
      return s;
    };
    let body, known;
    const type = str("type");
    if (type === ROTATION) {
      known = ["type", "old_key_id", "new_key_id", "new_public_key", "at", "signatures"];
      const raw = E.jcs.base64Decode(str("new_public_key"));
      if (!raw || raw.length !== 32) throw new KeyError("invalid-record", "new_public_key must be base64 of 32 bytes");
      const newPublicKey = raw.slice();
      const newKeyID = kid("new_key_id");
      if (newKeyID !== keyID(newPublicKey)) throw new KeyError("key-mismatch", "new_key_id is not the id of new_public_key");
      body = { type, oldKeyID: kid("old_key_id"), newPublicKey, newKeyID, at: time("at") };
    } else if (type === REVOCATION) {
      known = ["type", "key_id", "from", "reason", "at", "signatures"];
      const reason = str("reason");
      const why = E.receipt.stringProblem(reason, 512, "reason");
      if (why) throw new KeyError("invalid-record", `${why.code} at reason: ${why.detail}`);
      body = { type, keyID: kid("key_id"), from: time("from"), reason, at: time("at") };
    } else {
      throw new KeyError("invalid-record", `type "${type.slice(0, 40)}" is not key-rotation or key-revocation`);
    }
    const extra = Object.keys(o).sort().find((k) => !known.includes(k));
    if (extra !== undefined) throw new KeyError("invalid-record", `unknown member "${extra.slice(0, 40)}"`);
    const list = o.signatures;
    if (!Array.isArray(list) || list.length === 0 || list.length > 4) {
      throw new KeyError("invalid-record", "signatures must be an array of 1 to 4 entries");
    }
    const signatures = list.map((v) => {
      const keys = E.jcs.isObject(v) ? Object.keys(v).sort() : [];
      const id = E.jcs.string(v, "key_id"), sig = E.jcs.string(v, "sig");
      const b = sig === null ? null : E.jcs.base64Decode(sig);
      if (keys.length !== 2 || keys[0] !== "key_id" || keys[1] !== "sig" || !isValidKeyID(id) || !b || b.length !== 64) {
        throw new KeyError("invalid-record", "each signature is {key_id, sig: base64 of 64 bytes}");
      }
      return { keyID: id, signature: b.slice() };
    });
    const signedBytes = E.jcs.canonicalBytes(recordBody(body));
    // Identity for KeyRecord's Equatable (same body, same signatures).
    const identity = E.jcs.serialize(recordBody(body)) + "|" + signatures.map((s) => s.keyID + ":" + E.jcs.base64Encode(s.signature)).join(",");
    return { body, signatures, signedBytes, identity };
  }

  // True when a signature by `publicKey` is on the record and verifies.
  async function isSigned(record, publicKey) {
    const id = keyID(publicKey);
    for (const s of record.signatures) {
      if (s.keyID === id && (await verifyEd25519(publicKey, s.signature, record.signedBytes))) return true;
    }
    return false;
  }

  // ---- The key ring

  class KeyRing {
    constructor() {
      this.entries = new Map(); // key id → {publicKey, validFrom, validUntil, revokedFrom, revocationReason, successors}
      this.unprovenRotations = new Map(); // new key id → old key id
      this.unverified = []; // {record, reason}
      this.unverifiedRevocations = new Map(); // key id → earliest claimed `from` (ms)
    }

    // KeyRing(publicKeys:records:carried:): given records are trusted as given, carried ones
    // (a bundle's journal) only as far as their signatures chain back to the given keys.
    static async build(publicKeys, records, carried) {
      carried = carried || [];
      const ring = new KeyRing();
      for (const k of publicKeys) ring.entries.set(keyID(k), entry(k));
      const given = new Set(publicKeys.map(keyID));
      const all = records.concat(carried);
      const targets = new Map();
      for (const r of all) {
        if (r.body.type !== ROTATION) continue;
        const old = r.body.oldKeyID, newID = r.body.newKeyID;
        if (targets.has(old) && targets.get(old) !== newID) {
          throw new KeyError("conflicting-rotation", `${old} is rotated both to ${targets.get(old)} and to ${newID}: a second key lineage`);
        }
        targets.set(old, newID);
      }
      const revoked = new Set(all.filter((r) => r.body.type === REVOCATION).map((r) => r.body.keyID));
      const givenIdentities = new Set(records.map((r) => r.identity));
      const untrusted = carried.filter((r) => r.body.type === ROTATION && revoked.has(r.body.oldKeyID) &&
        !given.has(r.body.newKeyID) && !givenIdentities.has(r.identity));
      const untrustedIdentities = new Set(untrusted.map((r) => r.identity));
      for (const r of untrusted) ring.unprovenRotations.set(r.body.newKeyID, r.body.oldKeyID);
      const pending = all.filter((r) => r.body.type === ROTATION && !untrustedIdentities.has(r.identity));
      while (pending.length > 0) {
        const i = pending.findIndex((r) => ring.entries.has(r.body.oldKeyID));
        if (i < 0) {
          for (const r of pending) {
            ring.unverified.push({ record: r, reason: `rotation ${r.body.oldKeyID} → ${r.body.newKeyID}: ${r.body.oldKeyID} is not among the keys given` });
          }
          break;
        }
        await ring.apply(pending.splice(i, 1)[0]);
      }
      for (const r of all) if (r.body.type === REVOCATION) await ring.apply(r);
      return ring;
    }

    async apply(record) {
      const b = record.body;
      if (b.type === ROTATION) {
        const old = this.entries.get(b.oldKeyID);
        if (!old) throw new KeyError("unknown-key", `rotation from unknown key ${b.oldKeyID}`);
        if (!(await isSigned(record, old.publicKey))) {
          throw new KeyError("bad-record-signature", `rotation ${b.oldKeyID} → ${b.newKeyID} lacks a valid signature by the old key`);
        }
        if (!(await isSigned(record, b.newPublicKey))) {
          throw new KeyError("bad-record-signature", `rotation ${b.oldKeyID} → ${b.newKeyID} lacks a valid signature by the new key`);
        }
        const until = b.at + ROTATION_OVERLAP;
        E.receipt.checkTimeRange(until);
        old.validUntil = old.validUntil === null ? until : Math.min(old.validUntil, until);
        old.successors.push(b.newKeyID);
        const e = this.entries.get(b.newKeyID) || entry(b.newPublicKey);
        e.validFrom = e.validFrom === null ? b.at : Math.min(e.validFrom, b.at);
        this.entries.set(b.newKeyID, e);
        return;
      }
      const target = this.entries.get(b.keyID);
      if (!target) {
        this.unverified.push({ record, reason: `revocation of ${b.keyID}: that key is not among the keys given` });
        return;
      }
      const signers = [b.keyID].concat(this.successors(b.keyID));
      let ok = false;
      for (const id of signers) {
        const e = this.entries.get(id);
        if (e && (await isSigned(record, e.publicKey))) { ok = true; break; }
      }
      if (!ok) {
        if (record.signatures.some((s) => this.entries.has(s.keyID))) {
          throw new KeyError("bad-record-signature", `revocation of ${b.keyID} is not signed by that key or a successor`);
        }
        this.unverified.push({ record, reason: `revocation of ${b.keyID} from ${E.receipt.formatTime(b.from)} is signed only by keys not among those given` });
        const prior = this.unverifiedRevocations.get(b.keyID);
        this.unverifiedRevocations.set(b.keyID, prior === undefined ? b.from : Math.min(prior, b.from));
        return;
      }
      if (target.revokedFrom === null || b.from < target.revokedFrom) {
        target.revokedFrom = b.from;
        target.revocationReason = b.reason;
      }
    }

    // Every key rotations lead to from `id`.
    successors(id) {
      const out = [], queue = ((this.entries.get(id) || {}).successors || []).slice();
      while (queue.length > 0) {
        const next = queue.shift();
        if (out.includes(next) || next === id) continue;
        out.push(next);
        queue.push(...(((this.entries.get(next) || {}).successors) || []));
      }
      return out;
    }

    // The time (ms) from which `id` signs nothing, or null.
    validityEnd(id) {
      const e = this.entries.get(id);
      if (!e) return null;
      const ends = [e.revokedFrom, e.validUntil, this.unverifiedRevocations.has(id) ? this.unverifiedRevocations.get(id) : null]
        .filter((x) => x !== null);
      return ends.length ? Math.min(...ends) : null;
    }

    // KeyRing.validityEnd(of:passedBy:): the end of `id`'s validity when it has come by
    // `millis` (the latest time the signed object is proven to exist), else null.
    validityEndPassedBy(id, millis) {
      const end = this.validityEnd(id);
      return end !== null && end <= millis ? end : null;
    }

    // {kind: valid|unknown|revoked|notYetValid|rotatedOut, ...} for key `id` at `time` (ms).
    status(id, time) {
      const e = this.entries.get(id);
      if (!e) return { kind: "unknown" };
      if (e.revokedFrom !== null && time >= e.revokedFrom) return { kind: "revoked", text: `is revoked from ${E.receipt.formatTime(e.revokedFrom)} (${e.revocationReason || ""})` };
      if (e.validFrom !== null && time < e.validFrom) return { kind: "notYetValid", text: `is valid only from ${E.receipt.formatTime(e.validFrom)}` };
      if (e.validUntil !== null && time >= e.validUntil) return { kind: "rotatedOut", text: `was rotated out; valid until ${E.receipt.formatTime(e.validUntil)}` };
      return { kind: "valid", publicKey: e.publicKey };
    }
  }

  function entry(publicKey) {
    return { publicKey, validFrom: null, validUntil: null, revokedFrom: null, revocationReason: null, successors: [] };
  }

  // KeyRing.audited: the ring for what is being verified and the `keys` findings about the
  // carried records. A forged carried record (or a second lineage) is a failure, and then only
  // the given keys and records count; an unverifiable one is undecided and not applied.
  async function audited(publicKeys, records, carried, object) {
    const findings = [];
    let ring;
    try {
      ring = await KeyRing.build(publicKeys, records, carried);
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
      findings.push({ check: "keys", outcome: "invalid", object, reason: e.message });
      ring = await KeyRing.build(publicKeys, records, []);
    }
    for (const u of ring.unverified) {
      findings.push({ check: "keys", outcome: "indeterminate", object, reason: `not verified, not applied: ${u.reason}` });
    }
    return { ring, findings };
  }

  // KeyJournalCommitment.check: `checkpoints` in size order, each {object, commitment|null};
  // `journal` the records' bytes, oldest first. Returns findings.
  function checkJournal(checkpoints, journal) {
    const findings = [];
    let committed = 0, count = 0;
    const running = E.sha256.create();
    const nl = new Uint8Array([0x0a]);
    for (const { object, commitment: j } of checkpoints) {
      if (!j) continue;
      if (j.count > journal.length) {
        findings.push({ check: "key-journal", outcome: "invalid", object,
          reason: `commits to ${j.count} key records; the journal holds ${journal.length}: records were removed` });
        continue;
      }
      if (j.count < committed) {
        findings.push({ check: "key-journal", outcome: "invalid", object,
          reason: `commits to fewer key records (${j.count}) than an earlier checkpoint (${committed})` });
        continue;
      }
      while (count < j.count) { running.update(journal[count]); running.update(nl); count++; }
      if (!E.jcs.bytesEqual(running.clone().finish(), j.hash)) {
        findings.push({ check: "key-journal", outcome: "invalid", object,
          reason: `the journal's first ${j.count} key records are not those this checkpoint commits to: a record was removed, changed or reordered` });
      }
      committed = j.count;
    }
    const newest = checkpoints[checkpoints.length - 1];
    if (newest && !newest.commitment) {
      findings.push({ check: "key-journal", outcome: "indeterminate", object: newest.object,
        reason: "the newest checkpoint does not commit to the ledger's key journal (signed before this was added): a revocation removed since could not be detected" });
    }
    return findings;
  }

  E.keys = {
    KeyError, KeyRing, ROTATION_OVERLAP,
    verifyEd25519, requireEd25519, keyID, isValidKeyID, decodePublic, parseRecord, isSigned, audited, checkJournal,
  };
})(globalThis.Evident = globalThis.Evident || {});
