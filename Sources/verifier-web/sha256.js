"use strict";
// E.sha256: SHA-256 (FIPS 180-4) in plain JavaScript. Incremental (update/finish), because
// WebCrypto's digest is one-shot and a bundle's receipts.jsonl may be gigabytes; plus a one-shot
// for small inputs. Nothing here depends on any other module.
(function (E) {
  const K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

  // Compresses the 64-byte blocks of `bytes` from `offset` (count blocks) into state `h`. The
  // message schedule is computed in `w` as the rounds go (one pass, the round constants and
  // schedule in Int32Arrays, everything else in locals: the shape V8 compiles best).
  function blocks(h, w, bytes, offset, count) {
    let h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
    for (let b = 0; b < count; b++) {
      let p = offset + b * 64;
      let a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7;
      for (let i = 0; i < 64; i++) {
        let wi;
        if (i < 16) {
          wi = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
          p += 4;
        } else {
          const x = w[(i - 15) & 15], y = w[(i - 2) & 15];
          const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
          const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
          wi = (w[i & 15] + s0 + w[(i - 7) & 15] + s1) | 0;
        }
        w[i & 15] = wi;
        const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const ch = g ^ (e & (f ^ g));
        const t1 = (hh + S1 + ch + K[i] + wi) | 0;
        const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const maj = (a & bb) | (c & (a | bb));
        const t2 = (S0 + maj) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + hh) | 0;
    }
    h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7;
  }

  // An incremental hash: update(bytes) any number of times, then finish() → 32 bytes.
  class Hasher {
    constructor() {
      this.h = new Int32Array(IV);
      this.w = new Int32Array(64);
      this.buffer = new Uint8Array(64);
      this.buffered = 0;
      this.length = 0; // bytes hashed so far (a Number: exact up to 2^53)
      this.finished = false;
    }

    update(bytes) {
      if (this.finished) throw new Error("sha256: update after finish");
      if (!(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes);
      let offset = 0, n = bytes.length;
      this.length += n;
      if (this.buffered > 0) {
        const take = Math.min(64 - this.buffered, n);
        this.buffer.set(bytes.subarray(0, take), this.buffered);
        this.buffered += take;
        offset = take;
        if (this.buffered < 64) return this;
        blocks(this.h, this.w, this.buffer, 0, 1);
        this.buffered = 0;
      }
      const whole = Math.floor((n - offset) / 64);
      if (whole > 0) blocks(this.h, this.w, bytes, offset, whole);
      offset += whole * 64;
      if (offset < n) {
        this.buffer.set(bytes.subarray(offset), 0);
        this.buffered = n - offset;
      }
      return this;
    }

    // An independent copy of the state: the digest of what was hashed so far is
    // clone().finish(), and this hasher goes on (KeyJournalCommitment's running prefix).
    clone() {
      if (this.finished) throw new Error("sha256: clone after finish");
      const c = new Hasher();
      c.h.set(this.h);
      c.buffer.set(this.buffer);
      c.buffered = this.buffered;
      c.length = this.length;
      return c;
    }

    finish() {
      if (this.finished) throw new Error("sha256: finish called twice");
      this.finished = true;
      const bits = this.length * 8;
      const tail = new Uint8Array(this.buffered < 56 ? 64 : 128);
      tail.set(this.buffer.subarray(0, this.buffered));
      tail[this.buffered] = 0x80;
      const hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
      const end = tail.length;
      tail[end - 8] = hi >>> 24; tail[end - 7] = (hi >>> 16) & 0xff; tail[end - 6] = (hi >>> 8) & 0xff; tail[end - 5] = hi & 0xff;
      tail[end - 4] = lo >>> 24; tail[end - 3] = (lo >>> 16) & 0xff; tail[end - 2] = (lo >>> 8) & 0xff; tail[end - 1] = lo & 0xff;
      blocks(this.h, this.w, tail, 0, end / 64);
      const out = new Uint8Array(32);
      for (let i = 0; i < 8; i++) {
        const v = this.h[i];
        out[i * 4] = v >>> 24; out[i * 4 + 1] = (v >>> 16) & 0xff; out[i * 4 + 2] = (v >>> 8) & 0xff; out[i * 4 + 3] = v & 0xff;
      }
      return out;
    }
  }

  const HEX = [];
  for (let i = 0; i < 256; i++) HEX.push((i < 16 ? "0" : "") + i.toString(16));
  function hex(bytes) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
    return s;
  }

  // The one-shot form reuses one hasher's arrays (digest is synchronous, so no call can
  // interleave with another): receipts hash several small inputs each, and allocation showed in
  // profiles.
  const scratch = new Hasher();
  function digest(...parts) {
    scratch.h.set(IV);
    scratch.buffered = 0;
    scratch.length = 0;
    scratch.finished = false;
    for (const p of parts) scratch.update(p);
    return scratch.finish();
  }

  // Self-test against FIPS 180-2 / NIST CAVS vectors; returns a list of failures (empty = good).
  function selfTest() {
    const enc = (s) => new TextEncoder().encode(s);
    const vectors = [
      ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
      ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
      ["abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"],
    ];
    const failures = [];
    for (const [text, want] of vectors) {
      if (hex(digest(enc(text))) !== want) failures.push(`one-shot "${text.slice(0, 20)}"`);
      // The same input fed byte by byte and in odd pieces.
      const h = new Hasher(), b = enc(text);
      for (let i = 0; i < b.length; i += 7) h.update(b.subarray(i, i + 7));
      if (hex(h.finish()) !== want) failures.push(`incremental "${text.slice(0, 20)}"`);
    }
    const million = new Hasher(), chunk = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 1000; i++) million.update(chunk);
    if (hex(million.finish()) !== "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") {
      failures.push("one million 'a'");
    }
    return failures;
  }

  E.sha256 = {
    Hasher,
    create: () => new Hasher(),
    digest,
    hex,
    hexDigest: (...parts) => hex(digest(...parts)),
    selfTest,
  };
})(globalThis.Evident = globalThis.Evident || {});
