"use strict";
// E.cms: the CMS structures of an RFC 3161 token (RFC 5652 ContentInfo, SignedData, SignerInfo,
// attributes; RFC 2634 / RFC 5035 ESS signing-certificate), decoded exactly as Evident's Swift
// decoders do (Sources/EvidentTSP: ContentInfo, SignedData, SignerInfo, CMSAttribute,
// SigningCertificate, GeneralName), over E.der nodes. Errors are E.der.DERError with a code and
// the offset of the element at fault.
(function (E) {
  const T = function () { return E.der.T; };
  const LIMITS = Object.freeze({ maxCertificates: 64, maxSignerInfos: 8, maxAttributes: 64, maxExtensions: 32 });
  const OID = {
    data: "1.2.840.113549.1.7.1", signedData: "1.2.840.113549.1.7.2", tstInfo: "1.2.840.113549.1.9.16.1.4",
    contentType: "1.2.840.113549.1.9.3", messageDigest: "1.2.840.113549.1.9.4", signingTime: "1.2.840.113549.1.9.5",
    signingCertificate: "1.2.840.113549.1.9.16.2.12", signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  };
  // OpenSSL's short names of OIDs met in tokens (OID.displayName in Swift), for reasons.
  const DISPLAY = {
    "1.2.840.113549.1.7.1": "pkcs7-data", "1.2.840.113549.1.7.2": "pkcs7-signedData", "1.2.840.113549.1.9.16.1.4": "id-smime-ct-TSTInfo",
    "1.2.840.113549.1.9.3": "contentType", "1.2.840.113549.1.9.4": "messageDigest", "1.2.840.113549.1.9.5": "signingTime",
    "1.2.840.113549.1.9.16.2.12": "id-smime-aa-signingCertificate", "1.2.840.113549.1.9.16.2.47": "id-smime-aa-signingCertificateV2",
    "1.2.840.113549.1.9.52": "id-aa-CMSAlgorithmProtection", "1.3.6.1.5.5.7.3.8": "timeStamping",
  };
  function display(oid) {
    const d = E.algorithms.digestByOid(oid);
    return DISPLAY[oid] || (d ? d.name : oid);
  }
  function err(code, offset, detail) { return new E.der.DERError(code, offset, detail); }
  function check(count, limit, what, offset) {
    if (count > limit) throw err("too-many-elements", offset, count + " " + what + ", the limit is " + limit);
  }

  // RFC 5280 §4.2.1.6 GeneralName; `der` is its encoding (two names are the same name when
  // their encodings are: GeneralName's equality in Swift).
  function generalName(e) {
    const g = generalNameChoice(e);
    g.der = e.encoded;
    return g;
  }
  // The subjectAltName extension's names of a parsed certificate; [] without one or when it does
  // not decode (then it names nothing: Certificate.subjectAltNames).
  function subjectAltNames(cert) {
    const x = cert.extensions.find(function (x) { return x.oid === E.x509.OID.subjectAltName; });
    if (!x) return [];
    let items;
    try { items = E.der.parse(x.value, { rules: new E.der.Rules("der") }).sequence(); } catch (e) { return []; }
    // An entry that does not decode is left out alone (Certificate.subjectAltNames).
    const out = [];
    for (const item of items) {
      try { out.push(generalName(item)); } catch (e) { /* not a name this verifier reads */ }
    }
    return out;
  }
  function generalNameChoice(e) {
    if (e.cls !== 2) throw err("unexpected-tag", e.offset, "GeneralName must be context-tagged, found " + e.tagText);
    switch (e.num) {
      case 0: {
        const r = e.reader(T().ctx(0), "OtherName");
        const id = r.next("type-id").oid();
        const v = r.next("value").explicit(T().ctx(0));
        r.finish();
        return { kind: "otherName", typeID: id, value: v.encoded, text: "othername:" + id };
      }
      case 1: { const s = e.string(T().ctx(1), "ia5"); return { kind: "rfc822Name", value: s, text: "email:" + s }; }
      case 2: { const s = e.string(T().ctx(2), "ia5"); return { kind: "dnsName", value: s, text: "DNS:" + s }; }
      case 4: { const n = E.x509.parseName(e.explicit(T().ctx(4))); return { kind: "directoryName", name: n, text: n.text }; }
      case 6: { const s = e.string(T().ctx(6), "ia5"); return { kind: "uri", value: s, text: "URI:" + s }; }
      case 7: {
        const ip = e.octetString(T().ctx(7));
        if (ip.length !== 4 && ip.length !== 16) throw err("invalid-value", e.offset, "iPAddress must be 4 or 16 octets, found " + ip.length);
        return { kind: "ipAddress", value: ip, text: "IP Address:" + E.der.hex(ip) };
      }
      case 8: { const o = e.oid(T().ctx(8)); return { kind: "registeredID", value: o, text: "Registered ID:" + display(o) }; }
      default: return { kind: "other", tag: e.num, encoded: e.encoded, text: "[" + e.num + "]" };
    }
  }

  // RFC 5652 §5.3 Attribute; values kept as nodes.
  function attribute(e) {
    const r = e.reader(T().SEQUENCE, "Attribute");
    const type = r.next("attrType").oid();
    const set = r.next("attrValues").setOf();
    if (set.length === 0) throw err("missing-element", e.offset, "attribute " + display(type) + " has no value");
    r.finish();
    return { type: type, values: set };
  }
  // A [n] IMPLICIT SET OF Attribute: DER order (tolerated), at most 64, not empty.
  function attributeSet(e, tag) {
    const items = e.setOf(tag);
    check(items.length, LIMITS.maxAttributes, "attributes", e.offset);
    if (items.length === 0) throw err("missing-element", e.offset, "attribute set is empty");
    return items.map(attribute);
  }
  // The single value of an attribute, parsed on its own (offsets and warnings in the whole input).
  function singleValue(attr) {
    if (attr.values.length !== 1) throw err("invalid-value", 0, "attribute " + display(attr.type) + " must have exactly one value, has " + attr.values.length);
    const v = attr.values[0];
    const rules = v.rules.nested(v.offset, "in attribute " + display(attr.type) + ": ");
    return E.der.parse(Uint8Array.from(v.encoded), { rules: rules });
  }

  // RFC 5652 §5.3 SignerInfo.
  function signerInfo(e) {
    const r = e.reader(T().SEQUENCE, "SignerInfo");
    const v = r.next("version");
    const version = v.smallInt();
    const sidEl = r.next("sid");
    let sid;
    if (sidEl.is(T().SEQUENCE)) {
      if (version !== 1) throw err("unsupported-version", v.offset, "SignerInfo with issuerAndSerialNumber must be version 1, is " + version);
      const s = sidEl.reader(T().SEQUENCE, "IssuerAndSerialNumber");
      const issuer = E.x509.parseName(s.next("issuer"));
      const serial = s.next("serialNumber").integer();
      s.finish();
      sid = { issuer: issuer, serial: serial, text: "issuer " + issuer.text + ", serial " + serial.hex };
    } else {
      if (version !== 3) throw err("unsupported-version", v.offset, "SignerInfo with subjectKeyIdentifier must be version 3, is " + version);
      const ski = sidEl.octetString(T().ctx(0));
      sid = { ski: ski, text: "subjectKeyIdentifier " + E.der.hex(ski) };
    }
    const digestAlgorithm = E.x509.parseAlgId(r.next("digestAlgorithm"));
    let signedAttributes = null, signedBytes = null;
    const sa = r.optional(T().ctx(0));
    if (sa) {
      signedAttributes = attributeSet(sa, T().ctx(0));
      // RFC 5652 §5.4: the signature covers the attributes with the SET tag, the bytes as received.
      signedBytes = Uint8Array.from(sa.encoded);
      signedBytes[0] = 0x31;
    }
    const signatureAlgorithm = E.x509.parseAlgId(r.next("signatureAlgorithm"));
    const signature = r.next("signature").octetString();
    const ua = r.optional(T().ctx(1));
    const unsignedAttributes = ua ? attributeSet(ua, T().ctx(1)) : null;
    r.finish();
    return {
      version: version, sid: sid, digestAlgorithm: digestAlgorithm, signedAttributes: signedAttributes,
      signedBytes: signedBytes, signatureAlgorithm: signatureAlgorithm, signature: signature, unsignedAttributes: unsignedAttributes,
    };
  }

  // RFC 5652 §5.1 SignedData (certificates and crls may be unsorted: they are not signed).
  function signedData(e) {
    const r = e.reader(T().SEQUENCE, "SignedData");
    const v = r.next("version");
    const version = v.smallInt();
    if ([1, 3, 4, 5].indexOf(version) < 0) throw err("unsupported-version", v.offset, "SignedData version " + version + " is not a CMS version");
    const algs = r.next("digestAlgorithms").setOf();
    check(algs.length, LIMITS.maxSignerInfos, "digest algorithms", e.offset);
    const digestAlgorithms = algs.map(E.x509.parseAlgId);
    const encap = r.next("encapContentInfo").reader(T().SEQUENCE, "EncapsulatedContentInfo");
    const eContentType = encap.next("eContentType").oid();
    let eContent = null, eContentOffset = e.offset;
    const c = encap.optional(T().ctx(0));
    if (c) {
      const octets = c.explicit(T().ctx(0));
      eContent = octets.octetString();
      eContentOffset = octets.contentStart;
    }
    encap.finish();
    let certificates = null, crls = null;
    const certs = r.optional(T().ctx(0));
    if (certs) {
      const items = certs.sequence(T().ctx(0));
      check(items.length, LIMITS.maxCertificates, "certificates", certs.offset);
      certificates = items.map(function (item) {
        if (item.is(T().SEQUENCE)) return { certificate: E.x509.certificateFromNode(item) };
        if (item.cls === 2 && item.num <= 3 && item.constructed) return { other: item.num, encoded: item.encoded };
        throw err("unexpected-tag", item.offset, "CertificateChoices cannot be " + item.tagText);
      });
    }
    const revs = r.optional(T().ctx(1));
    if (revs) {
      const items = revs.sequence(T().ctx(1));
      check(items.length, LIMITS.maxCertificates, "revocation entries", revs.offset);
      crls = items.map(function (item) {
        if (item.is(T().SEQUENCE)) return { crl: item.encoded };
        if (item.is(T().ctx(1))) {
          const o = item.reader(T().ctx(1), "OtherRevocationInfoFormat");
          const format = o.next("otherRevInfoFormat").oid();
          const info = o.next("otherRevInfo");
          o.finish();
          return { format: format, info: info.encoded };
        }
        throw err("unexpected-tag", item.offset, "RevocationInfoChoice cannot be " + item.tagText);
      });
    }
    const signers = r.next("signerInfos").setOf();
    check(signers.length, LIMITS.maxSignerInfos, "SignerInfos", e.offset);
    const signerInfos = signers.map(signerInfo);
    r.finish();
    return {
      version: version, digestAlgorithms: digestAlgorithms, eContentType: eContentType, eContent: eContent,
      eContentOffset: eContentOffset, certificates: certificates, crls: crls, signerInfos: signerInfos, rules: e.rules,
      x509Certificates: (certificates || []).filter(function (x) { return x.certificate; }).map(function (x) { return x.certificate; }),
    };
  }

  // RFC 5652 §3 ContentInfo.
  function contentInfo(e) {
    const r = e.reader(T().SEQUENCE, "ContentInfo");
    const contentType = r.next("contentType").oid();
    const content = r.next("content").explicit(T().ctx(0));
    r.finish();
    return { contentType: contentType, content: content };
  }

  // RFC 5035 §5.4 IssuerSerial.
  function issuerSerial(e) {
    const r = e.reader(T().SEQUENCE, "IssuerSerial");
    const issuer = r.next("issuer").sequence().map(generalName);
    if (issuer.length === 0) throw err("missing-element", e.offset, "IssuerSerial issuer GeneralNames is empty");
    const serial = r.next("serialNumber").integer();
    r.finish();
    return { issuer: issuer, serial: serial };
  }
  // ESSCertID (RFC 2634, SHA-1) or ESSCertIDv2 (RFC 5035, SHA-256 when the algorithm is absent).
  function essCertID(e, v2) {
    const r = e.reader(T().SEQUENCE, v2 ? "ESSCertIDv2" : "ESSCertID");
    let hashOid = "1.3.14.3.2.26";
    if (v2) {
      hashOid = "2.16.840.1.101.3.4.2.1";
      const alg = r.optional(T().SEQUENCE);
      if (alg) {
        const a = E.x509.parseAlgId(alg);
        if (a.oid === "2.16.840.1.101.3.4.2.1" && a.params === null) {
          e.rules.tolerate("default-value-encoded", alg.offset, "ESSCertIDv2 hashAlgorithm sha256 is the DEFAULT and must be omitted in DER");
        }
        hashOid = a.oid;
      }
    }
    const certHash = r.next("certHash").octetString();
    const is = r.optional(T().SEQUENCE);
    const serial = is ? issuerSerial(is) : null;
    r.finish();
    return { hashOid: hashOid, certHash: certHash, issuerSerial: serial };
  }
  // SigningCertificate / SigningCertificateV2.
  function signingCertificate(e, v2) {
    const r = e.reader(T().SEQUENCE, v2 ? "SigningCertificateV2" : "SigningCertificate");
    const list = r.next("certs").sequence();
    if (list.length === 0) throw err("missing-element", e.offset, "ESS certs is empty");
    check(list.length, LIMITS.maxCertificates, "ESS cert ids", e.offset);
    const certs = list.map(function (x) { return essCertID(x, v2); });
    r.optional(T().SEQUENCE);
    r.finish();
    return { v2: v2, certs: certs };
  }

  // The certificate the SignerIdentifier names (RFC 5652 §5.3), never guessed.
  function signerOf(si, certs) {
    return certs.find(function (c) {
      if (si.sid.issuer) return E.der.bytesEqual(c.issuer.der, si.sid.issuer.der) && E.der.bytesEqual(c.serial.bytes, si.sid.serial.bytes);
      const x = c.extension(E.x509.OID.subjectKeyIdentifier);
      if (!x) return false;
      try { return E.der.bytesEqual(E.der.parse(x.value).octetString(), si.sid.ski); } catch (e) { return false; }
    }) || null;
  }

  E.cms = {
    OID: OID, LIMITS: LIMITS, display: display,
    contentInfo: contentInfo, signedData: signedData, signerInfo: signerInfo, attribute: attribute,
    singleValue: singleValue, signingCertificate: signingCertificate, generalName: generalName, subjectAltNames: subjectAltNames, signerOf: signerOf,
    attributesOf: function (attrs, type) { return (attrs || []).filter(function (a) { return a.type === type; }); },
  };
})(globalThis.Evident = globalThis.Evident || {});
