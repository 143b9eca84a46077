"use strict";
// E.algorithms: the dated algorithm policy of Evident's verifier (Sources/EvidentTSP/Verifier/
// AlgorithmPolicy.swift and AlgorithmPolicyTable.swift, docs/verifier.md "Algorithm policy"). For
// each hash, key type or key size: the last day (UTC) on which new evidence using it is accepted.
// At genTime past its end date → invalid; acceptable at genTime but past its end date now →
// indeterminate; not in the table → indeterminate.
(function (E) {
  const BUILTIN_TEXT = [
    "# Evident's built-in algorithm policy. Format: ALGORITHM LAST-DAY|- SOURCE",
    "name evident-builtin-2026-12",
    "md5 2008-12-31 RFC 6151; chosen-prefix collisions (rogue CA certificate, 2008)",
    "sha1 2013-12-31 NIST SP 800-131A Rev. 2: SHA-1 for signature generation disallowed after 2013",
    "sha224 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030",
    "sha3-224 2030-12-31 NIST SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030",
    "sha256 - no end date announced",
    "sha384 - no end date announced",
    "sha512 - no end date announced",
    "sha3-256 - no end date announced",
    "sha3-384 - no end date announced",
    "sha3-512 - no end date announced",
    "rsa<2048 2013-12-31 NIST SP 800-131A Rev. 2: RSA below 2048 bits disallowed after 2013",
    "rsa<3072 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030",
    "rsa 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
    "ecdsa-p192 2013-12-31 NIST SP 800-131A Rev. 2: curves below 224 bits disallowed after 2013",
    "ecdsa-p224 2030-12-31 NIST SP 800-131A Rev. 2 / SP 800-57 Pt. 1 Rev. 5: 112-bit security through 2030",
    "ecdsa-p256 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
    "ecdsa-p384 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
    "ecdsa-p521 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
    "ed25519 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
    "ed448 2035-12-31 NIST IR 8547 (ipd, 2024): quantum-vulnerable digital signatures disallowed after 2035",
  ].join("\n");

  // Digest algorithms Evident knows (DigestAlgorithm.swift), by OID; `webcrypto` is the
  // WebCrypto name when the browser can compute it.
  const DIGESTS = {
    "1.3.14.3.2.26": { name: "sha1", size: 20, webcrypto: "SHA-1" },
    "2.16.840.1.101.3.4.2.4": { name: "sha224", size: 28, webcrypto: null },
    "2.16.840.1.101.3.4.2.1": { name: "sha256", size: 32, webcrypto: "SHA-256" },
    "2.16.840.1.101.3.4.2.2": { name: "sha384", size: 48, webcrypto: "SHA-384" },
    "2.16.840.1.101.3.4.2.3": { name: "sha512", size: 64, webcrypto: "SHA-512" },
    "2.16.840.1.101.3.4.2.7": { name: "sha3-224", size: 28, webcrypto: null },
    "2.16.840.1.101.3.4.2.8": { name: "sha3-256", size: 32, webcrypto: null },
    "2.16.840.1.101.3.4.2.9": { name: "sha3-384", size: 48, webcrypto: null },
    "2.16.840.1.101.3.4.2.10": { name: "sha3-512", size: 64, webcrypto: null },
  };
  const DIGEST_BY_NAME = {};
  Object.keys(DIGESTS).forEach(function (oid) { DIGEST_BY_NAME[DIGESTS[oid].name] = Object.assign({ oid: oid }, DIGESTS[oid]); });

  const NAMES = new Set(["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3-224", "sha3-256", "sha3-384",
    "sha3-512", "rsa", "ecdsa-p192", "ecdsa-p224", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "ed448"]);
  const NIST_ALIASES = {
    "ecdsa-prime192v1": "ecdsa-p192", "ecdsa-secp192r1": "ecdsa-p192", "ecdsa-secp224r1": "ecdsa-p224",
    "ecdsa-prime256v1": "ecdsa-p256", "ecdsa-secp256r1": "ecdsa-p256", "ecdsa-secp384r1": "ecdsa-p384",
    "ecdsa-secp521r1": "ecdsa-p521",
  };

  function rsaBound(a) {
    if (a.slice(0, 4) !== "rsa<") return null;
    const d = a.slice(4);
    if (d.length === 0 || d.length > 6 || d[0] === "0" || !/^[0-9]+$/.test(d)) return null;
    return Number(d);
  }
  function knownAlgorithm(a) {
    if (a.slice(0, 4) === "rsa<") return rsaBound(a) !== null;
    return NAMES.has(a) || (a.slice(0, 6) === "ecdsa-" && a.length > 6);
  }
  // YYYY-MM-DD → the last second of that day (seconds since 1970), or null.
  function endOfDay(text) {
    const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
    if (!m) return null;
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > E.der.daysIn(mo, y)) return null;
    return E.der.daysFromCivil(y, mo, d) * 86400 + 86399;
  }

  class PolicyError extends Error {
    constructor(msg) { super(msg); this.name = "PolicyError"; this.code = "invalid-algorithm-policy"; }
  }

  // Reads a policy file: `#` comments, one `name NAME` line, then `ALGORITHM YYYY-MM-DD|- SOURCE`
  // rows (LF or CRLF). A site's table may not call itself evident-builtin….
  function parse(text, fallbackName, reservedName) {
    if (typeof text !== "string") throw new PolicyError("the policy must be text");
    let name = fallbackName || "site algorithm policy";
    let named = false;
    const entries = [];
    const rsaSizes = new Set();
    const lines = text.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/);
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n].replace(/^[ \t]+/, "");
      if (line === "" || line[0] === "#") continue;
      const fields = splitFields(line);
      const where = "line " + (n + 1) + ": ";
      if (fields[0] === "name" && fields.length >= 2) {
        if (named) throw new PolicyError(where + "a second name line");
        name = fields.slice(1).join(" ");
        if (!reservedName && name.toLowerCase().indexOf("evident-builtin") === 0) {
          throw new PolicyError(where + "the name " + name + " is reserved for the built-in table");
        }
        named = true;
        continue;
      }
      if (fields.length < 2) throw new PolicyError(where + "expected ALGORITHM DATE SOURCE");
      const algorithm = fields[0].toLowerCase();
      if (!knownAlgorithm(algorithm)) throw new PolicyError(where + "unknown algorithm '" + fields[0] + "'");
      if (entries.some(function (e) { return e.algorithm === algorithm; })) throw new PolicyError(where + algorithm + " appears twice");
      const bits = rsaBound(algorithm);
      if (bits !== null) {
        if (rsaSizes.has(bits)) throw new PolicyError(where + "rsa<" + bits + " appears twice");
        rsaSizes.add(bits);
      }
      if (NIST_ALIASES[algorithm]) throw new PolicyError(where + "write " + algorithm + " as " + NIST_ALIASES[algorithm]);
      let notAfter = null;
      if (fields[1] !== "-") {
        notAfter = endOfDay(fields[1]);
        if (notAfter === null) throw new PolicyError(where + "'" + fields[1] + "' is not a date YYYY-MM-DD or -");
      }
      entries.push({ algorithm: algorithm, notAfter: notAfter, source: fields.length > 2 ? fields[2] : "" });
    }
    if (entries.length === 0) throw new PolicyError("no algorithm rows");
    return makePolicy(name, entries);
  }
  // Swift: split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true), each trimmed at its end.
  function splitFields(line) {
    const out = [];
    let rest = line;
    while (out.length < 2) {
      rest = rest.replace(/^ +/, "");
      if (rest === "") break;
      const i = rest.indexOf(" ");
      if (i < 0) { out.push(rest); rest = ""; break; }
      out.push(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
    rest = rest.replace(/^ +/, "");
    if (rest !== "") out.push(rest);
    return out.map(function (f) { return f.replace(/[ \t\r]+$/, ""); });
  }

  function makePolicy(name, entries) {
    return {
      name: name,
      entries: entries,
      // The row for a use: an rsa<N row applies below N bits (smallest N first), else the plain name.
      entry: function (use) {
        if (use.name === "rsa" && typeof use.bits === "number") {
          const sized = entries.filter(function (e) { return rsaBound(e.algorithm) !== null; })
            .sort(function (a, b) { return rsaBound(a.algorithm) - rsaBound(b.algorithm); });
          for (let i = 0; i < sized.length; i++) if (use.bits < rsaBound(sized[i].algorithm)) return sized[i];
        }
        for (let i = 0; i < entries.length; i++) if (entries[i].algorithm === use.name) return entries[i];
        return null;
      },
      // {kind: "acceptable" | "expiredAtGenTime" | "expiredSince" | "unknown", reason}
      judge: function (use, genTime, now) {
        const e = this.entry(use);
        const label = describeUse(use) + " (" + use.role + ")";
        if (!e) return { kind: "unknown", reason: label + " is not in the algorithm policy " + name };
        if (e.notAfter === null) return { kind: "acceptable" };
        const day = E.der.formatSeconds(e.notAfter).slice(0, 10);
        if (genTime > e.notAfter) {
          return { kind: "expiredAtGenTime", reason: label + " was no longer acceptable at genTime: its end date is " + day + " (" + e.source + "; policy " + name + ")" };
        }
        if (now > e.notAfter) {
          return { kind: "expiredSince", reason: label + " was acceptable at genTime but its end date " + day + " has passed by " + E.der.formatSeconds(now) + ", the time this token is judged at (" + e.source + "; policy " + name + "): the evidence stays proven only under an archive time-stamp (RFC 4998) proven to exist before that end date, which this token does not have" };
        }
        return { kind: "acceptable" };
      },
    };
  }
  function describeUse(use) { return typeof use.bits === "number" ? use.name + "-" + use.bits : use.name; }

  const BUILTIN = parse(BUILTIN_TEXT, "evident-builtin", true);

  // The table's name for a public key ({kind, bits, curve} from E.x509.keyInfo).
  function keyUse(key, role) {
    switch (key.kind) {
      case "rsa": return { name: "rsa", bits: key.bits, role: role };
      case "ec": return { name: "ecdsa-" + String(key.curve || key.bits).toLowerCase().replace(/-/g, ""), role: role };
      case "ed25519": return { name: "ed25519", role: role };
      case "ed448": return { name: "ed448", role: role };
      default: return { name: "unknown-key-" + key.bits, role: role };
    }
  }

  E.algorithms = {
    BUILTIN_TEXT: BUILTIN_TEXT,
    builtIn: BUILTIN,
    DIGESTS: DIGESTS,
    digestByOid: function (oid) { return DIGESTS[oid] ? Object.assign({ oid: oid }, DIGESTS[oid]) : null; },
    digestByName: function (name) { return DIGEST_BY_NAME[name] || null; },
    // A site's policy file (the format `--algorithm-policy FILE` reads). `label` names it in reports.
    parsePolicy: function (text, label) { return parse(text, label || "site algorithm policy", false); },
    keyUse: keyUse,
    digestUse: function (digestName, role) { return { name: digestName, role: role }; },
    describeUse: describeUse,
    PolicyError: PolicyError,
  };
})(globalThis.Evident = globalThis.Evident || {});
