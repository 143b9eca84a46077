"use strict";
// E.tsp: RFC 3161 time-stamp responses, tokens, requests and the token verifier, with the check
// names, order and verdicts of Evident's Swift TimeStampVerifier (Sources/EvidentTSP/Verifier,
// docs/verifier.md "Checks, in order"): the first failing check makes the token invalid; an
// indeterminate check (and no failure) makes it indeterminate. Trust comes only from the roots
// given; certificates in the token or the bundle are path-building candidates.
(function (E) {
  const T = function () { return E.der.T; };
  const OID = {
    rsaEncryption: "1.2.840.113549.1.1.1", rsassaPSS: "1.2.840.113549.1.1.10",
    sha1WithRSA: "1.2.840.113549.1.1.5", sha224WithRSA: "1.2.840.113549.1.1.14", sha256WithRSA: "1.2.840.113549.1.1.11",
    sha384WithRSA: "1.2.840.113549.1.1.12", sha512WithRSA: "1.2.840.113549.1.1.13",
    ecPublicKey: "1.2.840.10045.2.1", ecdsaSHA1: "1.2.840.10045.4.1", ecdsaSHA224: "1.2.840.10045.4.3.1",
    ecdsaSHA256: "1.2.840.10045.4.3.2", ecdsaSHA384: "1.2.840.10045.4.3.3", ecdsaSHA512: "1.2.840.10045.4.3.4",
    ed25519: "1.3.101.112", ed448: "1.3.101.113", sha256: "2.16.840.1.101.3.4.2.1",
  };
  const CHECKS = ["der", "status", "content-type", "signer-info", "signed-attributes", "message-digest",
    "signer-certificate", "signature", "ess-signing-certificate", "tsa-certificate", "chain", "tstinfo-version",
    "imprint", "nonce", "policy", "cert-req", "gen-time", "tsa-name", "tstinfo-extensions", "algorithms"];
  const STATUS = ["granted", "grantedWithMods", "rejection", "waiting", "revocationWarning", "revocationNotification"];
  const FAILURES = { 0: "badAlg", 2: "badRequest", 5: "badDataFormat", 14: "timeNotAvailable", 15: "unacceptedPolicy", 16: "unacceptedExtension", 17: "addInfoNotAvailable", 25: "systemFailure" };
  const MAX_MESSAGE = 1024 * 1024;

  function err(code, offset, detail) { return new E.der.DERError(code, offset, detail); }
  function toBytes(b, what) {
    if (b instanceof Uint8Array) return b;
    if (b instanceof ArrayBuffer) return new Uint8Array(b);
    throw new TypeError(what + " must be a Uint8Array");
  }

  // ---- decoders (TimeStampResponse, PKIStatusInfo, TimeStampToken, TSTInfo, TimeStampReq) ----
  function pkiStatusInfo(e) {
    const r = e.reader(T().SEQUENCE, "PKIStatusInfo");
    const status = r.next("status").smallInt();
    const ss = r.optional(T().SEQUENCE);
    const statusString = ss ? ss.sequence().map(function (s) { return s.string(null, "utf8"); }) : null;
    const fi = r.optional(T().BIT_STRING);
    const failInfo = fi ? fi.bitString() : null;
    r.finish();
    return { status: status, statusString: statusString, failInfo: failInfo };
  }
  function extensionList(e, tag) {
    const items = e.sequence(tag);
    if (items.length > 32) throw err("too-many-elements", e.offset, items.length + " extensions, the limit is 32");
    if (items.length === 0) throw err("missing-element", e.offset, "Extensions must hold at least one extension");
    return E.x509.parseExtensions(e, e.rules, tag);
  }
  function messageImprint(e) {
    const r = e.reader(T().SEQUENCE, "MessageImprint");
    const alg = E.x509.parseAlgId(r.next("hashAlgorithm"));
    const hashed = r.next("hashedMessage").octetString();
    r.finish();
    return { alg: alg, hashed: hashed };
  }
  function accuracy(e) {
    const r = e.reader(T().SEQUENCE, "Accuracy");
    const s = r.optional(T().INTEGER);
    const seconds = s ? s.smallInt() : null;
    const sub = function (n, name) {
      const v = n.smallInt(n.cls === 2 ? T().ctx(n.num) : undefined);
      if (v < 1 || v > 999) throw err("invalid-value", n.offset, "Accuracy " + name + " " + v + " outside 1..999");
      return v;
    };
    const m = r.optional(T().ctx(0)), u = r.optional(T().ctx(1));
    const millis = m ? sub(m, "millis") : null, micros = u ? sub(u, "micros") : null;
    r.finish();
    if (seconds !== null && seconds < 0) throw err("invalid-value", e.offset, "Accuracy seconds is negative");
    // Accuracy.maxSeconds: 2^53 µs (about 285 years), so every sum stays an exact number.
    if (seconds !== null && seconds > 9007199254) throw err("invalid-value", e.offset, "Accuracy seconds " + seconds + " is over 9007199254 (285 years)");
    return { seconds: seconds, millis: millis, micros: micros, totalMicros: (seconds || 0) * 1000000 + (millis || 0) * 1000 + (micros || 0) };
  }
  // The token was made at genTime ± its accuracy (RFC 3161 §2.4.2; absent counts as zero):
  // `latest`, the last whole second it may have been made in (rounded down), and `dataFrom`, the
  // first whole second at or after that latest instant (rounded up) — revocation data issued then
  // or later was issued after the token (TSTInfo.latestSecond / dataFromSecond; exact).
  function madeBy(t) {
    const f = t.genTime.fraction || "";
    const micros = Number((f + "000000").slice(0, 6));
    const beyond = /[1-9]/.test(f.slice(6)) ? 1 : 0;
    const a = t.accuracy || {};
    const sub = micros + (a.millis || 0) * 1000 + (a.micros || 0);
    const whole = t.genTime.seconds + (a.seconds || 0);
    // latestMillis: that latest instant rounded up to whole ms (TSTInfo.latestMillis): what the
    // token proves existed, existed by then.
    return { latest: whole + Math.floor(sub / 1000000), dataFrom: whole + Math.ceil((sub + beyond) / 1000000),
      latestMillis: whole * 1000 + Math.ceil((sub + beyond) / 1000) };
  }
  function tstInfo(e) {
    const r = e.reader(T().SEQUENCE, "TSTInfo");
    const v = r.next("version");
    const version = v.smallInt();
    if (version !== 1) throw err("unsupported-version", v.offset, "TSTInfo version " + version + ", expected 1");
    const policy = r.next("policy").oid();
    const imprint = messageImprint(r.next("messageImprint"));
    const serial = r.next("serialNumber").integer();
    const g = r.next("genTime");
    g.expect(T().GENERALIZED_TIME, false, "genTime");
    const genTime = g.time();
    const a = r.optional(T().SEQUENCE);
    const acc = a ? accuracy(a) : null;
    const o = r.optional(T().BOOLEAN);
    const ordering = o ? o.booleanDefaultFalse("ordering") : false;
    const n = r.optional(T().INTEGER);
    const nonce = n ? n.integer() : null;
    const ts = r.optional(T().ctx(0));
    const tsa = ts ? E.cms.generalName(ts.explicit(T().ctx(0))) : null;
    const x = r.optional(T().ctx(1));
    const extensions = x ? extensionList(x, T().ctx(1)) : null;
    r.finish();
    return { version: version, policy: policy, imprint: imprint, serial: serial, genTime: genTime, accuracy: acc, ordering: ordering, nonce: nonce, tsa: tsa, extensions: extensions };
  }
  // RFC 3161 §2.4.2 TimeStampToken: ContentInfo / SignedData / id-ct-TSTInfo.
  function token(e) {
    const ci = E.cms.contentInfo(e);
    if (ci.contentType !== E.cms.OID.signedData) throw err("unexpected-content-type", e.offset, "token content type is " + E.cms.display(ci.contentType) + ", expected signedData");
    const sd = E.cms.signedData(ci.content);
    if (sd.eContentType !== E.cms.OID.tstInfo) throw err("unexpected-content-type", ci.content.offset, "eContentType is " + E.cms.display(sd.eContentType) + ", expected id-ct-TSTInfo");
    if (!sd.eContent) throw err("missing-content", ci.content.offset, "SignedData has no encapsulated TSTInfo");
    const bytes = Uint8Array.from(sd.eContent);
    let info;
    try {
      info = tstInfo(E.der.parse(bytes, { rules: e.rules.nested(sd.eContentOffset, "in TSTInfo: "), maxInputSize: MAX_MESSAGE }));
    } catch (x) {
      if (x instanceof E.der.DERError) throw err(x.code, sd.eContentOffset + x.offset, "in TSTInfo: " + x.detail);
      throw x;
    }
    return { der: e.encoded, signedData: sd, tstInfo: info, tstInfoBytes: bytes };
  }
  function timeStampResp(e) {
    const r = e.reader(T().SEQUENCE, "TimeStampResp");
    const statusInfo = pkiStatusInfo(r.next("status"));
    const t = r.optional(T().SEQUENCE);
    const tok = t ? token(t) : null;
    r.finish();
    return { statusInfo: statusInfo, token: tok };
  }
  function parseRequest(bytes, level) {
    const rules = new E.der.Rules(level || "der");
    const e = E.der.parse(toBytes(bytes, "the request"), { rules: rules, maxInputSize: MAX_MESSAGE });
    const r = e.reader(T().SEQUENCE, "TimeStampReq");
    const v = r.next("version");
    const version = v.smallInt();
    if (version !== 1) throw err("unsupported-version", v.offset, "TimeStampReq version " + version + ", expected 1");
    const imprint = messageImprint(r.next("messageImprint"));
    const p = r.optional(T().OID);
    const n = r.optional(T().INTEGER);
    const c = r.optional(T().BOOLEAN);
    const x = r.optional(T().ctx(0));
    const req = { version: version, imprint: imprint, reqPolicy: p ? p.oid() : null, nonce: n ? n.integer() : null, certReq: c ? c.booleanDefaultFalse("certReq") : false, extensions: x ? extensionList(x, T().ctx(0)) : null, warnings: rules.warnings };
    r.finish();
    return req;
  }
  function extractToken(responseBytes) {
    const bytes = toBytes(responseBytes, "the time-stamp response");
    let resp;
    try {
      resp = timeStampResp(E.der.parse(bytes, { rules: new E.der.Rules("tolerant"), maxInputSize: MAX_MESSAGE }));
    } catch (x) {
      throw new Error("the time-stamp response does not decode: " + (x.message || String(x)));
    }
    if (!resp.token) throw new Error("the time-stamp response carries no token (status " + (STATUS[resp.statusInfo.status] || resp.statusInfo.status) + ")");
    return Uint8Array.from(resp.token.der);
  }

  // ---- the CMS signature scheme (SignatureScheme+CMS.swift) --------------------------------
  function cmsScheme(sig, digestAlg) {
    const d = E.algorithms.digestByOid(digestAlg.oid);
    if (!d) throw new Error("unsupported digest algorithm " + digestAlg.oid);
    const digest = d.name;
    const named = function (h) {
      if (h !== digest) throw new Error("signature algorithm " + E.cms.display(sig.oid) + " disagrees with digest algorithm " + digest);
      return h;
    };
    switch (sig.oid) {
      case OID.rsaEncryption: return { kind: "rsaPKCS1", hash: digest };
      case OID.sha1WithRSA: return { kind: "rsaPKCS1", hash: named("sha1") };
      case OID.sha224WithRSA: return { kind: "rsaPKCS1", hash: named("sha224") };
      case OID.sha256WithRSA: return { kind: "rsaPKCS1", hash: named("sha256") };
      case OID.sha384WithRSA: return { kind: "rsaPKCS1", hash: named("sha384") };
      case OID.sha512WithRSA: return { kind: "rsaPKCS1", hash: named("sha512") };
      case OID.ecPublicKey: return { kind: "ecdsa", hash: digest };
      case OID.ecdsaSHA1: return { kind: "ecdsa", hash: named("sha1") };
      case OID.ecdsaSHA224: return { kind: "ecdsa", hash: named("sha224") };
      case OID.ecdsaSHA256: return { kind: "ecdsa", hash: named("sha256") };
      case OID.ecdsaSHA384: return { kind: "ecdsa", hash: named("sha384") };
      case OID.ecdsaSHA512: return { kind: "ecdsa", hash: named("sha512") };
      case OID.ed25519:
        // RFC 8419 §3.1: with signed attributes, Ed25519's digest algorithm is SHA-512.
        if (digest !== "sha512") throw new Error("Ed25519 with digest algorithm " + digest + ": RFC 8419 requires sha512");
        return { kind: "ed25519", hash: null };
      case OID.ed448: return { kind: "ed448", hash: null };
      case OID.rsassaPSS: {
        if (!sig.params) throw new Error("RSASSA-PSS without parameters");
        const s = E.x509.pssParams(sig.params);
        // RFC 4056 §3: the PSS hash must be the digest algorithm the SignerInfo names.
        if (s.hash !== digest) throw new Error("RSASSA-PSS hash " + s.hash + " disagrees with digest algorithm " + digest);
        return s;
      }
    }
    throw new Error("unsupported signature algorithm " + E.cms.display(sig.oid));
  }

  // ---- the verifier ------------------------------------------------------------------------
  class Run {
    constructor(o) { this.o = o; this.results = []; this.tstInfo = null; this.chain = []; this.chainCerts = []; this.scheme = null; this.algorithmsEnd = null; }
    get stop() { return this.results.some(function (r) { return r.outcome === "failed"; }); }
    pass(check, detail) { this.results.push({ check: check, outcome: "passed", reason: detail }); }
    fail(check, why) { this.results.push({ check: check, outcome: "failed", reason: why }); }
    undecided(check, why) { this.results.push({ check: check, outcome: "indeterminate", reason: why }); }
    skip(check, why) { this.results.push({ check: check, outcome: "skipped", reason: why }); }
  }

  async function digestOf(name, bytes) { return E.x509.hash(name, bytes); }

  async function verifyTokenBody(run, tok) {
    const o = run.o;
    const sd = tok.signedData;
    run.tstInfo = tok.tstInfo;
    run.pass("content-type", "signedData / id-ct-TSTInfo");
    // RFC 3161 §2.4.2: exactly one signature, the TSA's.
    if (sd.signerInfos.length !== 1) { run.fail("signer-info", sd.signerInfos.length + " SignerInfos, a time-stamp token has exactly one"); return; }
    const si = sd.signerInfos[0];
    run.pass("signer-info", "one SignerInfo, " + si.sid.text);
    if (!si.signedAttributes || !si.signedBytes) { run.fail("signed-attributes", "no signed attributes"); return; }
    const attrs = si.signedAttributes;
    // RFC 5652 §11: no signed attribute may repeat or carry two values.
    const seen = new Set();
    for (const a of attrs) {
      if (seen.has(a.type)) { run.fail("signed-attributes", "signed attribute " + E.cms.display(a.type) + " appears more than once"); return; }
      seen.add(a.type);
      if (a.values.length !== 1) { run.fail("signed-attributes", "signed attribute " + E.cms.display(a.type) + " has " + a.values.length + " values, not one"); return; }
    }
    const cts = E.cms.attributesOf(attrs, E.cms.OID.contentType);
    let ct = null;
    if (cts.length === 1) { try { ct = E.cms.singleValue(cts[0]).oid(); } catch (x) { ct = null; } }
    if (ct === null) { run.fail("signed-attributes", "content-type attribute must be present exactly once with one value"); return; }
    if (ct !== E.cms.OID.tstInfo) { run.fail("signed-attributes", "content-type attribute is " + E.cms.display(ct) + ", eContentType is id-ct-TSTInfo"); return; }
    run.pass("signed-attributes", "content-type id-ct-TSTInfo");

    const mds = E.cms.attributesOf(attrs, E.cms.OID.messageDigest);
    let md = null;
    if (mds.length === 1) { try { md = E.cms.singleValue(mds[0]).octetString(); } catch (x) { md = null; } }
    if (md === null) { run.fail("message-digest", "message-digest attribute must be present exactly once with one value"); return; }
    const dAlg = E.algorithms.digestByOid(si.digestAlgorithm.oid);
    if (!dAlg) { run.fail("message-digest", "unsupported digest algorithm " + si.digestAlgorithm.oid); return; }
    let computed = null;
    try { computed = await digestOf(dAlg.name, tok.tstInfoBytes); } catch (x) {
      if (!x.unsupported) throw x;
      run.undecided("message-digest", x.message);
    }
    if (computed) {
      if (!E.der.bytesEqual(computed, md)) { run.fail("message-digest", "message-digest attribute does not match the " + dAlg.name + " of the TSTInfo"); return; }
      run.pass("message-digest", dAlg.name + " of TSTInfo matches");
    }

    // The signer certificate is the one the SignerIdentifier names: never guessed.
    const carried = sd.x509Certificates;
    const signer = E.cms.signerOf(si, carried.concat(o.givenStrict));
    if (!signer) {
      run.undecided("signer-certificate", "the certificate named by the SignerInfo (" + si.sid.text + ") is neither in the token nor given");
      return;
    }
    run.signerCert = signer;
    const signerInToken = E.cms.signerOf(si, carried) !== null;
    run.pass("signer-certificate", signer.subject.text + (signerInToken ? "" : " (given, not in the token)"));

    await signature(run, si, signer);
    if (run.stop) return;
    await essSigningCertificate(run, si, signer);
    if (run.stop) return;
    tsaCertificate(run, signer);
    if (run.stop) return;
    await chainCheck(run, signer, carried, tok.tstInfo);
    if (run.stop) return;
    tstFields(run, tok.tstInfo, signer, signerInToken, sd.certificates !== null);
    if (run.stop) return;
    algorithms(run, tok.tstInfo, si, signer);
  }

  async function signature(run, si, cert) {
    // The Swift verifier reads the signer certificate with OpenSSL here: what it refuses fails.
    const refused = E.x509.opensslRefuses(cert);
    if (refused) { run.fail("signature", "the signer certificate " + cert.subject.text + " cannot be used: " + refused); return; }
    let scheme;
    try { scheme = cmsScheme(si.signatureAlgorithm, si.digestAlgorithm); } catch (x) { run.fail("signature", x.message); return; }
    run.scheme = scheme;
    try {
      const ok = await E.x509.verifySignature(cert.spki, scheme, si.signature, si.signedBytes);
      if (ok) run.pass("signature", E.x509.describeScheme(scheme) + " by " + cert.subject.text);
      else run.fail("signature", E.x509.describeScheme(scheme) + " signature does not verify with " + cert.subject.text);
    } catch (x) {
      if (x.unsupported) run.undecided("signature", x.message);
      else run.fail("signature", x.message);
    }
  }

  // RFC 2634 §5.4 / RFC 5035 / RFC 5816: the first ESSCertID designates the signer certificate.
  async function essSigningCertificate(run, si, cert) {
    const v1 = E.cms.attributesOf(si.signedAttributes, E.cms.OID.signingCertificate);
    const v2 = E.cms.attributesOf(si.signedAttributes, E.cms.OID.signingCertificateV2);
    if (v1.length + v2.length < 1) { run.fail("ess-signing-certificate", "neither SigningCertificate nor SigningCertificateV2 is present (RFC 3161 §2.4.1, RFC 5816)"); return; }
    if (v1.length > 1 || v2.length > 1) { run.fail("ess-signing-certificate", "the signing-certificate attribute appears more than once"); return; }
    const pairs = [[v1[0], false], [v2[0], true]];
    for (const pair of pairs) {
      const attr = pair[0], isV2 = pair[1];
      if (!attr) continue;
      const name = isV2 ? "SigningCertificateV2" : "SigningCertificate";
      let sc;
      try { sc = E.cms.signingCertificate(E.cms.singleValue(attr), isV2); } catch (x) { run.fail("ess-signing-certificate", name + " does not decode: " + x.message); return; }
      const first = sc.certs[0];
      const alg = E.algorithms.digestByOid(first.hashOid);
      if (!alg) { run.fail("ess-signing-certificate", name + " uses unsupported hash " + first.hashOid); return; }
      let h;
      try { h = await digestOf(alg.name, cert.der); } catch (x) {
        if (!x.unsupported) throw x;
        run.undecided("ess-signing-certificate", name + ": " + x.message);
        continue;
      }
      if (!E.der.bytesEqual(h, first.certHash)) { run.fail("ess-signing-certificate", name + " first ESSCertID hash does not match the signer certificate " + cert.subject.text); return; }
      if (first.issuerSerial) {
        const s = first.issuerSerial;
        const issuerMatches = s.issuer.some(function (g) { return g.kind === "directoryName" && E.der.bytesEqual(g.name.der, cert.issuer.der); });
        if (!issuerMatches || !E.der.bytesEqual(s.serial.bytes, cert.serial.bytes)) { run.fail("ess-signing-certificate", name + " issuerSerial does not name the signer certificate"); return; }
      }
      run.pass("ess-signing-certificate", name + " (" + alg.name + ") designates " + cert.subject.text);
    }
  }

  // RFC 3161 §2.3: exactly id-kp-timeStamping, critical; not a CA; key usage allows signing.
  function tsaCertificate(run, cert) {
    const eku = cert.extension(E.x509.OID.extKeyUsage);
    if (!eku) { run.fail("tsa-certificate", "no extended key usage (RFC 3161 §2.3 requires id-kp-timeStamping)"); return; }
    let purposes;
    try { purposes = E.der.parse(eku.value).sequence().map(function (n) { return n.oid(); }); } catch (x) { run.fail("tsa-certificate", "extended key usage does not decode"); return; }
    if (purposes.length !== 1 || purposes[0] !== E.x509.OID.kpTimeStamping) {
      run.fail("tsa-certificate", "extended key usage must be exactly id-kp-timeStamping, is " + purposes.map(E.cms.display).join(", "));
      return;
    }
    if (!eku.critical) { run.fail("tsa-certificate", "extended key usage id-kp-timeStamping must be critical (RFC 3161 §2.3)"); return; }
    const bc = cert.extension(E.x509.OID.basicConstraints);
    if (bc) {
      let isCA = false;
      try {
        const seq = E.der.parse(bc.value).sequence();
        if (seq.length && seq[0].is(T().BOOLEAN) && seq[0].boolean() === true) isCA = true;
      } catch (x) { isCA = false; }
      if (isCA) { run.fail("tsa-certificate", "the TSA certificate is a CA (basicConstraints cA TRUE)"); return; }
    }
    const ku = cert.extension(E.x509.OID.keyUsage);
    if (ku) {
      let bits = null;
      try { bits = E.der.parse(ku.value).bitString(); } catch (x) { bits = null; }
      if (bits && !(bits.isSet(0) || bits.isSet(1))) { run.fail("tsa-certificate", "key usage allows neither digitalSignature nor nonRepudiation"); return; }
    }
    run.pass("tsa-certificate", "critical EKU timeStamping only, not a CA");
  }

  async function chainCheck(run, signer, carried, tst) {
    const o = run.o;
    const genTime = tst.genTime;
    const atGenTime = o.validationTime === null || o.validationTime === undefined;
    const t = atGenTime ? genTime.seconds : o.validationTime;
    // Made at genTime by the TSA's claim, but perhaps as late as genTime plus its accuracy: the
    // revocation rules weigh both (ChainValidator.SigningTime).
    const made = atGenTime ? madeBy(tst) : { latest: t, dataFrom: t };
    // A token a later time-stamp proves is judged then: good status from then on (revocationDataFrom).
    if (typeof o.revocationDataFrom === "number" && o.revocationDataFrom > made.dataFrom) made.dataFrom = o.revocationDataFrom;
    const when = atGenTime ? "at genTime " + genTime.text : "at " + E.der.formatSeconds(t);
    for (const c of carried) {
      const refused = E.x509.opensslRefuses(c);
      if (refused) { run.fail("chain", "the certificate " + c.subject.text + " in the token cannot be used: " + refused); return; }
    }
    const r = await E.x509.validatePath({
      leaf: signer, untrusted: carried.concat(o.untrusted), roots: o.roots, crls: o.crls, ocsps: o.ocsps,
      revocationScope: o.revocationScope || "fullChain", time: t, latest: made.latest, goodFrom: made.dataFrom,
      evidence: o.revocationEvidence || [], evidenceOCSP: o.revocationEvidenceOCSP || [],
    });
    switch (r.status) {
      case "valid": {
        run.chain = r.chain.map(function (c) { return c.subject.text; });
        run.chainCerts = r.chain;
        const rev = o.crls.length || o.ocsps.length ? ", not revoked then" : (o.revocationEvidence || []).length ? ", no revocation shown" : "";
        const notes = r.notes && r.notes.length ? "; " + r.notes.join("; ") : "";
        run.pass("chain", run.chain.join(" <- ") + " valid " + when + rev + notes);
        return;
      }
      case "noTrustedRoot": run.undecided("chain", "no path to a trusted root " + when + ": " + r.message); return;
      case "revocationUnknown": run.undecided("chain", "revocation status unknown " + when + ": " + r.message); return;
      case "unsupported": run.undecided("chain", r.message); return;
      default: run.fail("chain", r.message + " " + when);
    }
  }

  function tstFields(run, t, signer, signerInToken, hasCertificates) {
    const o = run.o;
    run.pass("tstinfo-version", "v1");
    const alg = t.imprint.alg;
    const d = E.algorithms.digestByOid(alg.oid);
    if (!d) run.fail("imprint", "unsupported imprint algorithm " + alg.oid);
    else if (!E.x509.absentOrNull(alg)) run.fail("imprint", "imprint algorithm has unexpected parameters");
    else if (o.expectedImprint) {
      if (o.expectedImprint.oid !== alg.oid) run.fail("imprint", "imprint algorithm is " + d.name + ", expected " + E.cms.display(o.expectedImprint.oid));
      else if (!E.der.bytesEqual(o.expectedImprint.value, t.imprint.hashed)) run.fail("imprint", "message imprint mismatch: the token covers " + E.der.hex(t.imprint.hashed) + ", expected " + E.der.hex(o.expectedImprint.value));
      else run.pass("imprint", d.name + " " + E.der.hex(t.imprint.hashed));
    } else run.skip("imprint", "NOT CHECKED: no data, digest or request given to compare with");
    if (run.stop) return;

    if (o.expectedNonce) {
      if (t.nonce && E.der.bytesEqual(t.nonce.bytes, o.expectedNonce.bytes)) run.pass("nonce", o.expectedNonce.hex);
      else run.fail("nonce", "nonce mismatch: sent " + o.expectedNonce.hex + ", token has " + (t.nonce ? t.nonce.hex : "none"));
    } else run.skip("nonce", "no nonce was sent");
    if (run.stop) return;

    const policies = o.acceptedPolicies || [];
    if (policies.length === 0) run.pass("policy", t.policy + " (any policy accepted)");
    else if (policies.indexOf(t.policy) >= 0) run.pass("policy", t.policy);
    else run.fail("policy", "policy " + t.policy + " is not among the accepted " + policies.join(", "));
    if (run.stop) return;

    if (o.certReq === true) {
      if (signerInToken) run.pass("cert-req", "signer certificate included as requested");
      else run.fail("cert-req", "certReq was TRUE but the token does not carry the signer certificate");
    } else if (o.certReq === false) {
      if (hasCertificates) run.fail("cert-req", "certReq was FALSE but the token carries certificates (RFC 3161 §2.4.1)");
      else run.pass("cert-req", "no certificates, as requested");
    } else run.skip("cert-req", "request not given");
    if (run.stop) return;

    if (t.genTime.seconds > o.now + 60) run.fail("gen-time", "genTime " + t.genTime.text + " is in the future");
    else run.pass("gen-time", t.genTime.text + " UTC");
    if (run.stop) return;

    // RFC 3161 §2.4.2: the tsa field names the signer: its subject, or a subjectAltName entry
    // equal to it — a directoryName by OpenSSL's canonical form (X509_NAME_cmp), any other name
    // byte for byte (TimeStampVerifier.sameName; red team rounds 17 and 18).
    const sameName = function (a, b) {
      if (a.kind === "directoryName" && b.kind === "directoryName") return a.name.canon === b.name.canon;
      return E.der.bytesEqual(a.der, b.der);
    };
    const signerNames = [{ kind: "directoryName", name: signer.subject }].concat(E.cms.subjectAltNames(signer));
    if (t.tsa && !signerNames.some(function (n) { return sameName(t.tsa, n); })) {
      run.fail("tsa-name", "TSTInfo tsa " + t.tsa.text + " is not a name of the signer certificate (its subject " + signer.subject.text + " or a subjectAltName)");
      return;
    }
    if (o.tsaName) {
      if (o.tsaName === signer.subject.text || (t.tsa && t.tsa.text === o.tsaName)) run.pass("tsa-name", o.tsaName);
      else run.fail("tsa-name", "TSA is " + signer.subject.text + ", expected " + o.tsaName);
    } else if (t.tsa) run.pass("tsa-name", "tsa field matches the signer");
    else run.skip("tsa-name", "no tsa field and no expected name");
    if (run.stop) return;

    // RFC 5280 §4.2: a critical extension the verifier does not understand fails (Evident understands none).
    const exts = t.extensions || [];
    const crit = exts.find(function (x) { return x.critical; });
    if (crit) run.fail("tstinfo-extensions", "critical extension " + crit.oid + " is not understood by this verifier");
    else if (exts.length === 0) run.pass("tstinfo-extensions", "none");
    else run.pass("tstinfo-extensions", "non-critical, ignored: " + exts.map(function (x) { return x.oid; }).join(", "));
  }

  // The imprint's hash, the signature's digest (and PSS MGF1 hash) and the TSA key, judged at
  // genTime and now by the dated algorithm policy.
  function algorithms(run, t, si, cert) {
    const o = run.o;
    const uses = [];
    const di = E.algorithms.digestByOid(t.imprint.alg.oid);
    if (di) uses.push(E.algorithms.digestUse(di.name, "message imprint"));
    const ds = E.algorithms.digestByOid(si.digestAlgorithm.oid);
    if (ds) uses.push(E.algorithms.digestUse(ds.name, "signature digest"));
    if (run.scheme && run.scheme.kind === "rsaPSS") uses.push(E.algorithms.digestUse(run.scheme.mgf1Hash, "RSA-PSS MGF1 hash"));
    uses.push(E.algorithms.keyUse(cert.key, "TSA key"));
    const policy = o.algorithmPolicy || E.algorithms.builtIn;
    // The earliest end date of these algorithms (VerificationReport.algorithmsEnd), whatever the verdict.
    for (const use of uses) {
      const e = policy.entry(use);
      if (e && e.notAfter !== null && (run.algorithmsEnd === null || e.notAfter < run.algorithmsEnd)) run.algorithmsEnd = e.notAfter;
    }
    const undecided = [];
    for (const use of uses) {
      const j = policy.judge(use, t.genTime.seconds, o.now);
      if (j.kind === "acceptable") continue;
      if (j.kind === "expiredAtGenTime") { run.fail("algorithms", j.reason); return; }
      undecided.push(j.reason);
    }
    if (undecided.length) run.undecided("algorithms", undecided.join("; "));
    else run.pass("algorithms", uses.map(E.algorithms.describeUse).join(", ") + " acceptable at genTime and now (policy " + policy.name + ")");
  }

  // A certificate parsed by E.x509 (a bundle's chain file is parsed once per verification and
  // shared by its anchors) or its DER.
  function isParsedCert(c) { return c && !(c instanceof Uint8Array) && !(c instanceof ArrayBuffer) && c.tbs && c.subject; }
  function parseCerts(list, what) {
    return (list || []).map(function (der, i) {
      if (isParsedCert(der)) return der;
      try { return E.x509.parseCertificateBytes(toBytes(der, what)); } catch (x) {
        throw new Error(what + " " + (i + 1) + " is not a certificate this verifier can read: " + x.message);
      }
    });
  }

  // Verifies a TimeStampResp (isResponse) or a bare token. o: {bytes, isResponse, encoding
  // ("tolerant"|"der"), roots, untrusted (DER), crls, ocsps (parsed by E.x509), revocationScope,
  // validationTime (seconds or null = genTime), expectedImprint {oid, value}, expectedNonce
  // (integer from E.der), acceptedPolicies, certReq, tsaName, algorithmPolicy, now (seconds)}.
  async function verify(o) {
    const rules = new E.der.Rules(o.encoding || "tolerant");
    const opts = Object.assign({}, o);
    opts.roots = parseCerts(o.roots, "trusted root");
    opts.untrusted = parseCerts(o.untrusted, "untrusted certificate");
    // Given certificates that are strict DER can name the signer (Certificate(derEncoded:) in Swift).
    opts.givenStrict = [];
    for (const der of (o.untrusted || []).concat(o.roots || [])) {
      if (isParsedCert(der)) {
        // Parsed once, its strict-DER reading kept with it.
        if (der.strictDER === undefined) {
          try { der.strictDER = E.x509.parseCertificateBytes(der.der, new E.der.Rules("der")); } catch (x) { der.strictDER = null; }
        }
        if (der.strictDER) opts.givenStrict.push(der.strictDER);
        continue;
      }
      try { opts.givenStrict.push(E.x509.parseCertificateBytes(toBytes(der), new E.der.Rules("der"))); } catch (x) { /* not DER: not a candidate */ }
    }
    opts.crls = o.crls || [];
    opts.ocsps = o.ocsps || [];
    if (typeof opts.now !== "number") opts.now = Math.floor(Date.now() / 1000);
    const run = new Run(opts);
    const bytes = toBytes(o.bytes, "the time-stamp");
    let tok = null;
    try {
      if (bytes.length > MAX_MESSAGE) throw err("input-too-large", 0, "input is " + bytes.length + " bytes, the limit is " + MAX_MESSAGE);
      const root = E.der.parse(bytes, { rules: rules, maxInputSize: MAX_MESSAGE });
      if (o.isResponse) {
        const resp = timeStampResp(root);
        run.pass("der", "TimeStampResp decoded (" + bytes.length + " bytes)");
        const s = resp.statusInfo;
        if (s.status !== 0 && s.status !== 1) {
          let why = "status is " + (STATUS[s.status] || "unknown value " + s.status);
          if (s.failInfo) {
            const f = s.failInfo.setBits().filter(function (b) { return FAILURES[b]; }).map(function (b) { return FAILURES[b]; });
            if (f.length) why += ", failInfo " + f.join(",");
          }
          if (s.statusString) why += ", statusString " + JSON.stringify(s.statusString.join("; "));
          run.fail("status", why);
        } else if (!resp.token) {
          run.fail("status", "status " + STATUS[s.status] + " but no timeStampToken");
        } else {
          run.pass("status", STATUS[s.status]);
          tok = resp.token;
        }
      } else {
        tok = token(root);
        run.pass("der", "token decoded (" + bytes.length + " bytes)");
        run.skip("status", "bare token: no PKIStatusInfo");
      }
    } catch (x) {
      if (!(x instanceof E.der.DERError)) throw x;
      const check = x.code === "unexpected-content-type" || x.code === "missing-content" ? "content-type" : "der";
      run.fail(check, x.message);
    }
    if (tok) await verifyTokenBody(run, tok);
    const failed = run.results.find(function (r) { return r.outcome === "failed"; });
    const undecided = run.results.find(function (r) { return r.outcome === "indeterminate"; });
    return {
      verdict: failed ? "invalid" : undecided ? "indeterminate" : "valid",
      checks: run.results, tstInfo: run.tstInfo, chain: run.chain, chainCertificates: run.chainCerts,
      warnings: rules.warnings, algorithmPolicy: (o.algorithmPolicy || E.algorithms.builtIn).name,
      firstProblem: failed || undecided || null, algorithmsEnd: run.algorithmsEnd, signerCertificate: run.signerCert || null,
    };
  }

  function findingsOf(checks) {
    return checks.filter(function (r) { return r.outcome === "failed" || r.outcome === "indeterminate"; })
      .map(function (r) { return { check: r.check, outcome: r.outcome === "failed" ? "invalid" : "indeterminate", reason: r.reason }; });
  }
  function rfc3339Millis(ms) {
    const s = Math.floor(ms / 1000);
    const base = E.der.formatSeconds(s);
    return base.slice(0, -1) + "." + String(ms - s * 1000).padStart(3, "0") + "Z";
  }

  // One anchor of a bundle (BundleVerifier.verifyAnchor): the .tsr, its request, the checkpoint's
  // SHA-256, the given roots, the bundle's chain, and the revocation evidence (docs/verification.md
  // "TSA revocation"): every CRL and OCSP response given or carried, of any date. The path is
  // validated at genTime without revocation first; then any evidence of a revocation (at or before
  // genTime, or after it for a reason that is not benign) makes the anchor invalid, whatever else
  // the evidence says; only when none shows one must each non-root certificate's good status be
  // proven by a CRL of its issuer issued at or after genTime or an OCSP "good" as of then (with no
  // such data at all the anchor is indeterminate unless the revocation policy is none; data that
  // does not cover the path leaves it indeterminate, as before). Last, a token whose TSA
  // certificate expired before the time it is proven to exist (`provenAt`: now, or an evidence record's first archive time-stamp) is indeterminate
  // (EvidenceTokenCheck). crls / ocsps: DER, or objects parsed by E.x509 (a bundle
  // parses a shared revocation file once), or an Error for one that did not decode.
  async function verifyAnchor(a) {
    // signerNotAfter / algorithmsEnd / provenUntil (seconds): until when the token proves what it
    // covers without a renewal — its TSA certificate's expiry or its algorithms' earliest end
    // date, whichever is first (EvidenceTokenCheck.Result.provenUntil).
    const out = { verdict: "invalid", findings: [], genTime: null, genTimeMillis: null, accuracyMillis: 0, tsaSubject: null, warnings: [],
      signerNotAfter: null, algorithmsEnd: null, provenUntil: null };
    const bad = function (check, why) { out.findings.push({ check: check, outcome: "invalid", reason: why }); return out; };
    try {
      const response = toBytes(a.response, "the anchor's response");
      const imprint = toBytes(a.imprint, "the checkpoint digest");
      // A bare token (isResponse false: an archive time-stamp of an evidence record) may be over
      // a digest of another algorithm (imprintOid); an anchor's response is over SHA-256.
      const isResponse = a.isResponse !== false;
      const imprintOid = a.imprintOid || OID.sha256;
      const imprintAlg = E.algorithms.digestByOid(imprintOid);
      if (!imprintAlg) return bad("imprint", "the expected digest's algorithm " + imprintOid + " is not one this verifier knows");
      if (imprint.length !== imprintAlg.size) return bad("imprint", "the expected digest is " + imprint.length + " bytes, " + imprintAlg.name + " is " + imprintAlg.size);
      const policy = a.revocationPolicy === "none" ? "none" : "require";
      // Seconds since the epoch at which the token is proven to exist (`provenAt`, else `now`,
      // else the clock): its chain, algorithms and TSA certificate expiry are judged then.
      const provenAt = typeof a.provenAt === "number" ? a.provenAt : typeof a.now === "number" ? a.now : Math.floor(Date.now() / 1000);
      const crls = [], ocsps = [];
      const list = function (items, parse, what, into) {
        for (let i = 0; i < (items || []).length; i++) {
          const x = items[i];
          if (x instanceof Error) {
            if (x.limit && parse === E.x509.parseCRL) { into.push(E.x509.unreadableCRL(x)); continue; }
            return what + " " + (i + 1) + " does not decode: " + x.message;
          }
          if (!(x instanceof Uint8Array) && !(x instanceof ArrayBuffer) && x && (x.tbs || x.unreadable)) { into.push(x); continue; }
          try { into.push(parse(toBytes(x))); } catch (e) {
            if (e.limit && parse === E.x509.parseCRL) { into.push(E.x509.unreadableCRL(e)); continue; }
            return what + " " + (i + 1) + " does not decode: " + e.message;
          }
        }
        return null;
      };
      let problem = list(a.crls, E.x509.parseCRL, "CRL", crls);
      if (problem) return bad("revocation-data", problem);
      problem = list(a.ocsps, E.x509.parseOCSP, "OCSP response", ocsps);
      if (problem) return bad("revocation-data", problem);
      const o = {
        bytes: response, isResponse: isResponse, encoding: "tolerant", roots: a.roots || [], untrusted: a.untrusted || [],
        expectedImprint: { oid: imprintOid, value: imprint }, algorithmPolicy: a.algorithmPolicy || null,
        now: provenAt, revocationScope: "fullChain",
        crls: crls, ocsps: ocsps,
      };
      try { o.untrusted = parseCerts(o.untrusted, "chain certificate"); } catch (x) { return bad("chain-file", x.message); }
      if (isResponse && a.request && a.request.length) {
        let r;
        try { r = parseRequest(a.request, "der"); } catch (x) { return bad("request", "the request does not decode: " + x.message); }
        o.expectedNonce = r.nonce;
        o.certReq = r.certReq;
        if (r.imprint.alg.oid !== OID.sha256 || !E.x509.absentOrNull(r.imprint.alg) || !E.der.bytesEqual(r.imprint.hashed, imprint)) {
          return bad("request", "the request is not for this data");
        }
      }
      // CRLs issued at or after genTime can prove good status; older ones (and CRLs beyond this
      // verifier's limits) are evidence only: they can show a revocation, never prove its absence
      // (an older CRL cannot show a revocation dated between its issue and genTime).
      let inner = null;
      try {
        const parsed = E.der.parse(response, { rules: new E.der.Rules("tolerant"), maxInputSize: MAX_MESSAGE });
        inner = isResponse ? timeStampResp(parsed).token : token(parsed);
      } catch (x) { inner = null; }
      // Only revocation data issued at or after genTime — or, for a token a later time-stamp
      // proves (`freshFrom`, seconds: the time it is judged at), at or after then — proves good
      // status (a CRL's thisUpdate, an OCSP response's producedAt); older CRLs still show
      // revocations (EvidenceTokenCheck, revocationFrom).
      const fresh = typeof a.freshFrom === "number" ? a.freshFrom : null;
      const dataFrom = inner ? madeBy(inner.tstInfo).dataFrom : null;
      if (inner) {
        // Issued at or after genTime plus the token's accuracy (rounded up): after the token.
        const from = fresh !== null && fresh > dataFrom ? fresh : dataFrom;
        o.revocationDataFrom = from;
        o.crls = crls.filter(function (c) { return !c.unreadable && c.thisUpdate.seconds >= from; });
        o.revocationEvidence = crls.filter(function (c) { return c.unreadable || c.thisUpdate.seconds < from; });
        o.ocsps = ocsps.filter(function (r) { return r.producedAt.seconds >= from; });
        // Older responses still show revocations (red team round 17, an OCSP "on hold" before genTime).
        o.revocationEvidenceOCSP = ocsps.filter(function (r) { return r.producedAt.seconds < from; });
      } else {
        o.crls = crls.filter(function (c) { return !c.unreadable; });
        o.revocationEvidence = crls.filter(function (c) { return c.unreadable; });
      }
      const noRevocationData = o.crls.length === 0 && o.ocsps.length === 0;
      const report = await verify(o);
      out.warnings = report.warnings;
      out.findings = findingsOf(report.checks);
      if (report.tstInfo) {
        out.genTimeMillis = report.tstInfo.genTime.ms;
        out.genTime = rfc3339Millis(out.genTimeMillis);
        out.accuracyMillis = report.tstInfo.accuracy ? Math.ceil(report.tstInfo.accuracy.totalMicros / 1000) : 0;
        out.latestMillis = madeBy(report.tstInfo).latestMillis;
      }
      // The trust anchor of a path: its last certificate when it is one of the given roots (a
      // path of one certificate is never exempt).
      const rootDer = (a.roots || []).map(function (r) { return r instanceof Uint8Array ? r : r instanceof ArrayBuffer ? new Uint8Array(r) : r && r.der ? r.der : null; }).filter(Boolean);
      const isAnchor = function (n, path) {
        return n > 0 && n === path.length - 1 && !!path[n].der && rootDer.some(function (d) { return E.der.bytesEqual(d, path[n].der); });
      };
      const chainCerts = report.chainCertificates || [];
      // The path's earliest expiry (its trust anchor aside): the TSA certificate's, or a CA's.
      const expiries = chainCerts.filter(function (c, n) { return !isAnchor(n, chainCerts) && c && c.notAfter; }).map(function (c) { return c.notAfter.seconds; });
      out.signerNotAfter = expiries.length ? Math.min.apply(null, expiries) : null;
      out.algorithmsEnd = typeof report.algorithmsEnd === "number" ? report.algorithmsEnd : null;
      const ends = [out.signerNotAfter, out.algorithmsEnd].filter((x) => x !== null);
      out.provenUntil = ends.length ? Math.min(...ends) : null;
      // Judged at the time the token is proven to exist (EvidenceTokenCheck): now, or earlier
      // when a later time-stamp proves it. Every certificate of the path but its trust anchor must
      // outlive that time: once one has expired, a compromise of its key would no longer be
      // published. Said first when the chain is otherwise sound or undecided (an undecided chain
      // may not list its path: then the TSA certificate alone).
      const path = chainCerts.length ? chainCerts : report.signerCertificate ? [report.signerCertificate] : [];
      let expiry = null;
      for (let n = 0; n < path.length; n++) {
        const c = path[n];
        if (isAnchor(n, path) || !c || !c.notAfter || !(c.notAfter.seconds < provenAt)) continue;
        const which = n === 0 ? "the TSA certificate " + ((report.chain && report.chain[0]) || c.subject.text)
          : "the certificate " + (report.chain && n < report.chain.length ? report.chain[n] : "?") + " on the TSA's path";
        expiry = { check: "expiry", outcome: "indeterminate", reason: which + " expired at " + E.der.formatSeconds(c.notAfter.seconds) + ", before " + E.der.formatSeconds(provenAt) + ", the time this token is proven to exist: a compromise of its key after the expiry would not be published; only an archive time-stamp made before the expiry (evident renew) keeps it proven" };
        break;
      }
      if (report.verdict === "valid") {
        out.tsaSubject = report.chain[0] || null;
        if (expiry) {
          out.verdict = "indeterminate";
          out.findings.push(expiry);
          return out;
        }
        // Fail closed: no evidence shows a revocation, but a chain validated without revocation
        // data issued at or after genTime (or the later time it is judged at) proves nothing
        // about a TSA key revoked before then.
        if (noRevocationData && policy === "require" && report.chain.length > 1) {
          out.verdict = "indeterminate";
          out.findings.push({ check: "revocation", outcome: "indeterminate", reason: fresh !== null
            ? "no revocation data issued at or after " + E.der.formatSeconds(fresh) + ", the time a later archive time-stamp proves it existed, for the TSA certificate " + out.tsaSubject + ": a revocation of its key before then cannot be ruled out (give a later CRL or OCSP response)"
            : "no revocation data issued at or after " + (dataFrom === null ? "genTime" : E.der.formatSeconds(dataFrom)) + " (genTime plus the token's accuracy) for the TSA certificate " + out.tsaSubject + ": its status when the token was made is unknown (give a CRL or OCSP response, or accept that explicitly with revocation policy none)" });
          return out;
        }
        out.verdict = "valid";
      } else {
        out.verdict = report.verdict;
        // An expired certificate explains an undecided chain (later revocation data is missing
        // because of it): named first.
        if (expiry && report.verdict === "indeterminate") out.findings.unshift(expiry);
      }
      return out;
    } catch (x) {
      return bad("anchor", x && x.message ? x.message : String(x));
    }
  }

  E.tsp = {
    CHECKS: CHECKS, extractToken: extractToken, verifyAnchor: verifyAnchor, verify: verify,
    parseRequest: parseRequest, parseResponse: function (bytes, level) {
      return timeStampResp(E.der.parse(toBytes(bytes, "the response"), { rules: new E.der.Rules(level || "tolerant"), maxInputSize: MAX_MESSAGE }));
    },
    parseToken: function (bytes, level) {
      return token(E.der.parse(toBytes(bytes, "the token"), { rules: new E.der.Rules(level || "tolerant"), maxInputSize: MAX_MESSAGE }));
    },
    cmsScheme: cmsScheme, findingsOf: findingsOf,
  };
})(globalThis.Evident = globalThis.Evident || {});
