"use strict";
// E.merkle: RFC 9162 Merkle tree hashes with SHA-256 and the verification of inclusion
// (§2.1.3.2) and consistency (§2.1.4.2) proofs, step for step as Sources/EvidentLedger/Merkle,
// and the multi-proof of bundle format v5 (MerkleMultiProof).
// Sizes and indices are Numbers (exact up to 2^53 − 1, the bundle format's bound); bit
// operations use Math, not 32-bit operators.
(function (E) {
  class MerkleError extends Error {
    constructor(code, detail) {
      super(`${code}: ${detail}`);
      this.name = "MerkleError";
      this.code = code;
      this.detail = detail;
    }
  }

  const hex = (b) => E.sha256.hex(b);
  const LEAF = new Uint8Array([0x00]);

  // SHA-256(0x00 ‖ data).
  function leafHash(data) { return E.sha256.digest(LEAF, data); }

  // SHA-256(0x01 ‖ left ‖ right).
  function nodeHash(left, right) {
    const b = new Uint8Array(65);
    b[0] = 0x01;
    b.set(left, 1);
    b.set(right, 33);
    return E.sha256.digest(b);
  }

  // 2^53-safe bit helpers.
  const odd = (n) => n % 2 === 1;
  const half = (n) => Math.floor(n / 2);

  function isHash(h) { return h instanceof Uint8Array && h.length === 32; }

  function checkHashes(path) {
    for (const p of path) {
      if (!isHash(p)) throw new MerkleError("invalid-hash-length", `a SHA-256 Merkle hash is 32 bytes, not ${p && p.length}`);
    }
  }

  // A memo of the node hashes of the last inclusion paths, one slot per step of the path:
  // step k's inputs (left and right, 64 bytes) are compared with those of the last path that
  // computed step k, and its hash is reused only when they are equal byte for byte (a pure
  // function's result, so a path verifies with the memo exactly when it verifies without).
  // Proofs of neighbouring leaves of one tree share every node above the level where the leaves
  // part, so consecutive receipts recompute about two nodes each instead of the whole path.
  class NodeMemo {
    constructor() { this.slots = []; this.hits = 0; this.misses = 0; }
    node(k, left, right) {
      let s = this.slots[k];
      if (s === undefined) {
        s = { input: new Uint8Array(64), out: null };
        this.slots[k] = s;
      } else if (s.out !== null) {
        const inp = s.input;
        let same = true;
        for (let i = 0; i < 32; i++) if (inp[i] !== left[i] || inp[32 + i] !== right[i]) { same = false; break; }
        if (same) { this.hits++; return s.out; }
      }
      this.misses++;
      s.input.set(left, 0);
      s.input.set(right, 32);
      s.out = nodeHash(left, right);
      return s.out;
    }
  }

  // The root the inclusion path leads to from `leaf` (RFC 9162 §2.1.3.2); `memo` (a NodeMemo,
  // optional) saves recomputing nodes the last paths computed from the same inputs.
  function inclusionRoot(leafIndex, treeSize, path, leaf, memo) {
    for (let i = 0; i < path.length; i++) if (!isHash(path[i])) checkHashes(path);
    checkHashes([leaf]);
    const length = (code) => new MerkleError(code, `${path.length} hashes is the wrong length for leaf ${leafIndex} of ${treeSize}`);
    if (!(leafIndex < treeSize)) {
      throw new MerkleError("leaf-index-out-of-range", `leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
    }
    let fn = leafIndex, sn = treeSize - 1, r = leaf;
    for (let k = 0; k < path.length; k++) {
      const p = path[k];
      if (sn === 0) throw length("proof-too-long");
      if (odd(fn) || fn === sn) {
        r = memo ? memo.node(k, p, r) : nodeHash(p, r);
        while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else {
        r = memo ? memo.node(k, r, p) : nodeHash(r, p);
      }
      fn = half(fn);
      sn = half(sn);
    }
    if (sn !== 0) throw length("proof-too-short");
    return r;
  }

  // Throws unless `leaf` is leaf `leafIndex` of the tree of `treeSize` leaves with root `root`.
  function verifyInclusion(leafIndex, treeSize, path, leaf, root, memo) {
    checkHashes([root]);
    const computed = inclusionRoot(leafIndex, treeSize, path, leaf, memo);
    if (!E.jcs.bytesEqual(computed, root)) {
      throw new MerkleError("root-mismatch",
        `the path from leaf ${leafIndex} leads to ${hex(computed)}, not the root ${hex(root)} of size ${treeSize}`);
    }
  }

  // Throws unless `path` proves the tree of `newSize` (root newRoot) extends the tree of
  // `oldSize` (root oldRoot): RFC 9162 §2.1.4.2, equal sizes need an empty path and equal roots,
  // a proof from the empty tree is refused.
  function verifyConsistency(oldSize, newSize, path, oldRoot, newRoot) {
    checkHashes(path.concat([oldRoot, newRoot]));
    const length = (code) => new MerkleError(code, `${path.length} hashes is the wrong length from size ${oldSize} to ${newSize}`);
    if (!(oldSize <= newSize)) throw new MerkleError("tree-size-out-of-range", `old size ${oldSize} is larger than new size ${newSize}`);
    if (!(oldSize > 0)) throw new MerkleError("empty-old-tree", "a consistency proof from the empty tree proves nothing");
    if (oldSize === newSize) {
      if (path.length !== 0) throw length("proof-too-long");
      if (!E.jcs.bytesEqual(oldRoot, newRoot)) throw new MerkleError("root-mismatch", `equal sizes ${oldSize} with different roots`);
      return;
    }
    if (path.length === 0) throw length("proof-too-short");
    let nodes = path;
    // A power of two: the old root is the first node.
    const m = oldSize;
    let isPow2 = m >= 1;
    for (let x = m; x > 1; x = x / 2) if (x % 2 !== 0) { isPow2 = false; break; }
    if (isPow2) nodes = [oldRoot].concat(path);
    let fn = oldSize - 1, sn = newSize - 1;
    while (odd(fn)) { fn = half(fn); sn = half(sn); }
    let fr = nodes[0], sr = nodes[0];
    for (let i = 1; i < nodes.length; i++) {
      const c = nodes[i];
      if (sn === 0) throw length("proof-too-long");
      if (odd(fn) || fn === sn) {
        fr = nodeHash(c, fr);
        sr = nodeHash(c, sr);
        while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else {
        sr = nodeHash(sr, c);
      }
      fn = half(fn);
      sn = half(sn);
    }
    if (sn !== 0) throw length("proof-too-short");
    if (!E.jcs.bytesEqual(fr, oldRoot)) {
      throw new MerkleError("old-root-mismatch", `the proof reproduces ${hex(fr)}, not the old root ${hex(oldRoot)} of size ${oldSize}`);
    }
    if (!E.jcs.bytesEqual(sr, newRoot)) {
      throw new MerkleError("root-mismatch", `the proof leads to ${hex(sr)}, not the new root ${hex(newRoot)} of size ${newSize}`);
    }
  }

  // A Merkle hash from canonical base64 (32 bytes), or null.
  function hashFromBase64(s) {
    if (typeof s !== "string") return null;
    const b = E.jcs.base64Decode(s);
    return b && b.length === 32 ? b : null;
  }

  // The largest power of two below n (n ≥ 2): k of RFC 9162 §2.1.1.
  function split(n) {
    let k = 1;
    while (k * 2 < n) k *= 2;
    return k;
  }

  // The root of the tree of `treeSize` leaves recomputed from a multi-proof (MerkleMultiProof):
  // depth first over the RFC 9162 split, a node holding no leaf is the next proof hash, a single
  // leaf is the leaf, anything else is node(left, right) — at most 64 deep. `leaves` gives
  // { peekIndex(), takeHash() } (async; indices strictly increasing), `hashes` { next() } (async,
  // null at the end). The proof must be consumed exactly. The caller compares the root with the
  // signed one: only then is each leaf proven to be the leaf at its index.
  async function multiProofRoot(treeSize, leaves, hashes) {
    if (!(treeSize > 0)) throw new MerkleError("tree-size-out-of-range", "a multi-proof needs a tree of at least one leaf");
    if ((await leaves.peekIndex()) === null) throw new MerkleError("leaf-index-out-of-range", "a multi-proof needs at least one leaf");
    let used = 0;
    async function fold(start, end) {
      const next = await leaves.peekIndex();
      // A leaf past the tree is named as such, not as the proof hash its node would need.
      if (next !== null && next >= treeSize) throw new MerkleError("leaf-index-out-of-range", `leaf ${next} is not in the tree of ${treeSize} leaves`);
      if (next === null || !(next < end)) {
        const h = await hashes.next();
        if (h === null) throw new MerkleError("proof-too-short", `the proof ends after ${used} hashes; the node [${start}, ${end}) needs one`);
        used++;
        return h;
      }
      if (next < start) throw new MerkleError("invalid-subtree", `leaf ${next} is out of order (the walk is at leaf ${start})`);
      if (end - start === 1) return leaves.takeHash();
      const middle = start + split(end - start);
      const left = await fold(start, middle);
      return nodeHash(left, await fold(middle, end));
    }
    const root = await fold(0, treeSize);
    const extra = await leaves.peekIndex();
    if (extra !== null) throw new MerkleError("leaf-index-out-of-range", `leaf ${extra} is not in the tree of ${treeSize} leaves (or is out of order)`);
    if ((await hashes.next()) !== null) throw new MerkleError("proof-too-long", `the proof has more than the ${used} hashes the leaves call for`);
    return root;
  }

  // MTH of a list of leaf data (for tests): RFC 9162 §2.1.1.
  function treeHash(leaves) {
    if (leaves.length === 0) return E.sha256.digest(new Uint8Array(0));
    if (leaves.length === 1) return leafHash(leaves[0]);
    let k = 1;
    while (k * 2 < leaves.length) k *= 2;
    return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
  }

  E.merkle = { MerkleError, NodeMemo, leafHash, nodeHash, inclusionRoot, verifyInclusion, verifyConsistency, multiProofRoot, hashFromBase64, treeHash };
})(globalThis.Evident = globalThis.Evident || {});
