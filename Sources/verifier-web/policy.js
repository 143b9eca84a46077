"use strict";
// E.policy: witness policies (c2sp.org/tlog-policy): the logs accepted, the witnesses known and
// the quorum of cosignatures a checkpoint needs, as Sources/EvidentLedger/Witness/WitnessPolicy.swift
// and PolicyError.swift, rule for rule and message for message (docs/witness-policy.md).
//
//   log <vkey> [<url>]               a log (type 0x01); its key name is the log's origin
//   witness <name> <vkey> [<url>]    a witness (type 0x04: cosignature/v1); <name> labels it
//   group <name> all|any|<k> <member>...
//   quorum <name>|none               exactly once
//
// The file is octets that must be UTF-8; names are compared as exact strings (the same bytes,
// never Unicode equivalence); the only control characters allowed are tab and newline. A group
// or the quorum may only name what is defined above it; each name is a member of at most one
// group in the whole file; `none` is reserved.
(function (E) {
  const MAX_SIZE = 64 * 1024;
  const MAX_ENTRIES = 256;

  class PolicyError extends Error {
    constructor(code, line, detail) {
      super(line === null || line === undefined ? `policy: ${detail}` : `policy line ${line}: ${detail}`);
      this.name = "PolicyError";
      this.code = code;
      this.line = line === undefined ? null : line;
      this.detail = detail;
    }
  }
  const SYNTAX = "policy-syntax", DUPLICATE = "policy-duplicate", UNDEFINED = "policy-undefined-name",
    INVALID_KEY = "policy-invalid-key", TOO_LARGE = "policy-too-large";

  const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  // Swift's `keyword.hasPrefix("#")` compares Characters: "#" followed by a combining mark (or
  // U+FE0F, as in a keycap emoji) is another Character, not a comment.
  const graphemes = typeof Intl === "object" && typeof Intl.Segmenter === "function"
    ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function isComment(word) {
    if (!word.startsWith("#")) return false;
    if (!graphemes) return true;
    for (const g of graphemes.segment(word)) return g.segment === "#";
    return false;
  }

  const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  class WitnessPolicy {
    constructor(logs, witnesses, groups, quorum) {
      this.logs = logs; // [{key, url}]
      this.witnesses = witnesses; // [{name, key, url}]
      this.groups = groups; // [{name, threshold, members}]
      this.quorum = quorum; // a witness or group name, or null for `quorum none`
    }

    // Checks a parsed signed note (E.note.parse) against the policy: the log's signature must
    // verify under a policy log whose name is `origin` (or under `logKeys` when the policy lists
    // no logs); every cosignature line by a policy witness must verify (a failing one makes the
    // note malformed: invalid-signature); then the quorum is counted. Throws E.note.NoteError.
    // Resolves to {logKeys, cosigners: [{name, key, timestamp (BigInt)}], quorumMet,
    // explanation, cosignerList}.
    async evaluate(note, origin, logKeys) {
      const accepted = this.logs.length === 0 ? (logKeys || []) : this.logs.map((l) => l.key).filter((k) => k.name === origin);
      if (accepted.length === 0) {
        throw new E.note.NoteError("no-trusted-signature", null, `the policy lists no log for the origin ${origin}`);
      }
      const logVerified = await E.note.verify(note, accepted);
      const verified = await E.note.verifiedSignatures(note, this.witnesses.map((w) => w.key));
      const cosigners = [];
      for (const w of this.witnesses) {
        if (!verified.includes(w.key)) continue;
        const line = note.signatures.find((s) => E.note.matches(w.key, s));
        const timestamp = line ? E.note.cosignatureTimestamp(line.signature) : null;
        if (timestamp === null) continue;
        cosigners.push({ name: w.name, key: w.key, timestamp });
      }
      const [met, explanation] = this.count(this.quorum, new Set(cosigners.map((c) => c.name)));
      return { logKeys: logVerified, cosigners, quorumMet: met, explanation, cosignerList: cosignerList(cosigners) };
    }

    // Whether `name` is met given the witnesses that `signed`, with the reason in words.
    count(name, signed) {
      if (name === null) return [true, "the quorum is none: no cosignature is required"];
      if (this.witnesses.some((w) => w.name === name)) {
        return signed.has(name) ? [true, `${name} cosigned`] : [false, `${name} did not cosign`];
      }
      const group = this.groups.find((g) => g.name === name);
      const parts = group.members.map((m) => this.count(m, signed));
      const met = parts.filter((p) => p[0]).length;
      const detail = parts.map((p) => p[1]).join("; ");
      return [met >= group.threshold,
        `group ${name} needs ${group.threshold} of ${group.members.length} and has ${met}: [${detail}]`];
    }
  }

  // The cosigners in words, each with its cosignature's time (UTC), or "none"
  // (WitnessPolicy.Evaluation.cosignerList).
  function cosignerList(cosigners) {
    if (cosigners.length === 0) return "none";
    return cosigners.map((c) => `${c.name} (${c.key.name}, cosigned ${E.note.describeCosignatureTime(c.timestamp)})`).join(", ");
  }

  // Parses a policy file (bytes); a line that breaks a rule is named with its number.
  function parse(bytes) {
    if (bytes.length > MAX_SIZE) throw new PolicyError(TOO_LARGE, null, `the policy is ${bytes.length} bytes, the limit is ${MAX_SIZE}`);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a) || b === 0x7f) {
        let line = 1;
        for (let k = 0; k < i; k++) if (bytes[k] === 0x0a) line++;
        throw new PolicyError(SYNTAX, line, `control character 0x${b.toString(16).padStart(2, "0")}: only tab and newline are allowed`);
      }
    }
    let text;
    try { text = strictDecoder.decode(bytes); } catch (e) {
      throw new PolicyError(SYNTAX, null, "the policy is not UTF-8 (Evident reads names as UTF-8 and compares their bytes)");
    }
    const lines = text.split("\n");
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0a) lines.pop();
    const p = { logs: [], witnesses: [], groups: [], quorum: undefined, used: new Set() };
    lines.forEach((line, n) => {
      const words = line.split(/[ \t]/).filter((w) => w.length > 0);
      if (words.length === 0 || isComment(words[0])) return;
      parseLine(p, words[0], words.slice(1), n + 1);
    });
    if (p.quorum === undefined) throw new PolicyError(SYNTAX, null, "the policy has no quorum line");
    return new WitnessPolicy(p.logs, p.witnesses, p.groups, p.quorum);
  }

  function parseLine(p, keyword, args, line) {
    switch (keyword) {
      case "log": {
        if (args.length < 1 || args.length > 2) throw new PolicyError(SYNTAX, line, "log <vkey> [<url>]");
        const key = vkey(args[0], E.note.ED25519_TYPE, line);
        if (p.logs.some((l) => sameBytes(l.key.publicKey, key.publicKey))) {
          throw new PolicyError(DUPLICATE, line, "a second log with the same public key");
        }
        limit(p.logs.length, "logs", line);
        p.logs.push({ key, url: args.length === 2 ? args[1] : null });
        return;
      }
      case "witness": {
        if (args.length < 2 || args.length > 3) throw new PolicyError(SYNTAX, line, "witness <name> <vkey> [<url>]");
        const name = newName(p, args[0], line);
        const key = vkey(args[1], E.note.COSIGNATURE_V1_TYPE, line);
        if (p.witnesses.some((w) => sameBytes(w.key.publicKey, key.publicKey))) {
          throw new PolicyError(DUPLICATE, line, "a second witness with the same public key");
        }
        limit(p.witnesses.length, "witnesses", line);
        p.witnesses.push({ name, key, url: args.length === 3 ? args[2] : null });
        return;
      }
      case "group": {
        if (args.length < 3) throw new PolicyError(SYNTAX, line, "group <name> all|any|<k> <name>... (at least one member)");
        const name = newName(p, args[0], line);
        const members = args.slice(2).map((m) => defined(p, m, line));
        for (const m of members) {
          if (p.used.has(m)) throw new PolicyError(DUPLICATE, line, `${m} is already a member of a group`);
          p.used.add(m);
        }
        let threshold;
        if (args[1] === "all") threshold = members.length;
        else if (args[1] === "any") threshold = 1;
        else {
          // Swift: Int(k) parses, String(k) == k (no sign, no leading zeros), 1 <= k <= n.
          if (!/^[1-9][0-9]*$/.test(args[1]) || BigInt(args[1]) > BigInt(members.length)) {
            throw new PolicyError(SYNTAX, line,
              `the threshold is all, any or a decimal k with 1 <= k <= ${members.length}, not ${args[1]}`);
          }
          threshold = Number(args[1]);
        }
        limit(p.groups.length, "groups", line);
        p.groups.push({ name, threshold, members });
        return;
      }
      case "quorum": {
        if (args.length !== 1) throw new PolicyError(SYNTAX, line, "quorum <name>");
        if (p.quorum !== undefined) throw new PolicyError(DUPLICATE, line, "a second quorum line");
        p.quorum = args[0] === "none" ? null : defined(p, args[0], line);
        return;
      }
      default:
        throw new PolicyError(SYNTAX, line, `unknown keyword ${keyword} (log, witness, group, quorum)`);
    }
  }

  function vkey(text, type, line) {
    let key;
    try { key = E.note.parseVerifierKey(text); } catch (e) {
      if (!(e instanceof E.note.NoteError)) throw e;
      throw new PolicyError(INVALID_KEY, line, e.detail);
    }
    if (key.type !== type) {
      throw new PolicyError(INVALID_KEY, line, type === E.note.ED25519_TYPE
        ? `a log key has signature type 0x01 (Ed25519), not 0x0${key.type}`
        : `a witness key has signature type 0x04 (Ed25519 cosignature/v1), not 0x0${key.type}`);
    }
    return key;
  }

  function newName(p, text, line) {
    if (text === "none") throw new PolicyError(SYNTAX, line, "none is reserved");
    if (p.witnesses.some((w) => w.name === text) || p.groups.some((g) => g.name === text)) {
      throw new PolicyError(DUPLICATE, line, `${text} is already defined`);
    }
    return text;
  }

  function defined(p, text, line) {
    if (!p.witnesses.some((w) => w.name === text) && !p.groups.some((g) => g.name === text)) {
      throw new PolicyError(UNDEFINED, line, `${text} is not a witness or group defined on an earlier line`);
    }
    return text;
  }

  function limit(count, what, line) {
    if (count >= MAX_ENTRIES) throw new PolicyError(TOO_LARGE, line, `more than ${MAX_ENTRIES} ${what}`);
  }

  E.policy = { PolicyError, WitnessPolicy, MAX_SIZE, MAX_ENTRIES, parse, cosignerList };
})(globalThis.Evident = globalThis.Evident || {});
