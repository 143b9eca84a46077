"use strict";
// E.x509: certificates, CRLs and OCSP responses (RFC 5280, RFC 6960) over E.der, signature
// verification with WebCrypto, and certificate path validation at a given time under the
// verifier's roots only. It reproduces the outcomes of the Swift verifier's path validation
// (OpenSSL X509_verify_cert with the time-stamping purpose, Sources/EvidentCrypto/
// ChainValidator_openssl.swift): no path to a given root → indeterminate; revocation data
// required but missing → indeterminate; anything wrong on the path → invalid. Where the browser
// lacks an algorithm the result is "unsupported" (indeterminate), never a guess.
(function (E) {
  const T = function () { return E.der.T; };
  const MAX_CHAIN = 16; // certificates on a path (OpenSSL's default depth is 100; real paths have 2–4)
  const MAX_CANDIDATES = 256; // untrusted certificates considered

  class Unsupported extends Error {
    constructor(what) { super("this browser cannot verify " + what); this.name = "Unsupported"; this.unsupported = true; }
  }

  const OID = {
    rsaEncryption: "1.2.840.113549.1.1.1", rsassaPSS: "1.2.840.113549.1.1.10", mgf1: "1.2.840.113549.1.1.8",
    md5WithRSA: "1.2.840.113549.1.1.4", sha1WithRSA: "1.2.840.113549.1.1.5", sha256WithRSA: "1.2.840.113549.1.1.11",
    sha384WithRSA: "1.2.840.113549.1.1.12", sha512WithRSA: "1.2.840.113549.1.1.13", sha224WithRSA: "1.2.840.113549.1.1.14",
    ecPublicKey: "1.2.840.10045.2.1", ecdsaSHA1: "1.2.840.10045.4.1", ecdsaSHA224: "1.2.840.10045.4.3.1",
    ecdsaSHA256: "1.2.840.10045.4.3.2", ecdsaSHA384: "1.2.840.10045.4.3.3", ecdsaSHA512: "1.2.840.10045.4.3.4",
    ed25519: "1.3.101.112", ed448: "1.3.101.113",
    basicConstraints: "2.5.29.19", keyUsage: "2.5.29.15", extKeyUsage: "2.5.29.37", subjectKeyIdentifier: "2.5.29.14",
    authorityKeyIdentifier: "2.5.29.35", nameConstraints: "2.5.29.30", subjectAltName: "2.5.29.17",
    crlReason: "2.5.29.21", invalidityDate: "2.5.29.24", certificateIssuer: "2.5.29.29", issuingDistributionPoint: "2.5.29.28", deltaCRL: "2.5.29.27",
    kpTimeStamping: "1.3.6.1.5.5.7.3.8", kpOCSPSigning: "1.3.6.1.5.5.7.3.9", anyEKU: "2.5.29.37.0",
    ocspBasic: "1.3.6.1.5.5.7.48.1.1", netscapeCertType: "2.16.840.1.113730.1.1",
  };
  // Extensions OpenSSL's path validation handles (X509_supported_extension); a critical
  // extension outside this list fails the path ("unhandled critical extension").
  const SUPPORTED_EXTENSIONS = new Set([
    OID.netscapeCertType, OID.keyUsage, OID.subjectAltName, OID.basicConstraints, "2.5.29.32", "2.5.29.31",
    OID.extKeyUsage, "1.3.6.1.5.5.7.1.7", "1.3.6.1.5.5.7.1.8", "1.3.6.1.5.5.7.48.1.5", "2.5.29.36",
    "1.3.6.1.5.5.7.1.14", OID.nameConstraints, "2.5.29.33", "2.5.29.54",
  ]);
  const CURVES = {
    "1.2.840.10045.3.1.1": { name: "P-192", bits: 192, webcrypto: null, size: 24 },
    "1.3.132.0.33": { name: "P-224", bits: 224, webcrypto: null, size: 28 },
    "1.2.840.10045.3.1.7": { name: "P-256", bits: 256, webcrypto: "P-256", size: 32 },
    "1.3.132.0.34": { name: "P-384", bits: 384, webcrypto: "P-384", size: 48 },
    "1.3.132.0.35": { name: "P-521", bits: 521, webcrypto: "P-521", size: 66 },
    "1.3.132.0.10": { name: "secp256k1", bits: 256, webcrypto: null, size: 32 },
    "1.3.36.3.3.2.8.1.1.7": { name: "brainpoolP256r1", bits: 256, webcrypto: null, size: 32 },
    "1.3.36.3.3.2.8.1.1.11": { name: "brainpoolP384r1", bits: 384, webcrypto: null, size: 48 },
    "1.3.36.3.3.2.8.1.1.13": { name: "brainpoolP512r1", bits: 512, webcrypto: null, size: 64 },
  };
  // OpenSSL's short names for attribute types (as the Swift DistinguishedName prints them).
  const SHORT = {
    "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST",
    "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title", "2.5.4.13": "description",
    "2.5.4.42": "GN", "2.5.4.43": "initials", "2.5.4.46": "dnQualifier", "2.5.4.97": "organizationIdentifier",
    "2.5.4.17": "postalCode", "2.5.4.15": "businessCategory", "1.2.840.113549.1.9.1": "emailAddress",
    "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID", "2.5.4.65": "pseudonym",
  };

  function hex(b) { return E.der.hex(b); }
  function eq(a, b) { return E.der.bytesEqual(a, b); }

  // ---- hashing ---------------------------------------------------------------------------
  async function hash(name, bytes) {
    const d = E.algorithms.digestByName(name);
    if (!d) throw new Error("unknown digest " + name);
    if (!d.webcrypto) throw new Unsupported("a " + name + " digest (WebCrypto has no " + name + ")");
    return new Uint8Array(await crypto.subtle.digest(d.webcrypto, bytes));
  }

  // ---- names -----------------------------------------------------------------------------
  function parseName(node) {
    const rdns = [];
    for (const rdn of node.sequence()) {
      // SET OF order is not checked: names are matched by their bytes, never re-encoded.
      const atvs = rdn.sequence(T().SET);
      if (atvs.length === 0) throw new E.der.DERError("missing-element", rdn.offset, "empty RelativeDistinguishedName");
      rdns.push(atvs.map(function (atv) {
        const r = atv.reader(T().SEQUENCE, "AttributeTypeAndValue");
        const type = r.next("type").oid();
        const value = r.next("value");
        r.finish();
        return { type: type, value: value };
      }));
    }
    return { der: node.encoded, rdns: rdns, text: formatName(rdns), canon: canonName(rdns) };
  }
  function stringValue(v) {
    try { return v.cls === 0 ? v.string() : null; } catch (e) { return null; }
  }
  // A value as text for names (DistinguishedName.Attribute.stringValue): the one-byte string types
  // as Latin-1 whatever their bytes, as OpenSSL reads them; any other string type as decoded.
  function displayValue(v) {
    if (v.cls === 0 && !v.constructed && [19, 20, 22, 26].indexOf(v.num) >= 0) {
      let s = "";
      for (const b of v.content) s += String.fromCharCode(b);
      return s;
    }
    return stringValue(v);
  }
  // RFC 4514 order (least significant RDN first), exactly as Swift's DistinguishedName.description.
  function formatName(rdns) {
    return rdns.slice().reverse().map(function (rdn) {
      return rdn.map(function (atv) {
        const key = SHORT[atv.type] || atv.type;
        // One-byte string types as Latin-1 whatever their bytes, as OpenSSL prints them (the CLI's
        // X509Certificate.format): "AT&T" in a PrintableString is shown, not dumped in hex.
        const s = displayValue(atv.value);
        if (s === null) return key + "=#" + hex(atv.value.encoded);
        return key + "=" + escape4514(s);
      }).join("+");
    }).join(",");
  }
  function escape4514(s) {
    const chars = Array.from(s);
    let out = "";
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (",+\"\\<>;".indexOf(c) >= 0 || (i === 0 && (c === "#" || c === " ")) || (i === chars.length - 1 && c === " ")) out += "\\";
      out += c;
    }
    return out;
  }
  // OpenSSL's X509_NAME_cmp compares a canonical form: string values as UTF-8, ASCII lower-cased,
  // leading and trailing white space removed and inner runs collapsed. Like OpenSSL
  // (ASN1_STRING_to_UTF8), the one-byte types (PrintableString, T61String, IA5String,
  // VisibleString) are read as Latin-1 whatever their bytes: "AT&T" as a PrintableString, outside
  // its alphabet, is the same name as in a UTF8String (red team round 19, where the browser had
  // called such a tsa field another name and the token invalid).
  function canonValue(v) {
    return v.cls === 0 && [19, 20, 22, 26, 12, 30, 28].indexOf(v.num) >= 0 ? displayValue(v) : null;
  }
  function canonName(rdns) {
    return JSON.stringify(rdns.map(function (rdn) {
      return rdn.map(function (atv) {
        const s = canonValue(atv.value);
        if (s === null) return atv.type + "#" + hex(atv.value.encoded);
        const c = s.replace(/^[ \t\n\u000b\f\r]+|[ \t\n\u000b\f\r]+$/g, "").replace(/[ \t\n\u000b\f\r]+/g, " ")
          .replace(/[A-Z]/g, function (ch) { return ch.toLowerCase(); });
        return atv.type + "=" + c;
      }).sort();
    }));
  }

  // ---- algorithm identifiers and keys ----------------------------------------------------
  function parseAlgId(node) {
    const r = node.reader(T().SEQUENCE, "AlgorithmIdentifier");
    const oid = r.next("algorithm").oid();
    const params = r.atEnd ? null : r.next("parameters");
    r.finish();
    return { oid: oid, params: params, der: node.encoded };
  }
  function absentOrNull(alg) { return alg.params === null || (alg.params.cls === 0 && alg.params.num === 5 && alg.params.encoded.length === 2); }

  function parseSpki(node) {
    const r = node.reader(T().SEQUENCE, "SubjectPublicKeyInfo");
    const alg = parseAlgId(r.next("algorithm"));
    const bits = r.next("subjectPublicKey").bitString();
    r.finish();
    return { der: node.encoded, alg: alg, key: bits.bytes, unusedBits: bits.unusedBits };
  }
  function bitLength(bytes) {
    let i = 0;
    while (i < bytes.length && bytes[i] === 0) i++;
    if (i === bytes.length) return 0;
    return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]));
  }
  // {kind: rsa|ec|ed25519|ed448|other, bits, curve, ...} as the algorithm policy names keys.
  function keyInfo(spki) {
    const oid = spki.alg.oid;
    try {
      if (oid === OID.rsaEncryption || oid === OID.rsassaPSS) {
        const rsa = E.der.parse(spki.key).reader(T().SEQUENCE, "RSAPublicKey");
        const n = rsa.next("modulus").integer(), e = rsa.next("publicExponent").integer();
        rsa.finish();
        if (n.negative || e.negative) return { kind: "other", bits: 0 };
        return { kind: "rsa", bits: bitLength(n.bytes), n: n.bytes, e: e.bytes };
      }
      if (oid === OID.ecPublicKey) {
        const p = spki.alg.params;
        const curveOid = p && p.is(T().OID) ? p.oid() : null;
        const c = curveOid ? CURVES[curveOid] : null;
        if (!c) return { kind: "ec", bits: 0, curve: curveOid || null, curveOid: curveOid };
        return { kind: "ec", bits: c.bits, curve: c.name, curveOid: curveOid, webcrypto: c.webcrypto, size: c.size };
      }
      if (oid === OID.ed25519) return { kind: "ed25519", bits: 253 };
      if (oid === OID.ed448) return { kind: "ed448", bits: 456 };
    } catch (e) { return { kind: "other", bits: 0 }; }
    return { kind: "other", bits: 0 };
  }
  // NIST prime curves: p and b (a = -3), for checking that a public key is a point on its curve
  // (OpenSSL refuses a certificate whose EC key is not) and for decompressing compressed points.
  const CURVE_PARAMS = {
    "P-256": { p: (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n, b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn },
    "P-384": { p: (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n, b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn },
    "P-521": { p: (1n << 521n) - 1n, b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n },
  };
  function modPow(b, e, m) { let r = 1n; b %= m; while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n; } return r; }
  function toBig(bytes) { let v = 0n; for (let i = 0; i < bytes.length; i++) v = (v << 8n) | BigInt(bytes[i]); return v; }
  function fromBig(v, size) { const out = new Uint8Array(size); for (let i = size - 1; i >= 0; i--) { out[i] = Number(v & 0xffn); v >>= 8n; } return out; }
  // The uncompressed point (04 || x || y) of an EC public key on a NIST curve, or null when the
  // bytes are not a point on the curve.
  function ecPoint(keyBytes, curve, size) {
    const c = CURVE_PARAMS[curve];
    if (!c || keyBytes.length === 0) return null;
    const p = c.p, rhs = function (x) { return (((x * x % p) * x - 3n * x + c.b) % p + p) % p; };
    if (keyBytes[0] === 4 && keyBytes.length === 1 + 2 * size) {
      const x = toBig(keyBytes.subarray(1, 1 + size)), y = toBig(keyBytes.subarray(1 + size));
      if (x >= p || y >= p || (y * y) % p !== rhs(x)) return null;
      return keyBytes;
    }
    if ((keyBytes[0] === 2 || keyBytes[0] === 3) && keyBytes.length === 1 + size) {
      const x = toBig(keyBytes.subarray(1));
      if (x >= p) return null;
      const a = rhs(x);
      let y = modPow(a, (p + 1n) / 4n, p); // p ≡ 3 (mod 4) for P-256, P-384, P-521
      if ((y * y) % p !== a) return null;
      if (Number(y & 1n) !== (keyBytes[0] & 1)) y = p - y;
      const out = new Uint8Array(1 + 2 * size);
      out[0] = 4; out.set(fromBig(x, size), 1); out.set(fromBig(y, size), 1 + size);
      return out;
    }
    return null;
  }
  // What OpenSSL's certificate decoder refuses and ours alone would not: a Name value that is not a
  // universal type or not a valid string. (Public keys are decoded lazily by OpenSSL: a bad key fails
  // where it is used, in verifySignature.) Returns the reason, or null when acceptable.
  function opensslRefuses(c) {
    for (const name of [c.issuer, c.subject]) {
      for (const rdn of name.rdns) {
        for (const atv of rdn) {
          const v = atv.value;
          if (v.cls !== 0) return "a name attribute value has a non-universal tag " + v.tagText;
          if ([12, 30, 28].indexOf(v.num) >= 0 && stringValue(v) === null) return "a name attribute value is not a valid " + v.tagText;
        }
      }
    }
    return null;
  }
  function b64url(bytes) {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let s = "";
    for (let k = i; k < bytes.length; k++) s += String.fromCharCode(bytes[k]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // ---- signature schemes -----------------------------------------------------------------
  // The scheme an X.509 / CRL / OCSP signatureAlgorithm names (the hash comes with it).
  function schemeOfSignatureAlgorithm(alg) {
    const byOid = {};
    byOid[OID.md5WithRSA] = { kind: "rsaPKCS1", hash: "md5" };
    byOid[OID.sha1WithRSA] = { kind: "rsaPKCS1", hash: "sha1" };
    byOid[OID.sha224WithRSA] = { kind: "rsaPKCS1", hash: "sha224" };
    byOid[OID.sha256WithRSA] = { kind: "rsaPKCS1", hash: "sha256" };
    byOid[OID.sha384WithRSA] = { kind: "rsaPKCS1", hash: "sha384" };
    byOid[OID.sha512WithRSA] = { kind: "rsaPKCS1", hash: "sha512" };
    byOid[OID.ecdsaSHA1] = { kind: "ecdsa", hash: "sha1" };
    byOid[OID.ecdsaSHA224] = { kind: "ecdsa", hash: "sha224" };
    byOid[OID.ecdsaSHA256] = { kind: "ecdsa", hash: "sha256" };
    byOid[OID.ecdsaSHA384] = { kind: "ecdsa", hash: "sha384" };
    byOid[OID.ecdsaSHA512] = { kind: "ecdsa", hash: "sha512" };
    byOid[OID.ed25519] = { kind: "ed25519", hash: null };
    byOid[OID.ed448] = { kind: "ed448", hash: null };
    if (alg.oid === OID.rsassaPSS) {
      if (!alg.params) throw new Error("RSASSA-PSS without parameters");
      return pssParams(alg.params);
    }
    const s = byOid[alg.oid];
    if (!s) throw new Error("unsupported signature algorithm " + alg.oid);
    return s;
  }
  // RSASSA-PSS-params (RFC 4055 §3.1), all fields EXPLICIT with DEFAULTs (SignatureScheme.pss).
  function pssParams(node) {
    const r = node.reader(T().SEQUENCE, "RSASSA-PSS-params");
    let h = "sha1", mgf = "sha1", salt = 20;
    let e;
    if ((e = r.optional(T().ctx(0)))) {
      const id = parseAlgId(e.explicit(T().ctx(0)));
      const d = E.algorithms.digestByOid(id.oid);
      if (!d) throw new Error("unsupported PSS hash " + id.oid);
      h = d.name;
    }
    if ((e = r.optional(T().ctx(1)))) {
      const id = parseAlgId(e.explicit(T().ctx(1)));
      let inner = null;
      try { inner = id.oid === OID.mgf1 && id.params ? E.algorithms.digestByOid(parseAlgId(id.params).oid) : null; } catch (x) { inner = null; }
      if (!inner) throw new Error("unsupported PSS mask generation");
      mgf = inner.name;
    }
    if ((e = r.optional(T().ctx(2)))) salt = e.explicit(T().ctx(2)).smallInt();
    if ((e = r.optional(T().ctx(3)))) {
      if (e.explicit(T().ctx(3)).smallInt() !== 1) throw new Error("PSS trailerField must be 1");
    }
    r.finish();
    if (salt < 0 || salt > 1024) throw new Error("PSS salt length " + salt);
    return { kind: "rsaPSS", hash: h, mgf1Hash: mgf, saltLength: salt };
  }
  function describeScheme(s) {
    switch (s.kind) {
      case "rsaPKCS1": return "RSA PKCS#1 v1.5 with " + s.hash;
      case "rsaPSS": return "RSASSA-PSS with " + s.hash + " (MGF1 " + s.mgf1Hash + ", salt " + s.saltLength + ")";
      case "ecdsa": return "ECDSA with " + s.hash;
      case "ed25519": return "Ed25519";
      case "ed448": return "Ed448";
    }
    return s.kind;
  }

  // Verifies `sig` over `data` with the key of `spki` under `scheme`. Resolves true/false; throws
  // Unsupported when the browser cannot decide, Error when key and scheme do not fit.
  async function verifySignature(spki, scheme, sig, data) {
    const key = keyInfo(spki);
    const subtle = crypto.subtle;
    const wcHash = function (name) {
      const d = E.algorithms.digestByName(name);
      if (!d || !d.webcrypto) throw new Unsupported(describeScheme(scheme) + " signatures (WebCrypto has no " + name + ")");
      return d.webcrypto;
    };
    if (scheme.kind === "rsaPKCS1" || scheme.kind === "rsaPSS") {
      if (key.kind !== "rsa") throw new Error(describeScheme(scheme) + " needs an RSA key");
      if (key.bits < 512 || (key.e[key.e.length - 1] & 1) === 0) throw new Error("the RSA public key (" + key.bits + " bits) is not usable");
      if (scheme.hash === "md5") throw new Unsupported("RSA with MD5 signatures (WebCrypto has no MD5)");
      const h = wcHash(scheme.hash);
      if (scheme.kind === "rsaPSS" && scheme.mgf1Hash !== scheme.hash) {
        throw new Unsupported("RSASSA-PSS with MGF1 hash " + scheme.mgf1Hash + " different from its hash " + scheme.hash + " (WebCrypto uses one hash for both)");
      }
      const name = scheme.kind === "rsaPSS" ? "RSA-PSS" : "RSASSA-PKCS1-v1_5";
      let k;
      try {
        k = await subtle.importKey("jwk", { kty: "RSA", n: b64url(key.n), e: b64url(key.e), ext: true }, { name: name, hash: h }, false, ["verify"]);
      } catch (e) { throw new Unsupported("an RSA-" + key.bits + " key (WebCrypto refused it: " + e.message + ")"); }
      const params = scheme.kind === "rsaPSS" ? { name: name, saltLength: scheme.saltLength } : { name: name };
      return await subtle.verify(params, k, sig, data);
    }
    if (scheme.kind === "ecdsa") {
      if (key.kind !== "ec") throw new Error(describeScheme(scheme) + " needs an EC key");
      if (!key.curveOid || !CURVES[key.curveOid]) throw new Error("the EC public key names no curve this verifier knows (" + (key.curveOid || "explicit parameters") + ")");
      if (!key.webcrypto) throw new Unsupported("ECDSA on curve " + (key.curve || "with explicit parameters") + " (WebCrypto supports P-256, P-384, P-521)");
      const h = wcHash(scheme.hash);
      const point = ecPoint(spki.key, key.curve, key.size);
      if (!point) throw new Error("the " + key.curve + " public key is not a point on the curve");
      let k;
      try {
        k = await subtle.importKey("raw", point, { name: "ECDSA", namedCurve: key.webcrypto }, false, ["verify"]);
      } catch (e) { throw new Unsupported("this " + key.curve + " public key (WebCrypto refused it: " + e.message + ")"); }
      const raw = ecdsaRaw(sig, key.size);
      if (!raw) return false; // not a DER ECDSA-Sig-Value: does not verify
      return await subtle.verify({ name: "ECDSA", hash: h }, k, raw, data);
    }
    if (scheme.kind === "ed25519" || scheme.kind === "ed448") {
      const want = scheme.kind;
      if (key.kind !== want) throw new Error((want === "ed25519" ? "Ed25519" : "Ed448") + " needs an " + (want === "ed25519" ? "Ed25519" : "Ed448") + " key");
      const algName = want === "ed25519" ? "Ed25519" : "Ed448";
      if (spki.key.length !== (want === "ed25519" ? 32 : 57)) throw new Error("the " + algName + " public key has " + spki.key.length + " bytes");
      let k;
      try { k = await subtle.importKey("raw", spki.key, { name: algName }, false, ["verify"]); } catch (e) { throw new Unsupported(algName + " signatures (" + e.message + ")"); }
      return await subtle.verify({ name: algName }, k, sig, data);
    }
    throw new Error("unsupported signature scheme " + scheme.kind);
  }
  // DER ECDSA-Sig-Value → r || s (each `size` bytes), or null when not strict DER / out of range.
  function ecdsaRaw(sig, size) {
    let r, s;
    try {
      const rd = E.der.parse(sig, { rules: new E.der.Rules("der") }).reader(T().SEQUENCE, "ECDSA-Sig-Value");
      r = rd.next("r").integer(); s = rd.next("s").integer(); rd.finish();
    } catch (e) { return null; }
    const out = new Uint8Array(2 * size);
    const put = function (v, at) {
      if (v.negative || v.big === 0n) return false;
      let b = v.bytes;
      if (b[0] === 0) b = b.subarray(1);
      if (b.length > size) return false;
      out.set(b, at + size - b.length);
      return true;
    };
    if (!put(r, 0) || !put(s, size)) return null;
    return out;
  }

  // ---- extensions ------------------------------------------------------------------------
  // Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (Extension.decodeList: at most 32, no repeats).
  function parseExtensions(node, rules, tag) {
    const items = node.sequence(tag);
    if (items.length > 32) throw new E.der.DERError("too-many-elements", node.offset, items.length + " extensions, the limit is 32");
    if (items.length === 0) throw new E.der.DERError("missing-element", node.offset, "Extensions must hold at least one extension");
    const out = [];
    for (const item of items) {
      const r = item.reader(T().SEQUENCE, "Extension");
      const id = r.next("extnID").oid();
      const c = r.optional(T().BOOLEAN);
      const critical = c ? c.booleanDefaultFalse("critical") : false;
      const value = r.next("extnValue").octetString();
      r.finish();
      if (out.some(function (x) { return x.oid === id; })) throw new E.der.DERError("invalid-value", item.offset, "extension " + id + " appears twice");
      out.push({ oid: id, critical: critical, value: value, offset: item.offset });
    }
    return out;
  }
  // Decodes the extensions path validation uses; a malformed one makes the certificate unusable
  // as OpenSSL's EXFLAG_INVALID does.
  function decodeKnownExtensions(cert) {
    const der = new E.der.Rules("der");
    const get = function (oid) { return cert.extensions.find(function (x) { return x.oid === oid; }); };
    const problems = [];
    const out = { bc: null, ku: null, eku: null, ski: null, aki: null, nsCA: false, nameConstraints: null };
    let x;
    try {
      if ((x = get(OID.basicConstraints))) {
        const r = E.der.parse(x.value, { rules: der }).reader(T().SEQUENCE, "BasicConstraints");
        const c = r.optional(T().BOOLEAN);
        const ca = c ? c.boolean() : false;
        const p = r.optional(T().INTEGER);
        r.finish();
        let pathLen = null;
        if (p) {
          const v = p.integer();
          if (v.negative || !ca) problems.push("basicConstraints pathLenConstraint " + (v.negative ? "is negative" : "without cA"));
          pathLen = v.big > 1000000n ? 1000000 : Number(v.big);
        }
        out.bc = { ca: ca, pathLen: pathLen };
      }
    } catch (e) { problems.push("basicConstraints does not decode: " + e.message); }
    try {
      if ((x = get(OID.keyUsage))) {
        const b = E.der.parse(x.value, { rules: der }).bitString();
        out.ku = { has: function (i) { return b.isSet(i); }, bits: b.setBits() };
      }
    } catch (e) { problems.push("keyUsage does not decode: " + e.message); }
    try {
      if ((x = get(OID.extKeyUsage))) {
        const seq = E.der.parse(x.value, { rules: der }).sequence();
        out.eku = seq.map(function (n) { return n.oid(); });
      }
    } catch (e) { problems.push("extendedKeyUsage does not decode: " + e.message); }
    try {
      if ((x = get(OID.subjectKeyIdentifier))) out.ski = E.der.parse(x.value, { rules: der }).octetString();
    } catch (e) { problems.push("subjectKeyIdentifier does not decode: " + e.message); }
    try {
      if ((x = get(OID.authorityKeyIdentifier))) {
        const r = E.der.parse(x.value, { rules: der }).reader(T().SEQUENCE, "AuthorityKeyIdentifier");
        const a = { keyId: null, issuer: null, serial: null };
        let e;
        if ((e = r.optional(T().ctx(0)))) a.keyId = e.octetString(T().ctx(0));
        if ((e = r.optional(T().ctx(1)))) {
          for (const g of e.sequence(T().ctx(1))) if (g.cls === 2 && g.num === 4) { a.issuer = parseName(g.explicit(T().ctx(4))); break; }
        }
        if ((e = r.optional(T().ctx(2)))) a.serial = e.integer(T().ctx(2));
        r.finish();
        out.aki = a;
      }
    } catch (e) { problems.push("authorityKeyIdentifier does not decode: " + e.message); }
    try {
      if ((x = get(OID.netscapeCertType))) {
        const b = E.der.parse(x.value, { rules: der }).bitString();
        out.nsCA = b.isSet(5) || b.isSet(6) || b.isSet(7);
      }
    } catch (e) { problems.push("netscape cert type does not decode"); }
    if ((x = get(OID.nameConstraints))) out.nameConstraints = x;
    out.problems = problems;
    return out;
  }

  // ---- certificates ----------------------------------------------------------------------
  // Parses a Certificate (RFC 5280 §4.1) from a node (inside a token: its rules apply) or bytes.
  function certificateFromNode(node) {
    const r = node.reader(T().SEQUENCE, "Certificate");
    const tbsNode = r.next("tbsCertificate");
    const t = tbsNode.reader(T().SEQUENCE, "TBSCertificate");
    const outerAlg = parseAlgId(r.next("signatureAlgorithm"));
    const signature = r.next("signatureValue").bitString();
    r.finish();
    let version = 1, e;
    if ((e = t.optional(T().ctx(0)))) version = e.explicit(T().ctx(0)).smallInt() + 1;
    const serial = t.next("serialNumber").integer();
    const innerAlg = parseAlgId(t.next("signature"));
    const issuer = parseName(t.next("issuer"));
    const v = t.next("validity").reader(T().SEQUENCE, "Validity");
    const notBefore = v.next("notBefore").time();
    const notAfter = v.next("notAfter").time();
    v.finish();
    const subject = parseName(t.next("subject"));
    const spki = parseSpki(t.next("subjectPublicKeyInfo"));
    t.optional(T().ctx(1));
    t.optional(T().ctx(2));
    let extensions = [];
    if ((e = t.optional(T().ctx(3)))) extensions = parseExtensions(e.explicit(T().ctx(3)), node.rules);
    t.finish();
    const cert = {
      der: node.encoded, tbs: tbsNode.encoded, version: version, serial: serial, outerAlg: outerAlg, innerAlg: innerAlg,
      signature: signature.bytes, signatureUnusedBits: signature.unusedBits,
      issuer: issuer, subject: subject, notBefore: notBefore, notAfter: notAfter, spki: spki, extensions: extensions,
    };
    cert.ext = decodeKnownExtensions(cert);
    cert.selfIssued = cert.subject.canon === cert.issuer.canon;
    cert.key = keyInfo(spki);
    cert.extension = function (oid) { return extensions.find(function (x) { return x.oid === oid; }) || null; };
    return cert;
  }
  function parseCertificateBytes(der, rules) {
    const root = E.der.parse(der instanceof Uint8Array ? der : new Uint8Array(der), { rules: rules || new E.der.Rules("tolerant") });
    return certificateFromNode(root);
  }
  // The public shape: subject and issuer in the Swift format, validity as epoch ms.
  function parseCertificate(der) {
    const c = parseCertificateBytes(der);
    return {
      subject: c.subject.text, issuer: c.issuer.text, serial: c.serial.hex, version: c.version,
      notBefore: c.notBefore.ms, notAfter: c.notAfter.ms, notBeforeText: c.notBefore.text, notAfterText: c.notAfter.text,
      key: { kind: c.key.kind, bits: c.key.bits, curve: c.key.curve || null },
      isCA: !!(c.ext.bc && c.ext.bc.ca), extendedKeyUsage: c.ext.eku, keyUsage: c.ext.ku ? c.ext.ku.bits : null,
      subjectKeyIdentifier: c.ext.ski ? hex(c.ext.ski) : null, authorityKeyIdentifier: c.ext.aki && c.ext.aki.keyId ? hex(c.ext.aki.keyId) : null,
      criticalExtensions: c.extensions.filter(function (x) { return x.critical; }).map(function (x) { return x.oid; }),
      der: c.der, internal: c,
    };
  }
  async function describeRoot(der) {
    const c = parseCertificateBytes(der);
    return { subject: c.subject.text, sha256: hex(await hash("sha256", c.der)) };
  }

  // X509_check_akid: the subject's AKID does not contradict `issuer`.
  function akidMatches(issuer, subject) {
    const a = subject.ext.aki;
    if (!a) return true;
    if (a.keyId && issuer.ext.ski && !eq(a.keyId, issuer.ext.ski)) return false;
    if (a.serial && !eq(a.serial.bytes, issuer.serial.bytes)) return false;
    if (a.issuer && a.issuer.canon !== issuer.issuer.canon) return false;
    return true;
  }
  // The issuer's key type fits the subject's signature algorithm (OpenSSL check_sig_alg_match).
  function sigAlgMatches(issuer, subjectAlg) {
    let s;
    try { s = schemeOfSignatureAlgorithm(subjectAlg); } catch (e) { return true; } // judged at the signature
    const k = issuer.key.kind;
    if (s.kind === "rsaPKCS1" || s.kind === "rsaPSS") return k === "rsa";
    if (s.kind === "ecdsa") return k === "ec";
    return k === s.kind;
  }
  function likelyIssued(issuer, subject) {
    return issuer.subject.canon === subject.issuer.canon && akidMatches(issuer, subject) && sigAlgMatches(issuer, subject.outerAlg);
  }
  function timeValid(c, t) { return c.notBefore.seconds <= t && t <= c.notAfter.seconds; }
  // OpenSSL check_ca: 0 not a CA; 1 a CA by basicConstraints; 3/4/5 tolerated legacy forms.
  function checkCA(c) {
    if (c.ext.ku && !c.ext.ku.has(5)) return 0;
    if (c.ext.bc) return c.ext.bc.ca ? 1 : 0;
    if (c.version === 1 && c.selfIssued && akidMatches(c, c)) return 3;
    if (c.ext.ku) return 4;
    if (c.ext.nsCA) return 5;
    return 0;
  }
  function depthName(chain, i) { return chain[i].subject.text + " (depth " + i + ")"; }

  // Builds a path from `leaf` to a self-issued certificate among `roots`, trusted candidates first
  // (OpenSSL's X509_V_FLAG_TRUSTED_FIRST), then the untrusted ones; at each step a candidate valid
  // at `t` is preferred.
  function buildPath(leaf, untrusted, roots, t) {
    const chain = [leaf];
    const isRoot = function (c) { return roots.some(function (r) { return eq(r.der, c.der); }); };
    const pick = function (list, cur) {
      let best = null;
      for (const c of list) {
        if (!likelyIssued(c, cur)) continue;
        if (chain.some(function (x) { return eq(x.der, c.der); }) && !(chain.length === 1 && cur.selfIssued && eq(c.der, cur.der))) continue;
        if (timeValid(c, t)) return c;
        if (!best || c.notAfter.seconds > best.notAfter.seconds) best = c;
      }
      return best;
    };
    // A self-signed leaf that is itself given as a root is its own anchor.
    if (isRoot(leaf) && leaf.selfIssued && likelyIssued(leaf, leaf)) return { chain: chain, trusted: true };
    for (;;) {
      const cur = chain[chain.length - 1];
      if (chain.length > MAX_CHAIN) return { chain: chain, trusted: false, why: "the path is longer than " + MAX_CHAIN + " certificates" };
      // A self-signed certificate ends the path: it is an anchor only if it is itself given.
      if (chain.length > 1 && cur.selfIssued && likelyIssued(cur, cur)) {
        if (isRoot(cur)) return { chain: chain, trusted: true };
        return { chain: chain, trusted: false, why: "the path ends at a self-signed certificate " + cur.subject.text + " that is not among the given roots" };
      }
      const fromRoots = pick(roots, cur);
      if (fromRoots) {
        if (!eq(fromRoots.der, cur.der)) chain.push(fromRoots);
        if (fromRoots.selfIssued && likelyIssued(fromRoots, fromRoots)) return { chain: chain, trusted: true };
        if (eq(fromRoots.der, cur.der)) return { chain: chain, trusted: false, why: "a given root is not self-signed" };
        continue;
      }
      if (cur.selfIssued && likelyIssued(cur, cur)) {
        return { chain: chain, trusted: false, why: chain.length === 1 ? "the signer certificate is self-signed and not among the given roots" : "the path ends at a self-signed certificate " + cur.subject.text + " that is not among the given roots" };
      }
      const fromUntrusted = pick(untrusted, cur);
      if (!fromUntrusted) return { chain: chain, trusted: false, why: "no issuer of " + cur.subject.text + " (issuer " + cur.issuer.text + ") among the given roots or the untrusted certificates" };
      chain.push(fromUntrusted);
    }
  }

  // Extension checks on the path (OpenSSL check_chain_extensions with the time-stamping or OCSP
  // helper purpose). Returns an error string or null.
  function checkPathExtensions(chain, purpose) {
    const n = chain.length;
    let plen = 0;
    for (let i = 0; i < n; i++) {
      const x = chain[i];
      const crit = x.extensions.find(function (e) { return e.critical && !SUPPORTED_EXTENSIONS.has(e.oid); });
      if (crit) return "unhandled critical extension " + crit.oid + " in " + depthName(chain, i);
      if (x.ext.problems.length && (i > 0 || purpose === "timestamp")) return x.ext.problems[0] + " in " + depthName(chain, i);
      if (i > 0) {
        const ca = checkCA(x);
        if (ca === 0 || (i + 1 < n && ca !== 1)) return depthName(chain, i) + " is not a CA certificate allowed to sign certificates (basicConstraints cA / keyUsage keyCertSign)";
      } else if (purpose === "timestamp") {
        // check_purpose_timestamp_sign for the signer certificate.
        const ku = x.ext.ku;
        if (ku && (ku.bits.some(function (b) { return b !== 0 && b !== 1; }) || !(ku.has(0) || ku.has(1)))) {
          return "the TSA certificate's key usage allows more than digitalSignature/nonRepudiation (time-stamping purpose)";
        }
        const ekuExt = x.extension(OID.extKeyUsage);
        const known = (x.ext.eku || []).filter(function (o) { return KNOWN_EKU.has(o); });
        if (!x.ext.eku || known.length !== 1 || known[0] !== OID.kpTimeStamping || !ekuExt.critical) {
          return "the TSA certificate is not for time-stamping only (critical extended key usage timeStamping)";
        }
      }
      if (i > 1 && x.ext.bc && x.ext.bc.pathLen !== null && plen > x.ext.bc.pathLen) {
        return "path length constraint of " + depthName(chain, i) + " exceeded";
      }
      if (i > 0 && !x.selfIssued) plen++;
    }
    return null;
  }
  // EKU purposes OpenSSL maps to bits (others are ignored by its purpose check).
  const KNOWN_EKU = new Set(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.3",
    "1.3.6.1.5.5.7.3.8", "1.3.6.1.5.5.7.3.9", "2.16.840.1.113730.4.1", "1.3.6.1.4.1.311.10.3.3",
    "2.5.29.37.0", "1.3.6.1.5.5.7.3.5", "1.3.6.1.5.5.7.3.6", "1.3.6.1.5.5.7.3.7"]);

  // Signatures and validity times down the path (OpenSSL internal_verify): the anchor's own
  // signature is not checked (it is an input), its validity is.
  async function checkSignaturesAndTimes(chain, t) {
    const n = chain.length;
    for (let i = n - 1; i >= 0; i--) {
      const x = chain[i];
      if (i < n - 1) {
        const issuer = chain[i + 1];
        if (!eq(x.outerAlg.der, x.innerAlg.der)) return { error: "the signature algorithm of " + depthName(chain, i) + " differs inside and outside the signed part" };
        let scheme;
        try { scheme = schemeOfSignatureAlgorithm(x.outerAlg); } catch (e) { return { error: "certificate signature of " + depthName(chain, i) + ": " + e.message }; }
        if (x.signatureUnusedBits !== 0) return { error: "certificate signature of " + depthName(chain, i) + " is not a whole number of bytes" };
        let ok;
        try { ok = await verifySignature(issuer.spki, scheme, x.signature, x.tbs); } catch (e) {
          if (e.unsupported) return { unsupported: e.message + " (certificate " + x.subject.text + ")" };
          return { error: "certificate signature of " + depthName(chain, i) + ": " + e.message };
        }
        if (!ok) return { error: "the certificate signature of " + depthName(chain, i) + " does not verify with the key of " + issuer.subject.text };
      }
      if (x.notBefore.seconds > t) return { error: depthName(chain, i) + " is not yet valid (notBefore " + x.notBefore.text + ")" };
      if (x.notAfter.seconds < t) return { error: depthName(chain, i) + " has expired (notAfter " + x.notAfter.text + ")" };
    }
    return {};
  }

  // ---- CRLs ------------------------------------------------------------------------------
  // A CRL is read without building an element tree of its revoked entries: the fields before and
  // after revokedCertificates are decoded, the entries are only walked (tags and lengths, no
  // objects), and a certificate's entry is looked up by a streaming scan over their DER. A CRL of
  // millions of entries costs one pass per look-up and no memory beyond its bytes.
  const CRL_HANDLED = new Set([OID.issuingDistributionPoint, OID.authorityKeyIdentifier, OID.deltaCRL]);
  const MAX_CRL_SIZE = 64 * 1024 * 1024; // the bundle's revocation-file cap
  const MAX_CRL_FIELD = 1024 * 1024; // one field of a CRL other than its entries (names, extensions)
  function derErr(code, offset, detail) { return new E.der.DERError(code, offset, detail); }
  // One DER TLV header at `pos` (low tag numbers only, definite minimal lengths, within `end`).
  function tlv(b, pos, end, what) {
    const start = pos;
    if (end - pos < 2) throw derErr("truncated", start, what + " is truncated");
    const tag = b[pos++];
    if ((tag & 0x1f) === 0x1f) throw derErr("unexpected-tag", start, what + " has a high tag number");
    const l0 = b[pos++];
    let len;
    if (l0 < 0x80) len = l0;
    else if (l0 === 0x80) throw derErr("indefinite-length", start, what + " has an indefinite length (BER, not DER)");
    else {
      const n = l0 & 0x7f;
      if (n > 4) throw derErr("length-too-large", start, what + ": " + n + " length octets");
      if (end - pos < n) throw derErr("truncated", start, what + ": length octets run past the end");
      if (b[pos] === 0) throw derErr("non-minimal-length", start, what + ": long-form length with a leading zero octet");
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + b[pos + k];
      if (len < 0x80) throw derErr("non-minimal-length", start, what + ": length " + len + " must use the short form");
      pos += n;
    }
    if (len > end - pos) throw derErr("length-exceeds-input", start, what + " claims " + len + " content bytes, " + (end - pos) + " remain");
    return { tag: tag, start: start, cs: pos, ce: pos + len };
  }
  function expectTag(h, tag, what) {
    if (h.tag !== tag) throw derErr("unexpected-tag", h.start, what + " has tag 0x" + h.tag.toString(16) + ", expected 0x" + tag.toString(16));
    return h;
  }
  // Parses the TLV `h` of `b` on its own (a small field: an algorithm, a name, a time, extensions).
  function field(b, h, rules) {
    return E.der.parse(b.subarray(h.start, h.ce), { rules: rules, maxInputSize: MAX_CRL_FIELD });
  }
  // Walks revokedCertificates: every entry SEQUENCE { INTEGER, Time, [SEQUENCE] }; calls
  // visit(serialStart, serialEnd, entry) for each, stops when it returns true.
  function walkEntries(b, start, end, visit) {
    let p = start, n = 0;
    while (p < end) {
      const what = "revokedCertificates entry " + (n + 1);
      const e = expectTag(tlv(b, p, end, what), 0x30, what);
      const s = expectTag(tlv(b, e.cs, e.ce, what + " userCertificate"), 0x02, what + " userCertificate");
      if (s.ce === s.cs) throw derErr("empty-integer", s.start, what + ": serial number with no contents octets");
      const d = tlv(b, s.ce, e.ce, what + " revocationDate");
      if (d.tag !== 0x17 && d.tag !== 0x18) throw derErr("unexpected-tag", d.start, what + ": revocationDate is not a time");
      if (d.ce < e.ce) {
        const x = expectTag(tlv(b, d.ce, e.ce, what + " crlEntryExtensions"), 0x30, what + " crlEntryExtensions");
        if (x.ce !== e.ce) throw derErr("trailing-data", x.ce, what + " has data after its extensions");
      }
      if (visit && visit(s, e)) return n;
      p = e.ce;
      n++;
    }
    return n;
  }
  // An invalidityDate extension's time (RFC 5280 §5.3.2), null when it is not one DER
  // GeneralizedTime: the revocation's start is then unknown (STARTUNKNOWN; the CLI's InvalidityDate).
  const STARTUNKNOWN = "its invalidityDate is not one DER GeneralizedTime";
  function invalidityTime(x) {
    try { return E.der.parse(x.value).time(null, "generalized"); } catch (err) { return null; }
  }
  // The earlier of a revocation date and an invalidityDate: when the revocation counts from (as
  // the CLI's InvalidityDate and OCSPResponse.statuses): a certificate revoked after genTime as
  // superseded, but invalid since before it, does not keep a token valid.
  function revokedFrom(date, invalid) {
    return invalid && invalid.seconds < date.seconds ? invalid : date;
  }
  // One entry, decoded: {serial, date (the earlier of revocationDate and invalidityDate), reason
  // (null when absent), criticalUnhandled, startUnknown (why the invalidityDate cannot be read, or
  // null)}. Any critical extension but certificateIssuer is unhandled, as in OpenSSL's CRL
  // processing (RFC 5280 §5.3.1/§5.3.2 make crlReason and invalidityDate non-critical): red team
  // rounds 21 and 22.
  function decodeEntry(b, e, rules) {
    const node = E.der.parse(b.subarray(e.start, e.ce), { rules: rules, maxInputSize: MAX_CRL_FIELD });
    const er = node.reader(T().SEQUENCE, "revokedCertificate");
    const serial = er.next("userCertificate").integer();
    const date = er.next("revocationDate").time();
    let reason = null, critical = false, invalid = null, startUnknown = null;
    const ex = er.optional(T().SEQUENCE);
    if (ex) {
      for (const x of parseExtensions(ex, rules)) {
        if (x.oid === OID.crlReason) {
          try { reason = E.der.parse(x.value).smallInt(E.der.T.ENUMERATED); } catch (err) { reason = null; }
        } else if (x.oid === OID.invalidityDate) {
          invalid = invalidityTime(x);
          if (!invalid) startUnknown = STARTUNKNOWN;
        }
        // OpenSSL's CRL processing handles a critical entry extension only for certificateIssuer
        // (x_crl.c): a critical crlReason or invalidityDate is unhandled too (red team round 22).
        if (x.critical && x.oid !== OID.certificateIssuer) critical = true;
      }
    }
    er.finish();
    return { serial: serial, date: revokedFrom(date, invalid), reason: reason, criticalUnhandled: critical, startUnknown: startUnknown };
  }
  // Limits of this reader (not malformations): a CRL beyond them is not judged by its contents;
  // parseCRL throws with `limit` set and the issuer when it could be read (crlIssuer).
  const LIMIT_CODES = new Set(["input-too-large", "depth-exceeded", "too-many-elements", "length-too-large"]);
  function parseCRL(der) {
    const state = { issuer: null };
    try { return parseCRLWithin(der, state); } catch (e) {
      if (e instanceof E.der.DERError && LIMIT_CODES.has(e.code)) { e.limit = true; e.crlIssuer = state.issuer; }
      throw e;
    }
  }
  // A stand-in for a CRL beyond the reader's limits: evidence that cannot be read. When its issuer
  // is unknown or is the issuer of a path certificate, that certificate's status is undecided.
  function unreadableCRL(error) {
    return { unreadable: "the CRL" + (error.crlIssuer ? " of " + error.crlIssuer.text : "") + " is beyond this verifier's limits (" + error.message + ")", issuer: error.crlIssuer || null };
  }
  function parseCRLWithin(der, state) {
    const b = der instanceof Uint8Array ? der : new Uint8Array(der);
    if (b.length > MAX_CRL_SIZE) throw derErr("input-too-large", 0, "the CRL is " + b.length + " bytes, the limit is " + MAX_CRL_SIZE);
    const rules = new E.der.Rules("tolerant");
    const outer = expectTag(tlv(b, 0, b.length, "CertificateList"), 0x30, "CertificateList");
    if (outer.ce !== b.length) throw derErr("trailing-data", outer.ce, (b.length - outer.ce) + " bytes after the end of the CRL");
    const tbsH = expectTag(tlv(b, outer.cs, outer.ce, "tbsCertList"), 0x30, "tbsCertList");
    const algH = expectTag(tlv(b, tbsH.ce, outer.ce, "signatureAlgorithm"), 0x30, "signatureAlgorithm");
    const sigH = expectTag(tlv(b, algH.ce, outer.ce, "signatureValue"), 0x03, "signatureValue");
    if (sigH.ce !== outer.ce) throw derErr("trailing-data", sigH.ce, "CertificateList has data after its signature");
    const outerAlg = parseAlgId(field(b, algH, rules));
    const sig = field(b, sigH, rules).bitString();
    let p = tbsH.cs;
    const next = function (what) { return p < tbsH.ce ? tlv(b, p, tbsH.ce, what) : null; };
    let h = next("TBSCertList version"), version = 1;
    if (h && h.tag === 0x02) { version = field(b, h, rules).smallInt() + 1; p = h.ce; h = next("TBSCertList signature"); }
    if (!h) throw derErr("missing-element", tbsH.start, "TBSCertList has no signature algorithm");
    const innerAlg = parseAlgId(field(b, expectTag(h, 0x30, "TBSCertList signature"), rules));
    p = h.ce; h = next("issuer");
    if (!h) throw derErr("missing-element", tbsH.start, "TBSCertList has no issuer");
    const issuer = parseName(field(b, expectTag(h, 0x30, "issuer"), rules));
    state.issuer = issuer;
    p = h.ce; h = next("thisUpdate");
    if (!h || (h.tag !== 0x17 && h.tag !== 0x18)) throw derErr("missing-element", tbsH.start, "TBSCertList has no thisUpdate");
    const thisUpdate = field(b, h, rules).time();
    p = h.ce; h = next("TBSCertList");
    let nextUpdate = null;
    if (h && (h.tag === 0x17 || h.tag === 0x18)) { nextUpdate = field(b, h, rules).time(); p = h.ce; h = next("TBSCertList"); }
    let entries = null, count = 0;
    if (h && h.tag === 0x30) {
      entries = { start: h.cs, end: h.ce };
      count = walkEntries(b, h.cs, h.ce, null);
      p = h.ce; h = next("TBSCertList");
    }
    let extensions = [];
    if (h && h.tag === 0xa0) {
      extensions = parseExtensions(field(b, h, rules).explicit(T().ctx(0)), rules);
      p = h.ce; h = next("TBSCertList");
    }
    if (h) throw derErr("unexpected-element", h.start, "TBSCertList has an unexpected element (tag 0x" + h.tag.toString(16) + ")");
    let aki = null;
    const akiExt = extensions.find(function (x) { return x.oid === OID.authorityKeyIdentifier; });
    if (akiExt) {
      try {
        const ar = E.der.parse(akiExt.value).reader(T().SEQUENCE);
        const k = ar.optional(T().ctx(0));
        aki = { keyId: k ? k.octetString(T().ctx(0)) : null };
      } catch (e) { aki = null; }
    }
    const crlCritical = extensions.some(function (x) { return x.critical && !CRL_HANDLED.has(x.oid); });
    let entryCritical = null; // computed on first use: a scan of every entry's extensions
    const crl = {
      der: b, tbs: b.subarray(tbsH.start, tbsH.ce), version: version, outerAlg: outerAlg, innerAlg: innerAlg,
      signature: sig.bytes, signatureUnusedBits: sig.unusedBits, issuer: issuer, thisUpdate: thisUpdate,
      nextUpdate: nextUpdate, entryCount: count, extensions: extensions, aki: aki,
      signedBy: new Map(), // issuer key (hex of its SubjectPublicKeyInfo) → true | false | Unsupported
      // Every entry for `serialBytes` (an INTEGER's contents), decoded; [] when none.
      lookup: function (serialBytes) {
        const found = [];
        if (!entries) return found;
        walkEntries(b, entries.start, entries.end, function (s, e) {
          if (s.ce - s.cs === serialBytes.length && eq(b.subarray(s.cs, s.ce), serialBytes)) found.push(decodeEntry(b, e, rules));
          return false;
        });
        return found;
      },
      get unhandledCritical() {
        if (crlCritical) return true;
        if (entryCritical === null) {
          entryCritical = false;
          if (entries) {
            walkEntries(b, entries.start, entries.end, function (s, e) {
              const d = tlv(b, s.ce, e.ce, "revocationDate");
              if (d.ce === e.ce) return false; // no entry extensions
              let critical;
              try { critical = decodeEntry(b, e, rules).criticalUnhandled; } catch (x) { critical = true; } // unreadable: not relied on
              if (critical) entryCritical = true;
              return critical;
            });
          }
        }
        return entryCritical;
      },
    };
    return crl;
  }
  // Whether `crl` is signed by the key of `issuer` (memoised per CRL and key): true, false, or
  // throws Unsupported when this browser cannot tell.
  async function crlSignedBy(crl, issuer) {
    const key = hex(issuer.spki.der);
    if (crl.signedBy.has(key)) {
      const v = crl.signedBy.get(key);
      if (v instanceof Error) throw v;
      return v;
    }
    let v;
    try {
      if (!eq(crl.outerAlg.der, crl.innerAlg.der) || crl.signatureUnusedBits !== 0) v = false;
      else {
        let scheme = null;
        try { scheme = schemeOfSignatureAlgorithm(crl.outerAlg); } catch (e) { scheme = null; }
        v = scheme ? await verifySignature(issuer.spki, scheme, crl.signature, crl.tbs) : false;
      }
    } catch (e) {
      v = e.unsupported ? e : false;
    }
    crl.signedBy.set(key, v);
    if (v instanceof Error) throw v;
    return v;
  }

  // ---- OCSP ------------------------------------------------------------------------------
  function parseOCSP(der) {
    const rules = new E.der.Rules("tolerant");
    const root = E.der.parse(der instanceof Uint8Array ? der : new Uint8Array(der), { rules: rules });
    const r = root.reader(T().SEQUENCE, "OCSPResponse");
    const status = r.next("responseStatus").smallInt(E.der.T.ENUMERATED);
    if (status !== 0) throw new Error("OCSP response status is " + status + ", not successful");
    const rbWrap = r.optional(T().ctx(0));
    r.finish();
    if (!rbWrap) throw new Error("OCSP response has no basic response");
    const rb = rbWrap.explicit(T().ctx(0)).reader(T().SEQUENCE, "ResponseBytes");
    const type = rb.next("responseType").oid();
    const body = rb.next("response").octetString();
    rb.finish();
    if (type !== OID.ocspBasic) throw new Error("OCSP response has no basic response");
    const basic = E.der.parse(Uint8Array.from(body), { rules: rules }).reader(T().SEQUENCE, "BasicOCSPResponse");
    const tbsNode = basic.next("tbsResponseData");
    const alg = parseAlgId(basic.next("signatureAlgorithm"));
    const sig = basic.next("signature").bitString();
    const certs = [];
    const cw = basic.optional(T().ctx(0));
    if (cw) {
      const list = cw.explicit(T().ctx(0)).sequence();
      if (list.length > 64) throw new Error("OCSP response carries more than 64 certificates");
      for (const c of list) certs.push(certificateFromNode(c));
    }
    basic.finish();
    const t = tbsNode.reader(T().SEQUENCE, "ResponseData");
    const ver = t.optional(T().ctx(0));
    if (ver && ver.explicit(T().ctx(0)).smallInt() !== 0) throw new Error("unknown OCSP ResponseData version");
    const rid = t.next("responderID");
    let responder;
    if (rid.is(T().ctx(1))) responder = { byName: parseName(rid.explicit(T().ctx(1))) };
    else if (rid.is(T().ctx(2))) responder = { byKey: rid.explicit(T().ctx(2)).octetString() };
    else throw new Error("OCSP responderID is neither byName nor byKey");
    const producedAt = t.next("producedAt").time(null, "generalized");
    const responses = [];
    for (const sr of t.next("responses").sequence()) {
      const s = sr.reader(T().SEQUENCE, "SingleResponse");
      const idr = s.next("certID").reader(T().SEQUENCE, "CertID");
      const certID = { hashAlg: parseAlgId(idr.next("hashAlgorithm")), nameHash: idr.next("issuerNameHash").octetString(), keyHash: idr.next("issuerKeyHash").octetString(), serial: idr.next("serialNumber").integer() };
      idr.finish();
      const cs = s.next("certStatus");
      let st;
      if (cs.is(T().ctx(0))) { cs.null(T().ctx(0)); st = { status: "good" }; }
      else if (cs.is(T().ctx(1))) {
        const ri = cs.reader(T().ctx(1), "RevokedInfo");
        const at = ri.next("revocationTime").time(null, "generalized");
        const rr = ri.optional(T().ctx(0));
        const reason = rr ? rr.explicit(T().ctx(0)).smallInt(E.der.T.ENUMERATED) : -1;
        ri.finish();
        st = { status: "revoked", at: at, reason: reason };
      } else if (cs.is(T().ctx(2))) { st = { status: "unknown" }; }
      else throw new Error("OCSP certStatus has tag " + cs.tagText);
      st.thisUpdate = s.next("thisUpdate").time(null, "generalized");
      s.optional(T().ctx(0)); // nextUpdate
      const sx = s.optional(T().ctx(1));
      if (sx && st.status === "revoked") {
        // singleExtensions carry the CRL entry extensions (RFC 6960 §4.4.7): an invalidityDate.
        // Extensions that cannot be read (a repeated one, more than this reader takes) may hold
        // one: the revocation's start is unknown then, never taken as the revocationTime (red team
        // round 21: the CLI read an early invalidityDate the browser had dropped).
        try {
          for (const x of parseExtensions(sx.explicit(T().ctx(1)), new E.der.Rules("tolerant"))) {
            if (x.oid !== OID.invalidityDate) continue;
            const invalid = invalidityTime(x);
            if (invalid) st.at = revokedFrom(st.at, invalid); else st.startUnknown = STARTUNKNOWN;
          }
        } catch (err) { st.startUnknown = "its singleExtensions cannot be read (" + err.message + ")"; }
      }
      s.rest();
      st.certID = certID;
      responses.push(st);
    }
    t.rest();
    return { der: root.encoded, tbs: tbsNode.encoded, alg: alg, signature: sig.bytes, certs: certs, responder: responder, producedAt: producedAt, responses: responses };
  }
  // Does `cert` carry the key / name the CertID names (with the CertID's hash)?
  // Throws Unsupported for a hash WebCrypto lacks (SHA-224, SHA-3) or one Evident does not know.
  async function certIdIssuerMatches(certID, issuer) {
    const d = E.algorithms.digestByOid(certID.hashAlg.oid);
    if (!d) throw new Unsupported("a CertID hashed with " + certID.hashAlg.oid);
    return eq(await hash(d.name, issuer.subject.der), certID.nameHash) && eq(await hash(d.name, issuer.spki.key), certID.keyHash);
  }
  // Whether an OCSP response is signed by a responder chaining to the roots (OCSP_basic_verify with
  // flags 0, at producedAt): the CA itself, or a delegated responder with id-kp-OCSPSigning.
  // Every certificate among the response's own, `untrusted` and the roots that the ResponderID
  // names gets its turn as the signer: a CA signing its own responses need not embed its
  // certificate (red team round 17, ocsp-ca-signed-revocation-ignored), and a certificate with
  // the CA's name or key put into a token's unsigned certificates must not hide the real signer
  // (round 18, ocsp-signer-shadowed; OCSPResponse.verifySigner). Trust comes from the roots alone.
  async function ocspTrusted(resp, untrusted, roots) {
    const pool = resp.certs.concat(untrusted, roots);
    let first = null;
    for (const c of pool) {
      if (!(resp.responder.byName ? c.subject.canon === resp.responder.byName.canon : eq(await hash("sha1", c.spki.key), resp.responder.byKey))) continue;
      const v = await ocspSignedBy(resp, c, pool, roots);
      if (v.ok) return v;
      // A candidate this browser cannot judge outweighs one that fails: the response may be trusted.
      if (!first || (v.unsupported && !first.unsupported)) first = v;
    }
    return first || { ok: false, why: "the OCSP responder certificate is not available" };
  }
  // Whether `signer` signed `resp` and is its trusted responder (OCSP_basic_verify for one signer).
  async function ocspSignedBy(resp, signer, pool, roots) {
    let scheme;
    try { scheme = schemeOfSignatureAlgorithm(resp.alg); } catch (e) { return { ok: false, why: e.message, unsupported: !!e.unsupported }; }
    try {
      if (!(await verifySignature(signer.spki, scheme, resp.signature, resp.tbs))) return { ok: false, why: "the OCSP response signature does not verify" };
    } catch (e) { return { ok: false, why: e.message, unsupported: !!e.unsupported }; }
    const t = resp.producedAt.seconds;
    const built = buildPath(signer, pool, roots, t);
    if (!built.trusted) return { ok: false, why: "the OCSP responder does not chain to a given root: " + built.why };
    const extErr = checkPathExtensions(built.chain, "ocsp");
    if (extErr) return { ok: false, why: "OCSP responder path: " + extErr };
    const st = await checkSignaturesAndTimes(built.chain, t);
    if (st.error || st.unsupported) return { ok: false, why: "OCSP responder path: " + (st.error || st.unsupported), unsupported: !!st.unsupported };
    // ocsp_check_issuer: one issuer for all responses; the signer is that CA, or its delegate.
    const first = resp.responses[0];
    if (!first) return { ok: false, why: "the OCSP response has no single responses" };
    for (const s of resp.responses) {
      if (s.certID.hashAlg.oid !== first.certID.hashAlg.oid || !eq(s.certID.nameHash, first.certID.nameHash) || !eq(s.certID.keyHash, first.certID.keyHash)) {
        return { ok: false, why: "the OCSP response covers certificates of several issuers" };
      }
    }
    // A CertID hash WebCrypto lacks (SHA-224, SHA-3, MD5): whose response this is cannot be
    // decided here, which is not the same as untrusted (red team round 18, ocsp-sha224-certid-bundle).
    try {
      if (built.chain.length > 1 && (await certIdIssuerMatches(first.certID, built.chain[1]))) {
        if (signer.ext.eku && signer.ext.eku.indexOf(OID.kpOCSPSigning) >= 0) return { ok: true, signer: signer };
        return { ok: false, why: "the delegated OCSP responder lacks id-kp-OCSPSigning" };
      }
      if (await certIdIssuerMatches(first.certID, signer)) return { ok: true, signer: signer };
    } catch (e) {
      if (e.unsupported) return { ok: false, why: "the OCSP response's CertID: " + e.message, unsupported: true };
      throw e;
    }
    return { ok: false, why: "the OCSP responder is neither the issuing CA nor its delegate" };
  }
  // Every single response of `resp` naming `cert` (issued by `issuer`), each CertID under its own
  // hash (SHA-1 as RFC 5019 asks, SHA-2) — so that no revocation hides behind another entry
  // (OCSPResponse.statuses; red team rounds 17 and 18). A CertID with this certificate's serial
  // under a hash WebCrypto lacks (SHA-224, SHA-3, MD5) cannot be matched here: it comes back as
  // {status: "undecidable"}, so a revocation it may state is never passed over as absent.
  async function ocspStatuses(resp, cert, issuer) {
    const out = [], hashes = new Map();
    for (const s of resp.responses) {
      if (!eq(s.certID.serial.bytes, cert.serial.bytes)) continue;
      const d = E.algorithms.digestByOid(s.certID.hashAlg.oid);
      if (!d || !d.webcrypto) {
        out.push({ status: "undecidable", why: "an OCSP response names a certificate with the serial of " + cert.subject.text + " under a CertID hash this browser cannot compute (" + (d ? d.name : s.certID.hashAlg.oid) + ")" });
        continue;
      }
      if (!hashes.has(d.name)) hashes.set(d.name, { nameHash: await hash(d.name, issuer.subject.der), keyHash: await hash(d.name, issuer.spki.key) });
      const h = hashes.get(d.name);
      if (eq(s.certID.nameHash, h.nameHash) && eq(s.certID.keyHash, h.keyHash)) out.push(s);
    }
    return out;
  }

  // A CRL that may leave certificates out — a delta CRL or one scoped by an issuingDistributionPoint
  // (only CA, user or attribute certificates, some reasons, a partition, indirect) — can show a
  // revocation but never prove a certificate good (ChainValidator, X509CRL.isComplete; red team
  // round 6: delta-crl-alone-proves-good, idp-only-ca-crl-browser-valid).
  function isComplete(c) {
    return !c.extensions.some(function (x) { return x.oid === OID.deltaCRL || x.oid === OID.issuingDistributionPoint; });
  }

  const BENIGN = new Set([3, 4, 5]); // affiliationChanged, superseded, cessationOfOperation (RFC 3161 §4)
  const REASONS = ["unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "", "removeFromCRL", "privilegeWithdrawn", "aACompromise"];
  function reasonText(r) { return r === null || r < 0 ? "no reason given" : (REASONS[r] || "reason " + r); }

  // chain[i] revoked (`text`) after the validation time for a benign reason, but not after
  // `latest`, the latest second the token may have been made in: its status then is unknown
  // (ChainValidator.revocationShown; revocationShown below says so first, checkRevocationOf too).
  function withinAccuracy(chain, i, text, latest) {
    return { unknown: depthName(chain, i) + " is revoked (" + text + ") after the validation time but not after " + E.der.formatSeconds(latest) + ", the latest the token may have been made (genTime plus its accuracy): whether it was made before the revocation is not shown" };
  }

  // Revocation of chain[i] (OpenSSL check_cert with the Swift verify callback). Returns
  // {ok, note} | {error} | {unknown} | {unsupported}.
  async function checkRevocationOf(chain, i, crls, trustedOCSP, t, latest, goodFrom) {
    const x = chain[i];
    const last = chain.length - 1;
    const issuer = i < last ? chain[i + 1] : chain[last];
    // CRLs by this certificate's issuer: its name, an AKID (when present) that fits the issuer, and
    // a signature by the issuer's key — two CAs may share a name, the signature decides whose CRL
    // it is (testdata/conformance two-tsas-same-root-name, crl-of-same-named-ca-only).
    let usable = [], unsupported = null;
    const canSignCRLs = !issuer.ext.ku || issuer.ext.ku.has(6);
    // Revoked after the validation time for a benign reason, from a start that cannot be read.
    const startUnknown = function (source, at, reason, why) {
      return { unknown: depthName(chain, i) + " is revoked after the validation time (" + source + ": " + at.text + ", " + reasonText(reason) + "), but " + why + ": whether it was still valid then is not shown" };
    };
    const selfSignedAnchor = i < last || (x.selfIssued && likelyIssued(x, x));
    for (const c of crls) {
      if (c.issuer.canon !== x.issuer.canon) continue;
      if (!isComplete(c)) continue; // a delta or scoped CRL shows revocations (revocationShown), never proves good status
      if (c.aki && c.aki.keyId && issuer.ext.ski && !eq(c.aki.keyId, issuer.ext.ski)) continue;
      if (!selfSignedAnchor) continue;
      try {
        if (await crlSignedBy(c, issuer)) usable.push(c);
      } catch (e) {
        if (e.unsupported && !unsupported) unsupported = e.message + " (CRL of " + c.issuer.text + ")";
      }
    }
    if (usable.length === 0) {
      if (unsupported) return { unsupported: unsupported };
      if (i === last) return { ok: true }; // the trust anchor is an input: RFC 5280 §6.1.1 (d)
      if (trustedOCSP.length === 0) return { unknown: "no CRL signed by " + issuer.subject.text + " and no OCSP response covers " + depthName(chain, i) };
      // Any revocation first, from every response: one that is not benign-and-later is decisive.
      let later = null, good = null, undecidable = null;
      for (const resp of trustedOCSP) {
        for (const s of await ocspStatuses(resp, x, issuer)) {
          if (s.status === "undecidable") {
            if (!undecidable) undecidable = s.why;
          } else if (s.status === "revoked") {
            if (!(s.at.seconds > t && BENIGN.has(s.reason))) return { error: depthName(chain, i) + " is revoked (OCSP: " + s.at.text + ", " + reasonText(s.reason) + ")" };
            if (s.at.seconds <= latest) return withinAccuracy(chain, i, "OCSP: " + s.at.text + ", " + reasonText(s.reason), latest);
            if (s.startUnknown) return startUnknown("OCSP", s.at, s.reason, s.startUnknown);
            if (!later) later = x.subject.text + " revoked after the validation time, reason " + reasonText(s.reason) + " (OCSP)";
          } else if (s.status === "good" && Math.min(s.thisUpdate.seconds, resp.producedAt.seconds) >= goodFrom && !good) {
            // As of the earlier of thisUpdate and producedAt (ChainValidator.ocspVerdict).
            good = x.subject.text + ": OCSP good as of " + (s.thisUpdate.seconds <= resp.producedAt.seconds ? s.thisUpdate : resp.producedAt).text;
          }
        }
      }
      if (undecidable) return { unsupported: undecidable };
      if (later) return { ok: true, note: later };
      if (good) return { ok: true, note: good };
      return { unknown: "no CRL, and no OCSP response good as of the validation time or later, covers " + depthName(chain, i) };
    }
    if (!canSignCRLs) return { error: "the issuer of the CRL for " + depthName(chain, i) + " may not sign CRLs (keyUsage cRLSign)" };
    // The issuer's newest complete CRL (ChainValidator hands OpenSSL only that one: any revocation
    // was already decisive in revocationShown); the first of equals.
    let crl = null;
    for (const c of usable) {
      if (!crl || c.thisUpdate.seconds > crl.thisUpdate.seconds) crl = c;
    }
    // thisUpdate after the validation time counts (deliberate difference from OpenSSL, docs/verifier.md).
    if (crl.nextUpdate && crl.nextUpdate.seconds < t) return { unknown: "the CRL of " + crl.issuer.text + " expired (nextUpdate " + crl.nextUpdate.text + ") before the validation time" };
    // A CRL with a critical extension this verifier cannot process must not be used (RFC 5280
    // §5.3): the status is unknown, not revoked (the CLI's ChainValidator; red team round 21).
    if (crl.unhandledCritical) return { unknown: "the CRL of " + crl.issuer.text + " has an unhandled critical extension: it cannot decide the status of " + depthName(chain, i) };
    let entries;
    try { entries = crl.lookup(x.serial.bytes); } catch (e) {
      return { unknown: "the CRL of " + crl.issuer.text + " cannot be read by this verifier: " + e.message };
    }
    const entry = entries.find(function (e) { return e.reason !== 8; });
    if (entry) {
      if (entry.date.seconds > t && entry.reason !== null && BENIGN.has(entry.reason)) {
        if (entry.date.seconds <= latest) return withinAccuracy(chain, i, "CRL: " + entry.date.text + ", " + reasonText(entry.reason), latest);
        if (entry.startUnknown) return startUnknown("CRL", entry.date, entry.reason, entry.startUnknown);
        return { ok: true, note: x.subject.text + " revoked after the validation time, reason " + reasonText(entry.reason) };
      }
      return { error: depthName(chain, i) + " is revoked (CRL: " + entry.date.text + ", " + reasonText(entry.reason) + ")" };
    }
    return { ok: true };
  }

  // Revocation EVIDENCE (docs/verification.md "TSA revocation"; ChainValidator.revocationShown):
  // every CRL given or carried, of any date, that the path certificate issuing the certificate in
  // question signed (its name and a signature by its key; a CRL no path certificate signed is not
  // evidence), and every OCSP response from a trusted responder, of any date. A revocation dated
  // at or before `t` (any reason), or after it for a reason other than affiliationChanged,
  // superseded or cessationOfOperation, is decisive: no other CRL can hide it, whatever their
  // order or dates. Returns {error} for a revocation shown; else {unknown} / {unsupported} when a
  // CRL of a path issuer could not be read or judged (it might show one); else null.
  // A certificateHold (reason 6) listed by data issued before `t` shows a suspension then, not at
  // `t` (a hold can be released): {unknown}, and only when no revocation is decisive; listed by
  // data issued at or after `t` it is decisive (ChainValidator.revocationShown; red team round 18).
  // A revocation after `t` for a benign reason dated no later than `latest` (within the token's
  // accuracy after genTime) does not show the token made before it: {unknown}.
  async function revocationShown(chain, crls, trustedOCSP, t, latest) {
    let undecided = null;
    const isRevocation = function (date, reason) { return date <= t || reason === null || reason < 0 || !BENIGN.has(reason); };
    const inAccuracy = function (date, i, text) {
      if (date <= latest && !undecided) undecided = withinAccuracy(chain, i, text, latest);
    };
    // Revoked after `t` for a benign reason, but from a start that cannot be read (STARTUNKNOWN):
    // the status at `t` is unknown (ChainValidator.revocationShown's `startUnknown`).
    const startUnknown = function (why, i, text) {
      if (why && !undecided) undecided = { unknown: depthName(chain, i) + " is revoked (" + text + "), but " + why + ": whether it was still valid at the validation time is not shown" };
    };
    const heldBefore = function (reason, listedAt, i, text) {
      if (reason !== 6 || listedAt >= t) return false;
      if (!undecided) undecided = { unknown: depthName(chain, i) + " is on hold (" + text + "), shown by data issued before the validation time: whether the hold still held then is not shown (a hold can be released)" };
      return true;
    };
    for (let i = 0; i < chain.length - 1; i++) {
      const x = chain[i], issuer = chain[i + 1];
      for (const c of crls) {
        if (c.unreadable) {
          if ((!c.issuer || c.issuer.canon === x.issuer.canon) && !undecided) undecided = { unknown: c.unreadable + ": the status of " + depthName(chain, i) + " cannot be decided" };
          continue;
        }
        if (c.issuer.canon !== x.issuer.canon) continue;
        let signed;
        try { signed = await crlSignedBy(c, issuer); } catch (e) {
          if (!undecided) undecided = { unsupported: e.message + " (CRL of " + c.issuer.text + " issued " + c.thisUpdate.text + "): the status of " + depthName(chain, i) + " cannot be decided" };
          continue;
        }
        if (!signed) continue;
        let entries;
        try { entries = c.lookup(x.serial.bytes); } catch (e) {
          if (!undecided) undecided = { unknown: "the CRL of " + c.issuer.text + " issued " + c.thisUpdate.text + " cannot be read by this verifier (" + e.message + "): the status of " + depthName(chain, i) + " cannot be decided" };
          continue;
        }
        for (const entry of entries) {
          if (entry.reason === 8) continue; // removeFromCRL: not a revocation (X509_CRL_get0_by_cert's 2)
          if (isRevocation(entry.date.seconds, entry.reason)) {
            if (heldBefore(entry.reason, c.thisUpdate.seconds, i, "CRL of " + c.issuer.text + " issued " + c.thisUpdate.text + ": from " + entry.date.text)) continue;
            return { error: depthName(chain, i) + " is revoked (CRL of " + c.issuer.text + " issued " + c.thisUpdate.text + ": revoked " + entry.date.text + ", " + reasonText(entry.reason) + ")" };
          }
          const text = "CRL of " + c.issuer.text + " issued " + c.thisUpdate.text + ": revoked " + entry.date.text + ", " + reasonText(entry.reason);
          inAccuracy(entry.date.seconds, i, text);
          startUnknown(entry.startUnknown, i, text);
        }
      }
      for (const resp of trustedOCSP) {
        for (const s of await ocspStatuses(resp, x, issuer)) {
          if (s.status === "undecidable" && !undecided) undecided = { unsupported: s.why + ": the status of " + depthName(chain, i) + " cannot be decided" };
          if (s.status === "revoked" && isRevocation(s.at.seconds, s.reason)) {
            if (heldBefore(s.reason, s.thisUpdate.seconds, i, "OCSP: from " + s.at.text)) continue;
            return { error: depthName(chain, i) + " is revoked (OCSP: " + s.at.text + ", " + reasonText(s.reason) + ")" };
          }
          if (s.status === "revoked") {
            inAccuracy(s.at.seconds, i, "OCSP: " + s.at.text + ", " + reasonText(s.reason));
            startUnknown(s.startUnknown, i, "OCSP: " + s.at.text + ", " + reasonText(s.reason));
          }
        }
      }
    }
    return undecided;
  }

  // Path validation at `time` (seconds since 1970). opts: {leaf, untrusted, roots (parsed certs),
  // crls (parsed), evidence (parsed CRLs that only show revocations), ocsps (parsed), evidenceOCSP
  // (parsed OCSP responses that only show revocations), latest and goodFrom (seconds: the latest
  // second the token may have been made in, the first from which data proves good status),
  // revocationScope: "fullChain"|"leaf"|"none"}. Returns
  // {status: valid|invalid|noTrustedRoot|revocationUnknown|unsupported, message, chain, notes}.
  async function validatePath(opts) {
    const t = opts.time;
    // The latest second the token may have been made in, and the first second from which
    // revocation data proves good status (ChainValidator.SigningTime): both `t` unless given.
    const latest = Math.max(t, typeof opts.latest === "number" ? opts.latest : t);
    const goodFrom = Math.max(t, typeof opts.goodFrom === "number" ? opts.goodFrom : t);
    const untrusted = opts.untrusted.slice(0, MAX_CANDIDATES);
    const built = buildPath(opts.leaf, untrusted, opts.roots, t);
    if (!built.trusted) return { status: "noTrustedRoot", message: built.why, chain: [] };
    const chain = built.chain;
    const extErr = checkPathExtensions(chain, "timestamp");
    if (extErr) return { status: "invalid", message: extErr, chain: [] };
    const notes = [];
    const crls = opts.crls || [], ocsps = opts.ocsps || [];
    // With revocation data (ChainValidator.validate): the path is validated without revocation
    // first; any revocation the data shows (given CRLs, `evidence` — CRLs that can show a
    // revocation but not prove good status — and trusted OCSP responses) is decisive; then each
    // certificate's status is judged by the given CRLs and OCSP responses as before.
    // `evidenceOCSP`: OCSP responses that, likewise, can only show a revocation (produced before
    // the time good status must be proven from).
    const evidence = opts.evidence || [], evidenceOCSP = opts.evidenceOCSP || [];
    let trusted = null, trustedEvidence = [];
    if (crls.length || evidence.length || ocsps.length || evidenceOCSP.length) {
      trusted = [];
      // A response this browser cannot judge (an algorithm WebCrypto lacks) may state a
      // revocation: the path is undecided here, never valid for want of it (the CLI decides it).
      for (const [list, into] of [[ocsps, trusted], [evidenceOCSP, trustedEvidence]]) {
        for (const r of list) {
          const v = await ocspTrusted(r, untrusted, opts.roots);
          if (v.ok) into.push(r);
          else if (v.unsupported) return { status: "unsupported", message: "an OCSP response given cannot be checked by this browser verifier: " + v.why, chain: [] };
        }
      }
    }
    if (crls.length || evidence.length || (trusted && trusted.length) || trustedEvidence.length) {
      const first = await checkSignaturesAndTimes(chain, t);
      if (first.error) return { status: "invalid", message: first.error, chain: [] };
      if (first.unsupported) return { status: "unsupported", message: first.unsupported, chain: [] };
      if (chain.some(function (c) { return c.ext.nameConstraints; })) {
        return { status: "unsupported", message: "a certificate on the path carries name constraints, which this browser verifier does not evaluate", chain: [] };
      }
      const shown = await revocationShown(chain, crls.concat(evidence), trusted.concat(trustedEvidence), t, latest);
      if (shown && shown.error) return { status: "invalid", message: shown.error, chain: [] };
      if (shown && shown.unknown) return { status: "revocationUnknown", message: shown.unknown, chain: [] };
      if (shown && shown.unsupported) return { status: "unsupported", message: shown.unsupported, chain: [] };
    }
    if (opts.revocationScope !== "none" && (crls.length || ocsps.length)) {
      const last = opts.revocationScope === "leaf" ? 0 : chain.length - 1;
      for (let i = 0; i <= last; i++) {
        const r = await checkRevocationOf(chain, i, crls, trusted, t, latest, goodFrom);
        if (r.error) return { status: "invalid", message: r.error, chain: [] };
        if (r.unknown) return { status: "revocationUnknown", message: r.unknown, chain: [] };
        if (r.unsupported) return { status: "unsupported", message: r.unsupported, chain: [] };
        if (r.note) notes.push(r.note);
      }
    }
    const st = await checkSignaturesAndTimes(chain, t);
    if (st.error) return { status: "invalid", message: st.error, chain: [] };
    if (st.unsupported) return { status: "unsupported", message: st.unsupported, chain: [] };
    if (chain.some(function (c) { return c.ext.nameConstraints; })) {
      return { status: "unsupported", message: "a certificate on the path carries name constraints, which this browser verifier does not evaluate", chain: [] };
    }
    return { status: "valid", message: "ok", chain: chain, notes: notes };
  }

  E.x509 = {
    OID: OID, Unsupported: Unsupported,
    hash: hash, parseName: parseName, parseAlgId: parseAlgId, absentOrNull: absentOrNull, keyInfo: keyInfo,
    certificateFromNode: certificateFromNode, parseCertificateBytes: parseCertificateBytes,
    parseCertificate: parseCertificate, describeRoot: describeRoot,
    schemeOfSignatureAlgorithm: schemeOfSignatureAlgorithm, pssParams: pssParams, describeScheme: describeScheme,
    verifySignature: verifySignature, parseExtensions: parseExtensions, ecdsaRaw: ecdsaRaw, parseCRL: parseCRL, unreadableCRL: unreadableCRL, MAX_CRL_SIZE: MAX_CRL_SIZE, parseOCSP: parseOCSP, validatePath: validatePath,
    buildPath: buildPath, opensslRefuses: opensslRefuses,
  };
})(globalThis.Evident = globalThis.Evident || {});
