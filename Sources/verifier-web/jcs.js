"use strict";
// E.jcs: strict JSON (RFC 8259, I-JSON RFC 7493) parsing under explicit limits and RFC 8785
// canonical serialisation, as Sources/EvidentLedger/JCS (docs/jcs.md): duplicate member names,
// lone surrogates, invalid UTF-8, comments, trailing commas, leading zeros, a byte-order mark,
// raw control characters in strings, numbers a double cannot hold and anything after the value
// are refused, each with its error code and byte offset.
//
// Values: null, true/false, numbers (doubles), strings, arrays, and objects as null-prototype
// plain objects (so "__proto__" is an ordinary member name). Also the strict base64 of
// Sources/EvidentDER/Base64.swift (canonical, padded), which several modules need.
(function (E) {
  const LIMITS = Object.freeze({
    maxInputSize: 1024 * 1024,
    maxDepth: 32,
    maxStringLength: 64 * 1024,
    maxNumberLength: 1024,
  });

  class JCSError extends Error {
    constructor(code, offset, detail) {
      super(offset === null || offset === undefined ? `${code}: ${detail}` : `${code} at offset ${offset}: ${detail}`);
      this.name = "JCSError";
      this.code = code;
      this.offset = offset;
      this.detail = detail;
    }
  }

  const hex2 = (b) => (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
  const hex4 = (v) => v.toString(16).toUpperCase().padStart(4, "0");

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array);
  }

  class Parser {
    constructor(input, limits) {
      this.input = input;
      this.limits = limits;
      this.pos = 0;
    }

    describeBare(offset) {
      const b = this.input[offset];
      return b >= 0x21 && b < 0x7f ? String.fromCharCode(b) : "0x" + hex2(b);
    }
    describe(offset) { return "'" + this.describeBare(offset) + "'"; }
    truncated(what) { return new JCSError("truncated", this.input.length, `input ends early: ${what}`); }

    document() {
      const input = this.input;
      if (input.length > this.limits.maxInputSize) {
        throw new JCSError("input-too-large", 0, `input is ${input.length} bytes, the limit is ${this.limits.maxInputSize}`);
      }
      if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
        throw new JCSError("byte-order-mark", 0, "a UTF-8 byte-order mark is not part of JSON");
      }
      this.ws();
      const v = this.value(0);
      this.ws();
      if (this.pos !== input.length) {
        throw new JCSError("trailing-data", this.pos, `${this.describe(this.pos)} after the JSON value`);
      }
      return v;
    }

    ws() {
      const input = this.input;
      while (this.pos < input.length) {
        const b = input[this.pos];
        if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) {
          this.pos++;
        } else if (b === 0x2f && this.pos + 1 < input.length && (input[this.pos + 1] === 0x2f || input[this.pos + 1] === 0x2a)) {
          throw new JCSError("comment", this.pos, "comments are not JSON");
        } else {
          return;
        }
      }
    }

    matches(word) {
      if (this.pos + word.length > this.input.length) return false;
      for (let i = 0; i < word.length; i++) if (this.input[this.pos + i] !== word.charCodeAt(i)) return false;
      return true;
    }

    literal(word, value) {
      if (!this.matches(word)) throw new JCSError("invalid-literal", this.pos, `expected '${word}'`);
      this.pos += word.length;
      return value;
    }

    value(depth) {
      const input = this.input;
      if (this.pos >= input.length) throw this.truncated("expected a value");
      const b = input[this.pos];
      switch (b) {
        case 0x7b: return this.object(depth + 1);
        case 0x5b: return this.array(depth + 1);
        case 0x22: return this.string().text;
        case 0x74: return this.literal("true", true);
        case 0x66: return this.literal("false", false);
        case 0x6e: return this.literal("null", null);
        case 0x4e: case 0x49:
          if (this.matches("NaN") || this.matches("Infinity")) {
            throw new JCSError("non-finite-number", this.pos, "NaN and Infinity are not JSON numbers");
          }
          throw new JCSError("invalid-literal", this.pos, `${this.describe(this.pos)} does not start a JSON value`);
        case 0x2b: case 0x2e:
          throw new JCSError("invalid-number", this.pos, "a JSON number starts with '-' or a digit");
        default:
          if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return this.number();
          throw new JCSError("unexpected-character", this.pos, `expected a value, found ${this.describe(this.pos)}`);
      }
    }

    checkDepth(depth) {
      if (depth > this.limits.maxDepth) {
        throw new JCSError("depth-exceeded", this.pos, `nesting deeper than ${this.limits.maxDepth} arrays and objects`);
      }
    }

    endOfElement(closing, container) {
      this.ws();
      const input = this.input;
      if (this.pos >= input.length) throw this.truncated(`unterminated ${container}`);
      const b = input[this.pos];
      if (b === 0x2c) {
        const comma = this.pos;
        this.pos++;
        this.ws();
        if (this.pos < input.length && input[this.pos] === closing) {
          throw new JCSError("trailing-comma", comma, `',' before '${this.describeBare(this.pos)}'`);
        }
        return false;
      }
      if (b === closing) {
        this.pos++;
        return true;
      }
      throw new JCSError("unexpected-character", this.pos,
        `expected ',' or '${String.fromCharCode(closing)}', found ${this.describe(this.pos)}`);
    }

    array(depth) {
      this.checkDepth(depth);
      this.pos++;
      this.ws();
      const items = [];
      if (this.pos < this.input.length && this.input[this.pos] === 0x5d) {
        this.pos++;
        return items;
      }
      for (;;) {
        items.push(this.value(depth));
        if (this.endOfElement(0x5d, "array")) return items;
      }
    }

    object(depth) {
      this.checkDepth(depth);
      this.pos++;
      this.ws();
      const out = Object.create(null);
      const input = this.input;
      if (this.pos < input.length && input[this.pos] === 0x7d) {
        this.pos++;
        return out;
      }
      for (;;) {
        if (this.pos >= input.length) throw this.truncated("unterminated object");
        if (input[this.pos] !== 0x22) {
          throw new JCSError("non-string-key", this.pos, `member names are double-quoted strings, found ${this.describe(this.pos)}`);
        }
        const keyOffset = this.pos;
        const key = this.string().text;
        // Names compare as exact code-unit sequences (equivalently, UTF-8 bytes).
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          throw new JCSError("duplicate-key", keyOffset, `duplicate member name ${quote(key)}`);
        }
        this.ws();
        if (this.pos >= input.length) throw this.truncated("expected ':'");
        if (input[this.pos] !== 0x3a) {
          throw new JCSError("unexpected-character", this.pos, `expected ':', found ${this.describe(this.pos)}`);
        }
        this.pos++;
        this.ws();
        out[key] = this.value(depth);
        if (this.endOfElement(0x7d, "object")) return out;
      }
    }

    number() {
      const input = this.input, start = this.pos;
      let i = start;
      const isDigit = (b) => b >= 0x30 && b <= 0x39;
      const digits = () => { const from = i; while (i < input.length && isDigit(input[i])) i++; return i - from; };
      if (input[i] === 0x2d) i++;
      if (i < input.length && input[i] === 0x49) throw new JCSError("non-finite-number", start, "Infinity is not a JSON number");
      if (!(i < input.length && isDigit(input[i]))) throw new JCSError("invalid-number", start, "'-' must be followed by a digit");
      if (input[i] === 0x30) {
        i++;
        if (i < input.length && isDigit(input[i])) throw new JCSError("invalid-number", start, "leading zeros are not allowed");
      } else {
        digits();
      }
      const integerEnd = i;
      let fractionEnd = i;
      if (i < input.length && input[i] === 0x2e) {
        i++;
        if (digits() === 0) throw new JCSError("invalid-number", start, "'.' must be followed by a digit");
        fractionEnd = i;
      }
      if (i < input.length && (input[i] | 0x20) === 0x65) {
        i++;
        if (i < input.length && (input[i] === 0x2b || input[i] === 0x2d)) i++;
        if (digits() === 0) throw new JCSError("invalid-number", start, "an exponent needs digits");
      }
      if (i - start > this.limits.maxNumberLength) {
        throw new JCSError("number-too-long", start, `number literal of ${i - start} bytes, the limit is ${this.limits.maxNumberLength}`);
      }
      let literal = "";
      for (let k = start; k < i; k++) literal += String.fromCharCode(input[k]);
      // The grammar is checked above; Number() is correctly rounded (ECMA-262 StringToNumber).
      const value = Number(literal);
      if (!Number.isFinite(value)) throw new JCSError("number-out-of-range", start, "magnitude beyond the largest IEEE-754 double");
      if (value === 0) {
        for (let k = start; k < fractionEnd; k++) {
          if (input[k] >= 0x31 && input[k] <= 0x39) {
            throw new JCSError("number-out-of-range", start, "non-zero number below the smallest IEEE-754 double");
          }
        }
      }
      this.pos = i;
      return value;
    }

    hexEscape(offset) {
      const input = this.input;
      if (offset + 6 > input.length) throw this.truncated("incomplete \\u escape");
      let v = 0;
      for (let k = offset + 2; k < offset + 6; k++) {
        const b = input[k];
        let d;
        if (b >= 0x30 && b <= 0x39) d = b - 0x30;
        else if (b >= 0x61 && b <= 0x66) d = b - 0x61 + 10;
        else if (b >= 0x41 && b <= 0x46) d = b - 0x41 + 10;
        else throw new JCSError("invalid-escape", offset, "\\u must be followed by four hex digits");
        v = (v << 4) | d;
      }
      return v;
    }

    // Length of the well-formed UTF-8 sequence at `offset` (Unicode Table 3-7), lead byte ≥ 0x80.
    utf8Length(offset) {
      const input = this.input, lead = input[offset];
      let lo = 0x80, hi = 0xbf, length;
      if (lead >= 0xc2 && lead <= 0xdf) length = 2;
      else if (lead === 0xe0) { lo = 0xa0; length = 3; }
      else if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) length = 3;
      else if (lead === 0xed) { hi = 0x9f; length = 3; }
      else if (lead === 0xf0) { lo = 0x90; length = 4; }
      else if (lead >= 0xf1 && lead <= 0xf3) length = 4;
      else if (lead === 0xf4) { hi = 0x8f; length = 4; }
      else throw new JCSError("invalid-utf8", offset, `byte 0x${hex2(lead)} cannot start a UTF-8 sequence`);
      if (offset + length > input.length) throw new JCSError("invalid-utf8", offset, "UTF-8 sequence cut short by the end of input");
      if (lead === 0xed && input[offset + 1] >= 0xa0 && input[offset + 1] <= 0xbf) {
        throw new JCSError("lone-surrogate", offset,
          `UTF-8-encoded surrogate (bytes ED ${hex2(input[offset + 1])} …); surrogates are not characters`);
      }
      let ok = input[offset + 1] >= lo && input[offset + 1] <= hi;
      for (let k = offset + 2; ok && k < offset + length; k++) ok = input[k] >= 0x80 && input[k] <= 0xbf;
      if (!ok) throw new JCSError("invalid-utf8", offset, `ill-formed UTF-8 sequence starting with byte 0x${hex2(lead)}`);
      return length;
    }

    // A string: its text and its length in UTF-8 bytes (the limit counts bytes after unescaping).
    string() {
      const input = this.input, start = this.pos, max = this.limits.maxStringLength;
      // The common case first: printable ASCII without escapes up to the closing quote, within
      // the limit. Anything else (escapes, non-ASCII, controls, the end of input, too long) goes
      // through the general loop below from the start, which decides and words every error.
      let i = start + 1;
      const n = input.length;
      while (i < n) {
        const b = input[i];
        if (b === 0x22 || b === 0x5c || b < 0x20 || b >= 0x80) break;
        i++;
      }
      if (i < n && input[i] === 0x22 && i - start - 1 <= max && i - start - 1 <= 4096) {
        this.pos = i + 1;
        return { text: String.fromCharCode.apply(null, input.subarray(start + 1, i)), bytes: i - start - 1 };
      }
      this.pos++;
      let text = "", bytes = 0, runStart = this.pos;
      const flush = (end) => {
        // ASCII run [runStart, end): appended in pieces to bound the argument count.
        for (let k = runStart; k < end; k += 4096) {
          text += String.fromCharCode.apply(null, input.subarray(k, Math.min(end, k + 4096)));
        }
      };
      for (;;) {
        if (this.pos >= input.length) throw this.truncated(`unterminated string starting at offset ${start}`);
        const b = input[this.pos];
        if (b === 0x22) {
          flush(this.pos);
          this.pos++;
          return { text, bytes };
        }
        if (b >= 0x20 && b < 0x80 && b !== 0x5c) {
          this.pos++;
          bytes++;
        } else if (b === 0x5c) {
          flush(this.pos);
          const escape = this.pos;
          if (this.pos + 1 >= input.length) throw this.truncated("unterminated escape");
          const c = input[this.pos + 1];
          const simple = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 }[c];
          if (simple !== undefined) {
            text += String.fromCharCode(simple);
            bytes++;
            this.pos += 2;
          } else if (c === 0x75) {
            let scalar = this.hexEscape(this.pos);
            this.pos += 6;
            if (scalar >= 0xd800 && scalar <= 0xdbff) {
              if (!(this.pos + 1 < input.length && input[this.pos] === 0x5c && input[this.pos + 1] === 0x75)) {
                throw new JCSError("lone-surrogate", escape, `\\u${hex4(scalar)} is a high surrogate without a low surrogate after it`);
              }
              const low = this.hexEscape(this.pos);
              if (!(low >= 0xdc00 && low <= 0xdfff)) {
                throw new JCSError("lone-surrogate", escape, `\\u${hex4(scalar)} is a high surrogate followed by \\u${hex4(low)}`);
              }
              scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low - 0xdc00);
              this.pos += 6;
            } else if (scalar >= 0xdc00 && scalar <= 0xdfff) {
              throw new JCSError("lone-surrogate", escape, `\\u${hex4(scalar)} is a low surrogate without a high surrogate before it`);
            }
            text += String.fromCodePoint(scalar);
            bytes += scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4;
          } else {
            throw new JCSError("invalid-escape", escape, `\\${this.describeBare(this.pos + 1)} is not a JSON escape`);
          }
          runStart = this.pos;
        } else if (b < 0x20) {
          throw new JCSError("control-character-in-string", this.pos,
            `raw control character U+${hex4(b)} in a string; it must be escaped`);
        } else {
          flush(this.pos);
          const n = this.utf8Length(this.pos);
          let cp;
          if (n === 2) cp = ((b & 0x1f) << 6) | (input[this.pos + 1] & 0x3f);
          else if (n === 3) cp = ((b & 0x0f) << 12) | ((input[this.pos + 1] & 0x3f) << 6) | (input[this.pos + 2] & 0x3f);
          else cp = ((b & 0x07) << 18) | ((input[this.pos + 1] & 0x3f) << 12) | ((input[this.pos + 2] & 0x3f) << 6) | (input[this.pos + 3] & 0x3f);
          text += String.fromCodePoint(cp);
          this.pos += n;
          bytes += n;
          runStart = this.pos;
        }
        if (bytes > max) throw new JCSError("string-too-long", start, `string longer than ${max} UTF-8 bytes`);
      }
    }
  }

  // Parses one JSON text from UTF-8 bytes (a Uint8Array) under `limits` (defaults: LIMITS).
  function parse(bytes, limits) {
    if (!(bytes instanceof Uint8Array)) throw new TypeError("jcs.parse takes a Uint8Array");
    return new Parser(bytes, Object.assign({}, LIMITS, limits || {})).document();
  }

  // ECMAScript Number::toString is RFC 8785 §3.2.2.3's number form (both zeros print "0").
  function numberString(x) {
    if (!Number.isFinite(x)) return null;
    return String(x);
  }

  // RFC 8785 §3.2.2.2: \b \t \n \f \r \" \\ as two characters, other controls as \u00xx,
  // everything else as itself.
  function quote(s) {
    let out = "\"", run = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
      out += s.slice(run, i);
      run = i + 1;
      switch (c) {
        case 0x22: out += "\\\""; break;
        case 0x5c: out += "\\\\"; break;
        case 0x08: out += "\\b"; break;
        case 0x09: out += "\\t"; break;
        case 0x0a: out += "\\n"; break;
        case 0x0c: out += "\\f"; break;
        case 0x0d: out += "\\r"; break;
        default: out += "\\u00" + (c < 16 ? "0" : "") + c.toString(16);
      }
    }
    return out + s.slice(run) + "\"";
  }

  // Members sorted by their names' UTF-16 code units (RFC 8785 §3.2.3): JavaScript's default
  // string comparison is exactly that.
  function sortedKeys(o) {
    return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  // The JSON Pointer of the value being written is kept as a stack of reference tokens and
  // spelled out only for an error (building it for every member showed in profiles).
  const pointer = [];
  const pointerText = () => pointer.map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");

  function write(v) {
    if (v === null) return "null";
    if (v === true) return "true";
    if (v === false) return "false";
    if (typeof v === "number") {
      const s = numberString(v);
      if (s === null) throw new JCSError("non-finite-number", null, `${v} at ${pointerText() || "/"} has no JSON form (RFC 8785 §3.2.2.3)`);
      return s;
    }
    if (typeof v === "string") return quote(v);
    if (Array.isArray(v)) {
      let out = "[";
      for (let i = 0; i < v.length; i++) {
        pointer.push(i);
        out += (i > 0 ? "," : "") + write(v[i]);
        pointer.pop();
      }
      return out + "]";
    }
    if (isObject(v)) {
      const keys = sortedKeys(v);
      let out = "{", first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i], x = v[k];
        if (x === undefined) continue;
        pointer.push(k);
        out += (first ? "" : ",") + quote(k) + ":" + write(x);
        pointer.pop();
        first = false;
      }
      return out + "}";
    }
    throw new TypeError(`jcs.serialize: ${typeof v} is not a JSON value`);
  }

  // Entry point of a serialization: the pointer stack starts empty even after an error.
  function writeTop(v) {
    pointer.length = 0;
    return write(v);
  }

  const encoder = new TextEncoder();

  // The canonical form of object `o` as a string, and that of `o` without member `key` (exactly
  // what write() gives for a copy of `o` without it: members are serialized independently), from
  // one serialization of the members.
  function serializeWithout(o, key) {
    const keys = sortedKeys(o);
    let full = "{", without = "{";
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i], v = o[k];
      if (v === undefined) continue;
      pointer.length = 0;
      pointer.push(k);
      const member = quote(k) + ":" + write(v);
      full += full.length > 1 ? "," + member : member;
      if (k !== key) without += without.length > 1 ? "," + member : member;
    }
    return { full: full + "}", without: without + "}" };
  }

  // True when string `s` encodes in UTF-8 to exactly `bytes` (without encoding it when both are
  // ASCII, the common case).
  function stringEqualsBytes(s, bytes) {
    if (s.length === bytes.length) {
      let ascii = true;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80 || bytes[i] >= 0x80) { ascii = false; break; }
        if (c !== bytes[i]) return false;
      }
      if (ascii) return true;
    }
    return bytesEqual(encoder.encode(s), bytes);
  }

  // The canonical form as a string, and as UTF-8 bytes.
  function serialize(v) { return writeTop(v); }
  function canonicalBytes(v) { return encoder.encode(writeTop(v)); }
  function canonicalize(bytes, limits) { return canonicalBytes(parse(bytes, limits)); }

  // Typed member access as Sources/EvidentBundle/Manifest.swift's JCSObject extension.
  function string(o, key) {
    if (!isObject(o)) return null;
    const v = Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
    return typeof v === "string" ? v : null;
  }
  // A non-negative integer exact in a double.
  function uint(o, key) {
    if (!isObject(o)) return null;
    const v = Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
    if (typeof v !== "number" || !(v >= 0) || v > 9007199254740991 || v !== Math.round(v)) return null;
    return v;
  }
  function has(o, key) { return isObject(o) && Object.prototype.hasOwnProperty.call(o, key); }
  function member(o, key) { return has(o, key) ? o[key] : undefined; }

  // ---- base64 (RFC 4648 §4, padded, canonical: unused bits zero, as EvidentDER's Base64)
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const B64V = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < 64; i++) B64V[B64.charCodeAt(i)] = i;

  // Decodes a string (or ASCII bytes); null when it is not canonical padded base64.
  function base64Decode(text) {
    const input = typeof text === "string" ? text : String.fromCharCode.apply(null, text);
    if (input.length % 4 !== 0) return null;
    const out = new Uint8Array((input.length / 4) * 3);
    let o = 0;
    for (let i = 0; i < input.length; i += 4) {
      const last = i + 4 === input.length;
      const padding = last ? (input.charCodeAt(i + 3) === 0x3d ? (input.charCodeAt(i + 2) === 0x3d ? 2 : 1) : 0) : 0;
      let v = 0;
      for (let j = 0; j < 4 - padding; j++) {
        const c = input.charCodeAt(i + j);
        const d = c < 256 ? B64V[c] : 0xff;
        if (d === 0xff) return null;
        v = (v << 6) | d;
      }
      if (padding === 0) {
        out[o++] = (v >>> 16) & 0xff; out[o++] = (v >>> 8) & 0xff; out[o++] = v & 0xff;
      } else if (padding === 1) {
        if (v & 0x3) return null;
        out[o++] = (v >>> 10) & 0xff; out[o++] = (v >>> 2) & 0xff;
      } else {
        if (v & 0xf) return null;
        out[o++] = (v >>> 4) & 0xff;
      }
    }
    return out.subarray(0, o);
  }

  function base64Encode(bytes) {
    let s = "";
    let i = 0;
    for (; i + 3 <= bytes.length; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + B64[(v >>> 6) & 63] + B64[v & 63];
    }
    if (bytes.length - i === 1) {
      const v = bytes[i] << 16;
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + "==";
    } else if (bytes.length - i === 2) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      s += B64[v >>> 18] + B64[(v >>> 12) & 63] + B64[(v >>> 6) & 63] + "=";
    }
    return s;
  }

  // Hex.decode of EvidentCore: an optional 0x prefix, pairs of hex digits of either case.
  function hexDecode(text) {
    let s = text;
    if (s.length >= 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X")) s = s.slice(2);
    if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
    return out;
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  E.jcs = {
    LIMITS, JCSError, parse, serialize, serializeWithout, stringEqualsBytes, encode: (s) => encoder.encode(s),
    canonicalBytes, canonicalize, numberString, quote,
    isObject, string, uint, has, member,
    base64Decode, base64Encode, hexDecode, bytesEqual,
  };
})(globalThis.Evident = globalThis.Evident || {});
