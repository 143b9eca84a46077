"use strict";
// E.der: a strict DER reader (ITU-T X.690 §10–11) for untrusted input, with explicit limits, and
// E.pem: PEM armour. It mirrors Evident's Swift reader (Sources/EvidentDER, docs/der.md): every
// structural deviation is an error with a code and the byte offset of the element at fault. Under
// the "tolerant" encoding rules (Evident's default for verification) two schema-level deviations
// sound TSAs emit are accepted and recorded as warnings {code, offset, detail}: a DEFAULT value
// written out, and SET OF members not in DER order. Under "der" they are errors too.
(function (E) {
  const LIMITS = Object.freeze({
    maxInputSize: 1024 * 1024, // a TimeStampResp / token / certificate (TSPLimits.maxMessageSize)
    maxDepth: 32, // DERLimits.defaultMaxDepth: the Swift verifier's limit, so verdicts agree
    maxElements: 200000, // elements in one parse: bounds work on hostile input
  });

  class DERError extends Error {
    constructor(code, offset, detail) {
      super(detail + " (" + code + " at byte " + offset + ")");
      this.name = "DERError";
      this.code = code;
      this.offset = offset;
      this.detail = detail;
    }
  }

  // Encoding rules with their warning log. A nested value (an OCTET STRING's contents parsed on
  // its own) shares the log, its offsets moved by `base` and its details prefixed by `context`.
  class Rules {
    constructor(level, log, base, context) {
      if (level !== "der" && level !== "tolerant") throw new Error("unknown DER rules level " + level);
      this.level = level;
      this.log = log || { items: [], seen: new Set() };
      this.base = base || 0;
      this.context = context || "";
    }
    get warnings() { return this.log.items.slice(); }
    // A schema-level deviation: recorded under tolerant rules, an error under DER.
    tolerate(code, offset, detail) {
      if (this.level === "der") throw new DERError(code, offset, detail);
      const w = { code: code, offset: this.base + offset, detail: this.context + detail };
      const key = w.code + "@" + w.offset + ":" + w.detail;
      if (!this.log.seen.has(key)) { this.log.seen.add(key); this.log.items.push(w); }
    }
    nested(base, context) { return new Rules(this.level, this.log, this.base + base, this.context + context); }
  }

  const CLASS = ["universal", "application", "context", "private"];
  const UNIVERSAL_NAMES = {
    1: "BOOLEAN", 2: "INTEGER", 3: "BIT STRING", 4: "OCTET STRING", 5: "NULL", 6: "OBJECT IDENTIFIER",
    10: "ENUMERATED", 12: "UTF8String", 16: "SEQUENCE", 17: "SET", 18: "NumericString", 19: "PrintableString",
    20: "TeletexString", 22: "IA5String", 23: "UTCTime", 24: "GeneralizedTime", 26: "VisibleString",
    28: "UniversalString", 30: "BMPString",
  };
  function tagName(cls, num) {
    if (cls === 0) return UNIVERSAL_NAMES[num] || "universal " + num;
    if (cls === 2) return "[" + num + "]";
    return CLASS[cls] + " " + num;
  }
  // Universal types that are always constructed / always primitive in DER (X.690 §8, §10.2).
  function mustBeConstructed(cls, n) { return cls === 0 && (n === 16 || n === 17 || n === 8 || n === 11); }
  const PRIMITIVE = new Set([1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);

  // Tags: {cls, num}. Helpers for the common ones.
  const T = {
    BOOLEAN: { cls: 0, num: 1 }, INTEGER: { cls: 0, num: 2 }, BIT_STRING: { cls: 0, num: 3 },
    OCTET_STRING: { cls: 0, num: 4 }, NULL: { cls: 0, num: 5 }, OID: { cls: 0, num: 6 },
    ENUMERATED: { cls: 0, num: 10 }, UTF8: { cls: 0, num: 12 }, SEQUENCE: { cls: 0, num: 16 },
    SET: { cls: 0, num: 17 }, UTC_TIME: { cls: 0, num: 23 }, GENERALIZED_TIME: { cls: 0, num: 24 },
    ctx: function (n) { return { cls: 2, num: n }; },
  };

  class Node {
    constructor(input, cls, num, constructed, offset, contentStart, end, children, rules) {
      this.input = input; // the Uint8Array parsed
      this.cls = cls;
      this.num = num;
      this.constructed = constructed;
      this.offset = offset; // identifier octet, relative to the input
      this.contentStart = contentStart;
      this.end = end;
      this.children = children;
      this.rules = rules;
    }
    get tagText() { return tagName(this.cls, this.num); }
    is(tag) { return this.cls === tag.cls && this.num === tag.num; }
    // The exact bytes of the element, and of its contents (views, not copies).
    get encoded() { return this.input.subarray(this.offset, this.end); }
    get content() { return this.input.subarray(this.contentStart, this.end); }
    // Absolute offset (for warnings of nested values).
    abs(offset) { return this.rules.base + offset; }

    expect(tag, constructed, what) {
      if (!this.is(tag)) {
        throw new DERError("unexpected-tag", this.offset,
          "expected " + tagName(tag.cls, tag.num) + (what ? " (" + what + ")" : "") + ", found " + this.tagText);
      }
      if (constructed !== undefined && constructed !== this.constructed) {
        throw new DERError(constructed ? "primitive-constructed-type" : "constructed-primitive-type", this.offset,
          tagName(tag.cls, tag.num) + " must be " + (constructed ? "constructed" : "primitive"));
      }
    }
    boolean(tag) {
      this.expect(tag || T.BOOLEAN, false);
      const c = this.content;
      if (c.length !== 1) throw new DERError("invalid-boolean", this.offset, "BOOLEAN must be one octet, found " + c.length);
      if (c[0] === 0) return false;
      if (c[0] === 0xff) return true;
      throw new DERError("invalid-boolean", this.offset, "BOOLEAN must be 00 or FF in DER, found " + hex(c));
    }
    // An INTEGER as {bytes (two's complement, minimal), negative, big: BigInt, hex}.
    integer(tag) {
      this.expect(tag || T.INTEGER, false);
      const c = this.content;
      if (c.length === 0) throw new DERError("empty-integer", this.offset, "INTEGER with no contents octets");
      if (c.length > 1 && ((c[0] === 0 && (c[1] & 0x80) === 0) || (c[0] === 0xff && (c[1] & 0x80) !== 0))) {
        throw new DERError("non-minimal-integer", this.offset,
          "INTEGER has a redundant leading " + (c[0] === 0 ? "00" : "FF") + " octet");
      }
      return makeInteger(c);
    }
    // A small INTEGER that must fit a safe JS number (Swift reads these as Int).
    smallInt(tag) {
      const v = this.integer(tag);
      if (v.bytes.length > 8 || v.big > BigInt(Number.MAX_SAFE_INTEGER) || v.big < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new DERError("integer-out-of-range", this.offset, "INTEGER " + v.hex + " is too large here");
      }
      return Number(v.big);
    }
    bitString(tag) {
      this.expect(tag || T.BIT_STRING);
      if (this.constructed) throw new DERError("constructed-primitive-type", this.offset, "constructed BIT STRING is not DER");
      const c = this.content;
      if (c.length === 0) throw new DERError("invalid-bit-string", this.offset, "BIT STRING with no contents octets");
      const unused = c[0];
      if (unused > 7) throw new DERError("invalid-bit-string", this.offset, "BIT STRING declares " + unused + " unused bits");
      const bits = c.subarray(1);
      if (bits.length === 0 && unused !== 0) {
        throw new DERError("invalid-bit-string", this.offset, "empty BIT STRING declares " + unused + " unused bits");
      }
      if (bits.length > 0 && unused > 0 && (bits[bits.length - 1] & ((1 << unused) - 1)) !== 0) {
        throw new DERError("non-zero-unused-bits", this.offset, "BIT STRING unused bits are not zero (X.690 §11.2.1)");
      }
      return {
        bytes: bits, unusedBits: unused,
        isSet: function (i) { return i >= 0 && (i >> 3) < bits.length && (bits[i >> 3] & (0x80 >> (i & 7))) !== 0 && i < bits.length * 8 - unused; },
        setBits: function () { const out = []; for (let i = 0; i < bits.length * 8 - unused; i++) if (this.isSet(i)) out.push(i); return out; },
      };
    }
    octetString(tag) {
      this.expect(tag || T.OCTET_STRING);
      if (this.constructed) throw new DERError("constructed-primitive-type", this.offset, "constructed " + this.tagText + " is not DER");
      return this.content;
    }
    null(tag) {
      this.expect(tag || T.NULL, false);
      if (this.content.length !== 0) throw new DERError("invalid-null", this.offset, "NULL with " + this.content.length + " contents octets");
    }
    oid(tag) {
      this.expect(tag || T.OID, false);
      return oidToString(this.content, this.offset);
    }
    // UTCTime or GeneralizedTime → {ms (epoch milliseconds, truncated), seconds, fraction, text (RFC 3339)}.
    time(tag, kind) {
      let k = kind;
      if (k) this.expect(tag || (k === "utc" ? T.UTC_TIME : T.GENERALIZED_TIME), false);
      else if (this.is(T.UTC_TIME)) k = "utc";
      else if (this.is(T.GENERALIZED_TIME)) k = "generalized";
      else throw new DERError("unexpected-tag", this.offset, "expected UTCTime or GeneralizedTime, found " + this.tagText);
      if (this.constructed) throw new DERError("constructed-primitive-type", this.offset, "time must be primitive");
      return parseTime(this.content, k, this.offset);
    }
    string(tag, kind) {
      let k = kind;
      if (k) this.expect(tag || STRING_TAGS[k]);
      else {
        k = this.cls === 0 ? STRING_KIND_BY_NUM[this.num] : undefined;
        if (!k) throw new DERError("unexpected-tag", this.offset, "expected a character string, found " + this.tagText);
      }
      if (this.constructed) throw new DERError("constructed-primitive-type", this.offset, "constructed " + this.tagText + " is not DER");
      return decodeString(this.content, k, this.offset);
    }
    sequence(tag) {
      this.expect(tag || T.SEQUENCE, true);
      return this.children;
    }
    reader(tag, what) {
      this.expect(tag || T.SEQUENCE, true, what);
      return new Reader(this, what || "");
    }
    // SET OF: DER order (X.690 §11.6) is checked; tolerant rules record a deviation.
    setOf(tag) {
      this.expect(tag || T.SET, true);
      const ch = this.children;
      for (let i = 1; i < ch.length; i++) {
        if (encodingLess(ch[i].encoded, ch[i - 1].encoded)) {
          this.rules.tolerate("set-of-not-sorted", ch[i].offset, "SET OF elements are not in ascending DER order");
          break;
        }
      }
      return ch;
    }
    explicit(tag) {
      this.expect(tag, true);
      if (this.children.length !== 1) {
        throw new DERError(this.children.length === 0 ? "missing-element" : "unexpected-element", this.offset,
          "EXPLICIT " + tagName(tag.cls, tag.num) + " must hold exactly one element, found " + this.children.length);
      }
      return this.children[0];
    }
    // A BOOLEAN with DEFAULT FALSE: FALSE written out is tolerated (recorded) or an error under DER.
    booleanDefaultFalse(what) {
      const v = this.boolean();
      if (!v) this.rules.tolerate("default-value-encoded", this.offset, what + " FALSE is the DEFAULT and must be omitted in DER");
      return v;
    }
  }

  // Walks the children of a SEQUENCE with OPTIONAL fields (DERSequenceReader).
  class Reader {
    constructor(parent, what) { this.parent = parent; this.what = what; this.i = 0; }
    get atEnd() { return this.i >= this.parent.children.length; }
    next(name) {
      if (this.i >= this.parent.children.length) {
        throw new DERError("missing-element", this.parent.offset, (this.what || "SEQUENCE") + " ends before " + name);
      }
      return this.parent.children[this.i++];
    }
    optional(tag) {
      const c = this.parent.children[this.i];
      if (c && c.is(tag)) { this.i++; return c; }
      return null;
    }
    rest() { const r = this.parent.children.slice(this.i); this.i = this.parent.children.length; return r; }
    finish() {
      const c = this.parent.children[this.i];
      if (c) throw new DERError("unexpected-element", c.offset, "unexpected " + c.tagText + " after the last field of " + (this.what || "SEQUENCE"));
    }
  }

  // X.690 §11.6: a < b, the shorter padded with zero octets.
  function encodingLess(a, b) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i];
    if (a.length < b.length) { for (let i = n; i < b.length; i++) if (b[i] !== 0) return true; }
    return false;
  }

  function hex(bytes) {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }
  function fromHex(s) {
    if (typeof s !== "string" || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error("not hex");
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(2 * i, 2), 16);
    return out;
  }
  function bytesEqual(a, b) {
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function makeInteger(c) {
    const bytes = Uint8Array.from(c);
    const negative = (bytes[0] & 0x80) !== 0;
    let big = 0n;
    for (let i = 0; i < bytes.length; i++) big = (big << 8n) | BigInt(bytes[i]);
    if (negative) big -= 1n << BigInt(8 * bytes.length);
    const abs = big < 0n ? -big : big;
    let h = abs.toString(16).toUpperCase();
    if (h.length % 2) h = "0" + h;
    return { bytes: bytes, negative: negative, big: big, hex: (negative ? "-0x" : "0x") + h };
  }

  function oidToString(c, offset) {
    if (c.length === 0) throw new DERError("invalid-object-identifier", offset, "empty OBJECT IDENTIFIER");
    const arcs = [];
    let v = 0n, start = true;
    for (let i = 0; i < c.length; i++) {
      const b = c[i];
      if (start && b === 0x80) throw new DERError("invalid-object-identifier", offset, "subidentifier with a leading 0x80 octet");
      v = (v << 7n) | BigInt(b & 0x7f);
      start = (b & 0x80) === 0;
      if (start) { arcs.push(v); v = 0n; }
    }
    if (!start) throw new DERError("invalid-object-identifier", offset, "last subidentifier is incomplete");
    const first = arcs[0];
    const out = first < 40n ? ["0", String(first)] : first < 80n ? ["1", String(first - 40n)] : ["2", String(first - 80n)];
    for (let i = 1; i < arcs.length; i++) out.push(String(arcs[i]));
    return out.join(".");
  }

  const STRING_TAGS = {
    utf8: { cls: 0, num: 12 }, printable: { cls: 0, num: 19 }, ia5: { cls: 0, num: 22 }, visible: { cls: 0, num: 26 },
    numeric: { cls: 0, num: 18 }, teletex: { cls: 0, num: 20 }, bmp: { cls: 0, num: 30 }, universal: { cls: 0, num: 28 },
  };
  const STRING_KIND_BY_NUM = { 12: "utf8", 19: "printable", 22: "ia5", 26: "visible", 18: "numeric", 20: "teletex", 30: "bmp", 28: "universal" };
  const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

  function decodeString(b, kind, offset) {
    const bad = function (what) { return new DERError("invalid-string", offset, kind + " string: " + what); };
    switch (kind) {
      case "utf8":
        try { return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(b); } catch (e) { throw bad("invalid UTF-8"); }
      case "printable": {
        const s = latin1(b);
        if (!PRINTABLE.test(s)) throw bad("a character is not printable");
        return s;
      }
      case "ia5":
        for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) throw bad("octet 0x" + hex([b[i]]) + " is not IA5");
        return latin1(b);
      case "visible":
        for (let i = 0; i < b.length; i++) if (b[i] < 0x20 || b[i] > 0x7e) throw bad("octet 0x" + hex([b[i]]) + " is not visible");
        return latin1(b);
      case "numeric":
        for (let i = 0; i < b.length; i++) if (!(b[i] === 0x20 || (b[i] >= 0x30 && b[i] <= 0x39))) throw bad("octet 0x" + hex([b[i]]) + " is not numeric");
        return latin1(b);
      case "teletex":
        return latin1(b); // T.61 in practice carries Latin-1 (as the Swift reader maps it)
      case "bmp": {
        if (b.length % 2) throw bad("odd length " + b.length);
        let s = "";
        for (let i = 0; i < b.length; i += 2) {
          const v = (b[i] << 8) | b[i + 1];
          if (v >= 0xd800 && v <= 0xdfff) throw bad("surrogate code unit");
          s += String.fromCharCode(v);
        }
        return s;
      }
      case "universal": {
        if (b.length % 4) throw bad("length " + b.length + " is not a multiple of 4");
        let s = "";
        for (let i = 0; i < b.length; i += 4) {
          const v = ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw bad("invalid code point");
          s += String.fromCodePoint(v);
        }
        return s;
      }
    }
    throw bad("unknown string kind");
  }
  function latin1(b) { let s = ""; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]); return s; }

  // Days from 1970-01-01 to a civil date (proleptic Gregorian).
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }
  function daysIn(m, y) {
    if (m === 2) return (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28;
    return [4, 6, 9, 11].indexOf(m) >= 0 ? 30 : 31;
  }
  function pad(v, n) { let s = String(v); while (s.length < n) s = "0" + s; return s; }

  function parseTime(c, kind, offset) {
    const bad = function (what) { return new DERError("invalid-time", offset, what); };
    const num = function (from, count) {
      let v = 0;
      for (let i = from; i < from + count; i++) {
        if (i >= c.length || c[i] < 48 || c[i] > 57) throw bad("expected a digit at position " + i);
        v = v * 10 + (c[i] - 48);
      }
      return v;
    };
    if (c.length === 0 || c[c.length - 1] !== 0x5a) throw bad("time must end in Z (UTC)");
    let y, mo, d, h, mi, s, fraction = "";
    if (kind === "utc") {
      if (c.length !== 13) throw bad("UTCTime must be YYMMDDHHMMSSZ");
      const yy = num(0, 2);
      y = yy >= 50 ? 1900 + yy : 2000 + yy;
      mo = num(2, 2); d = num(4, 2); h = num(6, 2); mi = num(8, 2); s = num(10, 2);
    } else {
      if (c.length < 15) throw bad("GeneralizedTime must be YYYYMMDDHHMMSS[.f]Z");
      if (c.length > 15) {
        if (c[14] !== 0x2e) throw bad(c[14] === 0x2c ? "decimal comma in fraction (DER uses '.')" : "GeneralizedTime must be YYYYMMDDHHMMSS[.f]Z");
        const digits = c.subarray(15, c.length - 1);
        if (digits.length === 0) throw bad("empty fraction of a second");
        for (let i = 0; i < digits.length; i++) if (digits[i] < 48 || digits[i] > 57) throw bad("fraction is not decimal digits");
        if (digits[digits.length - 1] === 48) throw bad("fraction of a second has trailing zeros");
        fraction = latin1(digits);
      }
      y = num(0, 4); mo = num(4, 2); d = num(6, 2); h = num(8, 2); mi = num(10, 2); s = num(12, 2);
    }
    if (mo < 1 || mo > 12) throw bad("month " + mo + " outside 01–12");
    if (d < 1 || d > daysIn(mo, y)) throw bad("day " + d + " does not exist in " + y + "-" + mo);
    if (h > 23) throw bad("hour " + h + " outside 00–23");
    if (mi > 59) throw bad("minute " + mi + " outside 00–59");
    if (s > 59) throw bad("second " + s + " outside 00–59");
    const seconds = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    const millis = fraction ? Number((fraction + "00").slice(0, 3)) : 0;
    const text = pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(mi, 2) + ":" + pad(s, 2) + (fraction ? "." + fraction : "") + "Z";
    return { kind: kind, seconds: seconds, ms: seconds * 1000 + millis, fraction: fraction, text: text };
  }

  // Seconds since 1970 → "YYYY-MM-DDTHH:MM:SSZ".
  function formatSeconds(sec) {
    const days = Math.floor(sec / 86400);
    let r = sec - days * 86400;
    const z = days + 719468, era = Math.floor(z / 146097), doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    const h = Math.floor(r / 3600); r -= h * 3600;
    return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(Math.floor(r / 60), 2) + ":" + pad(r % 60, 2) + "Z";
  }

  // Parses exactly one element spanning `bytes`. opts: {rules, maxInputSize, maxDepth, maxElements}.
  function parse(bytes, opts) {
    opts = opts || {};
    if (!(bytes instanceof Uint8Array)) throw new TypeError("DER input must be a Uint8Array");
    const rules = opts.rules || new Rules("der");
    const maxInput = opts.maxInputSize || LIMITS.maxInputSize;
    const maxDepth = opts.maxDepth || LIMITS.maxDepth;
    const maxElements = opts.maxElements || LIMITS.maxElements;
    if (bytes.length > maxInput) throw new DERError("input-too-large", 0, "input is " + bytes.length + " bytes, the limit is " + maxInput);
    if (bytes.length === 0) throw new DERError("truncated", 0, "empty input");
    let count = 0;
    function element(pos, end, depth) {
      const start = pos;
      if (depth > maxDepth) throw new DERError("depth-exceeded", start, "nesting deeper than " + maxDepth + " levels");
      if (++count > maxElements) throw new DERError("too-many-elements", start, "more than " + maxElements + " elements");
      const first = bytes[pos++];
      const cls = first >> 6;
      const constructed = (first & 0x20) !== 0;
      let num = first & 0x1f;
      if (num === 0x1f) {
        num = 0;
        let groups = 0;
        for (;;) {
          if (pos >= end) throw new DERError("truncated", start, "tag number runs past the end");
          const b = bytes[pos++];
          if (groups === 0 && b === 0x80) throw new DERError("non-minimal-tag", start, "high tag number with a leading zero group");
          groups++;
          if (groups > 5 || num > (0xffffffff >>> 7)) throw new DERError("tag-too-large", start, "tag number does not fit in 32 bits");
          num = num * 128 + (b & 0x7f);
          if ((b & 0x80) === 0) break;
        }
        if (num < 31) throw new DERError("non-minimal-tag", start, "tag number " + num + " must use the short form");
      }
      if (cls === 0 && num === 0) throw new DERError("unexpected-end-of-contents", start, "end-of-contents outside an indefinite-length element");
      if (pos >= end) throw new DERError("truncated", start, "missing length octets");
      const l0 = bytes[pos++];
      let length;
      if (l0 < 0x80) length = l0;
      else if (l0 === 0x80) {
        if (!constructed) throw new DERError("indefinite-length", start, "indefinite length on a primitive " + tagName(cls, num));
        throw new DERError("indefinite-length", start, "indefinite length on " + tagName(cls, num) + " (BER, not DER)");
      } else if (l0 === 0xff) throw new DERError("reserved-length-octet", start, "length octet 0xFF is reserved");
      else {
        const n = l0 & 0x7f;
        if (n > 8) throw new DERError("length-too-large", start, n + " length octets");
        if (end - pos < n) throw new DERError("truncated", start, "length octets run past the end");
        if (bytes[pos] === 0) throw new DERError("non-minimal-length", start, "long-form length with a leading zero octet");
        length = 0;
        for (let k = 0; k < n; k++) length = length * 256 + bytes[pos + k];
        if (length < 0x80) throw new DERError("non-minimal-length", start, "length " + length + " must use the short form");
        pos += n;
      }
      if (length > end - pos) throw new DERError("length-exceeds-input", start, tagName(cls, num) + " claims " + length + " content bytes, " + (end - pos) + " remain");
      if (mustBeConstructed(cls, num) && !constructed) throw new DERError("primitive-constructed-type", start, tagName(cls, num) + " must be constructed");
      if (constructed && cls === 0 && PRIMITIVE.has(num)) throw new DERError("constructed-primitive-type", start, tagName(cls, num) + " must be primitive");
      const contentStart = pos, contentEnd = pos + length;
      const children = [];
      if (constructed) {
        while (pos < contentEnd) {
          const child = element(pos, contentEnd, depth + 1);
          children.push(child);
          pos = child.end;
        }
      }
      const node = new Node(bytes, cls, num, constructed, start, contentStart, contentEnd, children, rules);
      if (!constructed && cls === 0) {
        switch (num) {
          case 1: node.boolean(); break;
          case 2: node.integer(); break;
          case 10: node.integer(T.ENUMERATED); break;
          case 3: node.bitString(); break;
          case 5: node.null(); break;
          case 6: node.oid(); break;
          case 23: case 24: node.time(); break;
        }
      }
      return node;
    }
    const root = element(0, bytes.length, 1);
    if (root.end !== bytes.length) throw new DERError("trailing-data", root.end, (bytes.length - root.end) + " bytes after the end of the top-level element");
    return root;
  }

  // PEM: every "-----BEGIN X-----" block, base64-decoded strictly.
  function base64Decode(text) {
    const clean = text.replace(/[\r\n\t ]/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new Error("PEM body is not base64");
    const bin = atob(clean);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function pemDecodeAll(text) {
    if (typeof text !== "string") text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(text);
    const out = [];
    const re = /-----BEGIN ([A-Z0-9 ]{1,64})-----([\s\S]*?)-----END ([A-Z0-9 ]{1,64})-----/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m[1] !== m[3]) throw new Error("PEM block BEGIN " + m[1] + " ends with END " + m[3]);
      let body = m[2];
      // RFC 1421 headers (Proc-Type…) are not used by these objects: refuse rather than guess.
      if (/^[\s]*[A-Za-z-]+:/.test(body)) throw new Error("PEM block " + m[1] + " has headers, which are not supported");
      out.push({ label: m[1], der: base64Decode(body) });
    }
    return out;
  }

  E.der = {
    LIMITS: LIMITS, DERError: DERError, Rules: Rules, Node: Node, T: T,
    rules: function (level) { return new Rules(level || "tolerant"); },
    parse: parse, hex: hex, fromHex: fromHex, bytesEqual: bytesEqual, oidToString: oidToString,
    parseTime: parseTime, formatSeconds: formatSeconds, daysFromCivil: daysFromCivil, daysIn: daysIn, encodingLess: encodingLess,
  };
  E.pem = { decodeAll: pemDecodeAll, base64Decode: base64Decode };
})(globalThis.Evident = globalThis.Evident || {});
