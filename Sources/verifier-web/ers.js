"use strict";
// E.ers: RFC 4998 evidence records — parsed, and verified over their data objects as
// Sources/EvidentTSP/Archive/*.swift does (EvidenceRecord, ArchiveHashTree, ArchiveRenewal,
// EvidenceRecordVerifier): each archive time-stamp must cover what it must (the data objects;
// the time-stamp it renews; the data objects bound to the earlier chains), genTimes never go
// back, and each time-stamp is judged as long-term evidence (E.tsp.verifyAnchor) at the time the
// next proves it existed (now for the last).
// The bundle verifier (E.bundle, AnchorEvidenceRecords) runs it on each record of a v4 bundle
// over the anchor's five files. Dev tests: dev/ers-test.js, dev/longterm-diff.js.
(function (E) {
  const T = () => E.der.T;
  const MAX_RECORD = 16 * 1024 * 1024; // ArchiveLimits
  const LIMITS = { chains: 64, timeStamps: 1024, treeDepth: 66, hashesPerList: 1024, digestAlgorithms: 16 };
  const OCSP_RESPONSE_FORMAT = "1.3.6.1.5.5.7.16.2"; // id-ri-ocsp-response (RFC 5940)

  class Undecidable extends Error {}
  const fail = (offset, detail) => new E.der.DERError("invalid-value", offset, detail);
  function check(n, max, what, offset) {
    if (n > max) throw new E.der.DERError("limit", offset, what + ": " + n + ", more than " + max);
  }

  // ---- The record (RFC 4998 §3, §4.1; IMPLICIT tags).
  function parse(bytes) {
    if (bytes.length > MAX_RECORD) throw fail(0, "the evidence record is " + bytes.length + " bytes; at most " + MAX_RECORD);
    const e = E.der.parse(bytes, { rules: new E.der.Rules("tolerant"), maxInputSize: MAX_RECORD });
    const r = e.reader(T().SEQUENCE, "EvidenceRecord");
    const v = r.next("version");
    if (v.smallInt() !== 1) throw new E.der.DERError("unsupported-version", v.offset, "EvidenceRecord version must be 1 (v1)");
    const algs = r.next("digestAlgorithms").sequence();
    check(algs.length, LIMITS.digestAlgorithms, "digest algorithms", e.offset);
    const digestAlgorithms = algs.map(E.x509.parseAlgId);
    const cryptoInfos = r.optional(T().ctx(0));
    const encryptionInfo = r.optional(T().ctx(1));
    const seq = r.next("archiveTimeStampSequence");
    const chainNodes = seq.sequence();
    if (chainNodes.length === 0) throw new E.der.DERError("missing-content", seq.offset, "the ArchiveTimeStampSequence is empty");
    check(chainNodes.length, LIMITS.chains, "ArchiveTimeStampChains", seq.offset);
    let total = 0;
    const chains = chainNodes.map((c) => {
      const items = c.sequence();
      if (items.length === 0) throw new E.der.DERError("missing-content", c.offset, "an ArchiveTimeStampChain is empty");
      total += items.length;
      check(total, LIMITS.timeStamps, "archive time-stamps", c.offset);
      return items.map(archiveTimeStamp);
    });
    r.finish();
    return { digestAlgorithms, cryptoInfos: cryptoInfos ? cryptoInfos.encoded : null,
      encryptionInfo: encryptionInfo ? encryptionInfo.encoded : null, chains };
  }

  function archiveTimeStamp(e) {
    const r = e.reader(T().SEQUENCE, "ArchiveTimeStamp");
    let digestAlgorithm = null, reducedHashtree = null;
    const a = r.optional(T().ctx(0));
    if (a) {
      const f = a.reader(T().ctx(0), "digestAlgorithm");
      const oid = f.next("algorithm").oid();
      const rest = f.rest();
      if (rest.length > 1) throw fail(a.offset, "digestAlgorithm has more than algorithm and parameters");
      digestAlgorithm = { oid, params: rest.length ? rest[0].encoded : null };
    }
    r.optional(T().ctx(1)); // attributes: unsigned, informational
    const t = r.optional(T().ctx(2));
    if (t) {
      const lists = t.sequence(T().ctx(2));
      if (lists.length === 0) throw new E.der.DERError("missing-content", t.offset, "the reducedHashtree is empty");
      check(lists.length, LIMITS.treeDepth, "PartialHashtrees", t.offset);
      reducedHashtree = lists.map((list) => {
        const values = list.sequence();
        if (values.length === 0) throw new E.der.DERError("missing-content", list.offset, "a PartialHashtree is empty");
        check(values.length, LIMITS.hashesPerList, "hash values", list.offset);
        return values.map((x) => Uint8Array.from(x.octetString()));
      });
    }
    const ts = r.next("timeStamp");
    const tokenBytes = Uint8Array.from(ts.encoded);
    const token = E.tsp.parseToken(tokenBytes, "tolerant");
    r.finish();
    return { digestAlgorithm, reducedHashtree, tokenBytes, token, encoded: Uint8Array.from(e.encoded) };
  }

  // ---- Hashing (ArchiveHashTree, ArchiveRenewal).
  function algorithmOf(ats) {
    const oid = ats.digestAlgorithm ? ats.digestAlgorithm.oid : ats.token.tstInfo.imprint.alg.oid;
    const d = E.algorithms.digestByOid(oid);
    if (!d) throw new Error("archive time-stamp hash algorithm " + oid + " is not supported");
    if (!d.webcrypto) throw new Undecidable("archive time-stamp hash algorithm " + d.name + ": WebCrypto has no " + d.name);
    return d;
  }
  const H = async (d, bytes) => new Uint8Array(await crypto.subtle.digest(d.webcrypto, bytes));
  const concat = (list) => {
    const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
    let o = 0;
    for (const b of list) { out.set(b, o); o += b.length; }
    return out;
  };
  function lexLess(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return a.length < b.length;
  }
  const hashSorted = (values, d) => H(d, concat(values.slice().sort((a, b) => (lexLess(a, b) ? -1 : lexLess(b, a) ? 1 : 0))));
  const valueOf = (list, d) => (list.length === 1 ? Promise.resolve(list[0]) : hashSorted(list, d));
  async function rootOf(tree, d) {
    let value = await valueOf(tree[0], d);
    for (const list of tree.slice(1)) value = await hashSorted(list.concat([value]), d);
    return value;
  }
  // DER tag-length-value.
  function tlv(tag, content) {
    const n = content.length;
    const len = n < 0x80 ? [n] : (() => { const b = []; for (let x = n; x > 0; x = Math.floor(x / 256)) b.unshift(x & 0xff); return [0x80 | b.length].concat(b); })();
    return concat([Uint8Array.from([tag].concat(len)), content]);
  }
  // ha (§5.3 step 3): the hash of the DER ArchiveTimeStampSequence of the chains before a
  // hash-tree renewal (each archive time-stamp exactly as in the record).
  const previousChainsHash = (chains, d) => H(d, tlv(0x30, concat(chains.map((c) => tlv(0x30, concat(c.map((a) => a.encoded)))))));
  // The hashes the archive time-stamp (c, j) must cover (ArchiveRenewal.required).
  async function required(record, c, j, objects, d) {
    if (j > 0) return [await H(d, record.chains[c][j - 1].tokenBytes)];
    if (c === 0) return Promise.all(objects.map((o) => H(d, o)));
    const ha = await previousChainsHash(record.chains.slice(0, c), d);
    return Promise.all(objects.map(async (o) => H(d, concat([await H(d, o), ha]))));
  }

  function what(c, j, member) {
    if (j > 0) return "the archive time-stamp it renews";
    const which = member === null ? "the data objects" : "data object " + (member + 1);
    return c === 0 ? which : which + " bound to the earlier chains";
  }

  // The validation data an archive time-stamp carries in its SignedData: CRLs and OCSP
  // responses (certificates are candidates inside E.tsp already). A revocation entry this
  // verifier cannot read makes the time-stamp undecidable: it might show a revocation.
  // Entries that do not parse are skipped, as TimeStampToken.validationData does: they prove nothing.
  function carried(token) {
    const crls = [], ocsps = [];
    for (const r of token.signedData.crls || []) {
      if (r.crl) { try { crls.push(E.x509.parseCRL(r.crl)); } catch (x) { /* proves nothing */ } }
      else if (r.format === OCSP_RESPONSE_FORMAT) {
        try {
          const info = E.der.parse(r.info, { rules: new E.der.Rules("tolerant") });
          ocsps.push(E.x509.parseOCSP(Uint8Array.from(info.encoded)));
        } catch (x) { /* proves nothing */ }
      }
    }
    return { crls, ocsps };
  }
  // "initial", "time-stamp renewal" or "hash-tree renewal" (TimeStampResult.kind).
  const kindOf = (c, j) => (j > 0 ? "time-stamp renewal" : c > 0 ? "hash-tree renewal" : "initial");
  // The archive time-stamp's hash algorithm's name, "?" when unknown (ArchiveTimeStamp.hashAlgorithm).
  function algorithmName(ats) {
    const oid = ats.digestAlgorithm ? ats.digestAlgorithm.oid : ats.token.tstInfo.imprint.alg.oid;
    const d = E.algorithms.digestByOid(oid);
    return d ? d.name : "?";
  }

  // Verifies `record` (parsed) over `objects` (the protected data objects' bytes, one group).
  // opts: {roots, crls, ocsps, revocationPolicy, algorithmPolicy, now (seconds)}.
  async function verify(record, objects, opts) {
    opts = opts || {};
    const now = typeof opts.now === "number" ? opts.now : Math.floor(Date.now() / 1000);
    if (record.encryptionInfo) {
      return { verdict: "indeterminate", problem: "the record protects encrypted data objects (encryptionInfo), which Evident does not decrypt", timeStamps: [] };
    }
    const all = [];
    record.chains.forEach((chain, c) => chain.forEach((ats, j) => all.push({ c, j, ats })));
    // 1. What each time-stamp covers.
    const roots = [];
    for (const { c, j, ats } of all) {
      const at = "archive time-stamp " + (c + 1) + "." + (j + 1);
      try {
        const d = algorithmOf(ats);
        const imprint = ats.token.tstInfo.imprint;
        if (imprint.alg.oid !== d.oid) {
          return { verdict: "invalid", problem: at + ": its time-stamp's imprint uses " + imprint.alg.oid + ", its tree " + d.name, timeStamps: [] };
        }
        if (j > 0) {
          let first = null;
          try { first = algorithmOf(record.chains[c][0]); } catch (x) { first = null; }
          if (first && first.oid !== d.oid) {
            return { verdict: "invalid", problem: at + ": a time-stamp renewal must keep its chain's hash algorithm (" + first.name + "), not " + d.name, timeStamps: [] };
          }
        }
        const need = await required(record, c, j, objects, d);
        const tree = ats.reducedHashtree;
        if (tree) {
          const missing = need.findIndex((h) => !tree[0].some((x) => E.der.bytesEqual(x, h)));
          if (missing >= 0) {
            return { verdict: "invalid", problem: at + " does not cover " + what(c, j, missing) + ": its hash is not in the reduced hash tree", timeStamps: [] };
          }
          if (!E.der.bytesEqual(await rootOf(tree, d), imprint.hashed)) {
            return { verdict: "invalid", problem: at + ": its reduced hash tree does not lead to its imprint", timeStamps: [] };
          }
        } else if (!E.der.bytesEqual(await valueOf(need, d), imprint.hashed)) {
          return { verdict: "invalid", problem: at + " does not cover " + what(c, j, null) + ": its imprint differs", timeStamps: [] };
        }
        roots.push({ oid: d.oid, value: imprint.hashed });
      } catch (x) {
        if (x instanceof Undecidable) return { verdict: "indeterminate", problem: at + ": " + x.message, timeStamps: [] };
        return { verdict: "invalid", problem: at + ": " + (x && x.message ? x.message : String(x)), timeStamps: [] };
      }
    }
    // 2. Time never goes back.
    for (let k = 1; k < all.length; k++) {
      const a = all[k - 1].ats.token.tstInfo.genTime, b = all[k].ats.token.tstInfo.genTime;
      if (b.seconds < a.seconds) {
        return { verdict: "invalid", problem: "archive time-stamp " + (all[k].c + 1) + "." + (all[k].j + 1) + " is dated " + b.text + ", before the one it renews (" + a.text + ")", timeStamps: [] };
      }
    }
    // 3. Each time-stamp as long-term evidence, at the time the next one proves it existed.
    const result = { verdict: "valid", problem: "", timeStamps: [], dataProvenAt: null, provenUntil: null };
    let provenAt = now;
    const checks = [];
    // The revocation data every time-stamp of the record may use: what any of them carries, plus
    // what the caller gives (an anchor's .revocation.pem, and the verifier's own).
    // Certificates too: any token's may complete another's path.
    const pool = { crls: [], ocsps: [], certs: [] };
    for (const { ats } of all) {
      const v = carried(ats.token);
      pool.crls.push(...v.crls);
      pool.ocsps.push(...v.ocsps);
      pool.certs.push(...(ats.token.signedData.x509Certificates || []));
    }
    result.carriedCRLs = pool.crls.slice();
    result.carriedOCSPs = pool.ocsps.slice();
    pool.crls.push(...(opts.crls || []));
    pool.ocsps.push(...(opts.ocsps || []));
    for (let k = all.length - 1; k >= 0; k--) {
      const { c, j, ats } = all[k];
      const r = await E.tsp.verifyAnchor({
        response: ats.tokenBytes, isResponse: false, imprint: roots[k].value, imprintOid: roots[k].oid,
        roots: opts.roots || [], untrusted: pool.certs, crls: pool.crls, ocsps: pool.ocsps,
        revocationPolicy: opts.revocationPolicy, algorithmPolicy: opts.algorithmPolicy || null, provenAt,
        freshFrom: k === all.length - 1 ? null : provenAt,
      });
      const first = (r.findings || []).find((f) => f.outcome === r.verdict) || (r.findings || [])[0];
      const problem = r.verdict === "valid" ? "" : first ? first.check + ": " + first.reason : r.verdict;
      checks.push({ chain: c, index: j, kind: kindOf(c, j), hashAlgorithm: algorithmName(ats),
        genTime: typeof r.genTimeMillis === "number" ? r.genTimeMillis : null,
        tsaSubject: r.tsaSubject || null, provenAt, provenUntil: typeof r.provenUntil === "number" ? r.provenUntil : null,
        verdict: r.verdict, problem });
      if ((r.verdict !== "valid" && result.verdict === "valid") || (r.verdict === "invalid" && result.verdict !== "invalid")) {
        result.verdict = r.verdict;
        result.problem = "archive time-stamp " + (c + 1) + "." + (j + 1) + ": " + problem;
      }
      // Until when the record keeps its proof without another renewal: its last time-stamp's (seconds).
      if (k === all.length - 1) result.provenUntil = typeof r.provenUntil === "number" ? r.provenUntil : null;
      // Proven at its genTime plus its accuracy (exact, TSTInfo.latestMillis), rounded up to whole seconds.
      const acc = typeof r.accuracyMillis === "number" ? r.accuracyMillis : 0;
      provenAt = typeof r.latestMillis === "number" ? Math.ceil(r.latestMillis / 1000) : provenAt;
      if (k === 0) { result.dataAccuracyMillis = acc; result.dataProvenBy = typeof r.latestMillis === "number" ? r.latestMillis : null; }
    }
    result.timeStamps = checks.reverse();
    if (result.verdict === "valid") result.dataProvenAt = result.timeStamps[0].genTime;
    return result;
  }

  E.ers = { parse, verify, rootOf, hashSorted, LIMITS, MAX_RECORD };
})(globalThis.Evident = globalThis.Evident || {});
