"use strict";
// E.tar: the bundle container — an uncompressed ustar archive of regular files — read from a
// Blob (a File) with blob.slice(...).arrayBuffer(): headers are indexed one block at a time and
// contents read on demand, so memory never grows with the archive. Every rule and limit of
// Sources/EvidentBundle/Tar.swift, TarArchive.swift and BundleLimits.swift (docs/bundle.md,
// "Container" and "Reading limits"), failing with the same check names: archive, archive-path,
// archive-duplicate, archive-link, archive-type, archive-limit, io. Also the JSON-lines reader of
// JSONLinesReader.swift (one chunk and at most one partial line in memory).
(function (E) {
  const BLOCK = 512;
  const GiB = 1024 * 1024 * 1024;
  const LIMITS = Object.freeze({
    maxEntries: 200000,
    maxEntrySize: 64 * GiB,
    maxTotalSize: 128 * GiB,
    maxLineLength: 1 << 20,
  });
  const MAX_NAME_LENGTH = 256;

  // Names and constants of bundle formats v2 to v5 (BundleFormat): v3 is v2 plus witnesses'
  // cosigned checkpoint notes; v4 is v3 plus RFC 4998 evidence records of the anchors; v5 proves
  // every receipt with one multi-proof (leaves.jsonl, boundary/leaves.jsonl, multiproof.bin).
  const FORMAT = Object.freeze({
    formatName: "evident-bundle",
    version: 2,
    cosignedVersion: 3,
    evidenceRecordVersion: 4,
    compactVersion: 5,
    readableVersions: Object.freeze([2, 3, 4, 5]),
    manifest: "manifest.json",
    receipts: "receipts.jsonl",
    proofs: "proofs.jsonl",
    consistency: "checkpoints/consistency.jsonl",
    keyJournal: "keys/journal.jsonl",
    boundaryReceipts: "boundary/receipts.jsonl",
    boundaryProofs: "boundary/proofs.jsonl",
    verifyText: "VERIFY",
    leaves: "leaves.jsonl",
    boundaryLeaves: "boundary/leaves.jsonl",
    multiProof: "multiproof.bin",
    isCompact: (version) => version >= 5,
    checkpointNote: (size) => `checkpoints/${size}.note`,
    // The checkpoint's note followed by witnesses' cosignature lines (v3).
    cosignedNote: (size) => `checkpoints/${size}.cosigned.note`,
    // An RFC 4998 evidence record of anchor <size>-<n>, slot <slot> (v4).
    evidenceRecord: (size, n, slot) => `evidence-records/${size}-${n}.${slot}.ers`,
  });

  // The largest entry of each small kind, checked on its header before anything is read.
  function maxSize(name) {
    switch (name) {
      case FORMAT.manifest: return 32 << 20;
      case FORMAT.keyJournal: return 16 << 20;
      case FORMAT.consistency: return 64 << 20;
      case FORMAT.boundaryReceipts: case FORMAT.boundaryProofs: return 1 << 20;
      case FORMAT.boundaryLeaves: return 1 << 10;
      case FORMAT.verifyText: return 64 << 20;
    }
    if (name.endsWith(".note")) return 64 << 10;
    if (name.endsWith(".tsr") || name.endsWith(".tsq")) return 1 << 20;
    if (name.endsWith(".chain.pem")) return 4 << 20;
    if (name.endsWith(".revocation.pem")) return 64 << 20;
    if (name.endsWith(".pub.json")) return 64 << 10;
    if (name.endsWith(".ers")) return 16 << 20; // ArchiveLimits.maxRecordSize
    return null;
  }

  const isSize = (s) => s.length > 0 && s.length <= 20 && /^[0-9]+$/.test(s);

  // The one reading of a checkpoint note's entry name (BundleFormat.checkpointDigits): its size
  // digits and whether it is the witnesses' cosigned note; null for any other name.
  function checkpointDigits(name) {
    const parts = name.split("/");
    if (parts.length !== 2 || parts[0] !== "checkpoints" || !parts[1].endsWith(".note")) return null;
    const cosigned = parts[1].endsWith(".cosigned.note");
    const digits = parts[1].slice(0, cosigned ? -".cosigned.note".length : -".note".length);
    return isSize(digits) ? { digits, cosigned } : null;
  }

  // The plain checkpoint-note entry name `checkpoints/<size>.note` (BundleFormat.isCheckpointNote).
  function isCheckpointNote(name) {
    const entry = checkpointDigits(name);
    return entry !== null && !entry.cosigned;
  }

  // The size a checkpoint note's entry name states, as a BigInt read like Swift's UInt64(digits)
  // (leading zeros dropped), and its kind; null for any other name or a size over 2^64 − 1
  // (BundleFormat.checkpointEntry).
  function checkpointEntry(name) {
    const entry = checkpointDigits(name);
    if (entry === null) return null;
    const size = BigInt(entry.digits);
    return size > 18446744073709551615n ? null : { size, cosigned: entry.cosigned };
  }

  // Whether `name` is an entry the format (of that version) defines (BundleFormat.isEntryName).
  function isEntryName(name, version = FORMAT.version) {
    if ([FORMAT.manifest, FORMAT.receipts, FORMAT.consistency, FORMAT.keyJournal,
      FORMAT.boundaryReceipts, FORMAT.verifyText].includes(name)) return true;
    // The proofs: one per receipt (v2–v4), or one multi-proof with the leaf indices (v5).
    const proofEntries = FORMAT.isCompact(version) ? [FORMAT.leaves, FORMAT.boundaryLeaves, FORMAT.multiProof]
      : [FORMAT.proofs, FORMAT.boundaryProofs];
    if (proofEntries.includes(name)) return true;
    const digits = isSize;
    const parts = name.split("/");
    if (parts.length !== 2) return false;
    const [dir, file] = parts;
    if (dir === "checkpoints") {
      const entry = checkpointDigits(name);
      return entry !== null && (!entry.cosigned || version >= FORMAT.cosignedVersion);
    }
    if (dir === "evidence-records") {
      if (version < FORMAT.evidenceRecordVersion || !file.endsWith(".ers")) return false;
      const stem = file.slice(0, -4).split(".");
      if (stem.length !== 2 || !digits(stem[1])) return false;
      const anchor = stem[0].split("-");
      return anchor.length === 2 && digits(anchor[0]) && digits(anchor[1]);
    }
    if (dir === "keys") return file.endsWith(".pub.json") && digits(file.slice(0, -9));
    if (dir === "anchors") {
      for (const suffix of [".tsr", ".tsq", ".chain.pem", ".revocation.pem"]) {
        if (file.endsWith(suffix)) {
          const stem = file.slice(0, -suffix.length).split("-");
          return stem.length === 2 && digits(stem[0]) && digits(stem[1]);
        }
      }
      return false;
    }
    return false;
  }

  const CHECKS = { structure: "archive", path: "archive-path", duplicate: "archive-duplicate", link: "archive-link",
    type: "archive-type", limit: "archive-limit", io: "io" };

  class TarError extends Error {
    constructor(kind, object, detail) {
      super(`${CHECKS[kind]}: ${object}: ${detail}`);
      this.name = "TarError";
      this.kind = kind;
      this.check = CHECKS[kind];
      this.object = object;
      this.detail = detail;
    }
  }

  const latin = new TextDecoder("utf-8", { ignoreBOM: true });  // a leading BOM kept, as in Swift

  // Reads [offset, offset + length) of the blob; an I/O failure or a short read is `io`.
  async function readRange(blob, offset, length, name) {
    let buffer;
    try {
      buffer = await blob.slice(offset, offset + length).arrayBuffer();
    } catch (e) {
      throw new TarError("io", name, `read failed: ${e && e.message ? e.message : e}`);
    }
    if (buffer.byteLength !== length) throw new TarError("io", name, "the archive changed while being read");
    return new Uint8Array(buffer);
  }

  // An octal numeric field: optional leading spaces, octal digits, then NUL or space padding.
  // A BigInt, or null.
  function octalField(field) {
    let i = 0;
    while (i < field.length && field[i] === 0x20) i++;
    let j = i;
    while (j < field.length && field[j] !== 0 && field[j] !== 0x20) j++;
    if (j === i || j - i > 22) return null;
    let v = 0n;
    for (let k = i; k < j; k++) {
      if (field[k] < 0x30 || field[k] > 0x37) return null;
      v = v * 8n + BigInt(field[k] - 0x30);
    }
    return v <= 0xffffffffffffffffn ? v : null;
  }

  function cField(h, from, to) {
    let end = from;
    while (end < to && h[end] !== 0) end++;
    return h.subarray(from, end);
  }

  // The entry name (prefix "/" name) checked against the path rules.
  function entryName(h) {
    const prefix = cField(h, 345, 500), base = cField(h, 0, 100);
    let bytes;
    if (prefix.length === 0) {
      bytes = base;
    } else {
      bytes = new Uint8Array(prefix.length + 1 + base.length);
      bytes.set(prefix, 0);
      bytes[prefix.length] = 0x2f;
      bytes.set(base, prefix.length + 1);
    }
    const name = latin.decode(bytes);
    checkPath(bytes, name);
    return name;
  }

  function checkPath(bytes, name) {
    if (bytes.length === 0 || bytes.length > MAX_NAME_LENGTH) throw new TarError("path", name, "empty or too long");
    if (bytes[0] === 0x2f) throw new TarError("path", name, "absolute path");
    for (const b of bytes) {
      const ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
        b === 0x2e || b === 0x5f || b === 0x2d || b === 0x2b || b === 0x2f;
      if (!ok) throw new TarError("path", name, "characters outside [A-Za-z0-9._+/-]");
    }
    for (const component of name.split("/")) {
      if (component === "" || component === "." || component === "..") {
        throw new TarError("path", name, "empty, '.' or '..' path component");
      }
    }
  }

  const isZero = (b) => { for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false; return true; };

  class Archive {
    constructor(blob, name) {
      this.blob = blob;
      this.name = name;
      this.entries = [];
      this.byName = new Map();
    }
    contains(name) { return this.byName.has(name); }
    entry(name) { return this.byName.has(name) ? this.entries[this.byName.get(name)] : null; }

    // The whole contents of an entry (for the small ones), or null when absent.
    async bytes(name) {
      const e = this.entry(name);
      if (!e) return null;
      if (e.size > 0x7fffffff) throw new TarError("limit", name, "too large to read whole");
      return readRange(this.blob, e.offset, e.size, name);
    }

    // Calls `body(chunk)` with the contents of an entry in chunks of at most `chunk` bytes.
    async forEachChunk(name, body, chunk) {
      const e = this.entry(name);
      if (!e) return;
      chunk = chunk || (4 << 20);
      // The next chunk is read while `body` works on this one (at most two in memory).
      const read = (done) => {
        if (done >= e.size) return null;
        const p = readRange(this.blob, e.offset + done, Math.min(chunk, e.size - done), name);
        p.catch(() => {}); // awaited below; a failure is reported there
        return p;
      };
      let next = read(0);
      for (let done = 0; done < e.size;) {
        const n = Math.min(chunk, e.size - done);
        const bytes = await next;
        next = read(done + n);
        await body(bytes);
        done += n;
      }
    }

    // A JSON-lines reader over an entry (absent: no lines).
    lines(name, maxLineLength, chunk) { return new LinesReader(this, name, maxLineLength, chunk); }
  }

  // Opens `blob` as a bundle archive under `limits`: every header checked, contents skipped.
  async function open(blob, limits, name) {
    limits = Object.assign({}, LIMITS, limits || {});
    const path = name || blob.name || "bundle";
    const archive = new Archive(blob, path);
    const fileSize = blob.size;
    if (fileSize > limits.maxTotalSize) {
      throw new TarError("limit", path, `${fileSize} bytes, more than the ${limits.maxTotalSize}-byte limit`);
    }
    let position = 0;
    const nextBlock = async () => {
      if (position === fileSize) return null;
      if (position + BLOCK > fileSize) throw new TarError("structure", path, "truncated archive");
      const b = await readRange(blob, position, BLOCK, path);
      position += BLOCK;
      return b;
    };
    let total = 0n;
    for (;;) {
      const h = await nextBlock();
      if (h === null) throw new TarError("structure", path, "no end-of-archive marker");
      if (isZero(h)) {
        const second = await nextBlock();
        if (second === null || !isZero(second)) throw new TarError("structure", path, "a zero block not followed by a second one");
        // Whatever follows the end marker must be zero padding: no hidden data. Read in large
        // pieces (a block at a time would be slow), checked block by block.
        while (position < fileSize) {
          if (position + BLOCK > fileSize) throw new TarError("structure", path, "truncated archive");
          const n = Math.min(fileSize - position, 1 << 20) - (Math.min(fileSize - position, 1 << 20) % BLOCK);
          const more = await readRange(blob, position, n, path);
          if (!isZero(more)) throw new TarError("structure", path, "data after the end-of-archive marker");
          position += n;
        }
        return archive;
      }
      const entry = entryName(h);
      const stored = octalField(h.subarray(148, 156));
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
      if (stored === null || stored !== BigInt(sum)) throw new TarError("structure", entry, "header checksum mismatch");
      const magic = h.subarray(257, 263);
      const ustar = [0x75, 0x73, 0x74, 0x61, 0x72];
      const isUstar = ustar.every((b, i) => magic[i] === b) && (magic[5] === 0 || magic[5] === 0x20);
      if (!isUstar) throw new TarError("structure", entry, "not a ustar header");
      const type = h[156];
      if (type === 0x31 || type === 0x32) throw new TarError("link", entry, "links are not allowed in a bundle");
      if (type !== 0x30 && type !== 0) {
        throw new TarError("type", entry, `entry type '${String.fromCharCode(type)}': only regular files are allowed`);
      }
      const mode = octalField(h.subarray(100, 108));
      if (mode === null || (mode & 0o7777n) !== 0o644n) {
        throw new TarError("type", entry, `mode ${latin.decode(cField(h, 100, 108))}: bundle entries are regular files with mode 0644`);
      }
      const size = octalField(h.subarray(124, 136));
      if (size === null) throw new TarError("structure", entry, "bad size field");
      if (archive.entries.length >= limits.maxEntries) throw new TarError("limit", entry, `more than ${limits.maxEntries} entries`);
      if (size > BigInt(limits.maxEntrySize)) {
        throw new TarError("limit", entry, `${size} bytes, more than the ${limits.maxEntrySize}-byte entry limit`);
      }
      total += size;
      if (total > BigInt(limits.maxTotalSize)) {
        throw new TarError("limit", entry, `entries exceed the ${limits.maxTotalSize}-byte total limit`);
      }
      if (archive.byName.has(entry)) throw new TarError("duplicate", entry, "a second entry with this name");
      const n = Number(size);
      const padded = n + (n % BLOCK === 0 ? 0 : BLOCK - (n % BLOCK));
      if (padded > fileSize - position) throw new TarError("structure", entry, "truncated entry");
      archive.byName.set(entry, archive.entries.length);
      archive.entries.push({ name: entry, offset: position, size: n });
      position += padded;
    }
  }

  class LinesProblem extends Error {
    constructor(kind, line, limit) {
      super(kind === "empty" ? `line ${line} is empty`
        : kind === "noFinalNewline" ? "the last line does not end in a newline"
          : `line ${line} is longer than ${limit} bytes`);
      this.name = "LinesProblem";
      this.kind = kind;
    }
  }

  // JSONLinesReader: each line ends in a newline, none is empty, none longer than the limit.
  class LinesReader {
    constructor(archive, name, maxLineLength, chunk) {
      const e = archive.entry(name);
      this.archive = archive;
      this.name = name;
      this.offset = e ? e.offset : 0;
      this.size = e ? e.size : 0;
      this.max = maxLineLength || LIMITS.maxLineLength;
      this.chunk = Math.max(chunk || (1 << 20), 1);
      this.consumed = 0;
      this.buffer = new Uint8Array(0);
      this.start = 0;
      this.count = 0;
    }

    // The next line without its newline, or null: a subarray of a buffer this reader never
    // writes again (each refill makes a new one), so it stays valid after later calls; holding
    // it holds that buffer (one chunk plus a partial line).
    async next() {
      let searchFrom = this.start;
      for (;;) {
        const nl = this.buffer.indexOf(0x0a, searchFrom);
        if (nl >= 0) {
          const line = this.buffer.subarray(this.start, nl);
          this.count++;
          this.start = nl + 1;
          if (line.length === 0) throw new LinesProblem("empty", this.count);
          if (line.length > this.max) throw new LinesProblem("tooLong", this.count, this.max);
          return line;
        }
        if (this.consumed === this.size) {
          if (this.start !== this.buffer.length) throw new LinesProblem("noFinalNewline");
          return null;
        }
        if (this.buffer.length - this.start > this.max) throw new LinesProblem("tooLong", this.count + 1, this.max);
        const partial = this.buffer.length - this.start;
        const n = Math.min(this.chunk, this.size - this.consumed);
        const fresh = await readRange(this.archive.blob, this.offset + this.consumed, n, this.name);
        const b = new Uint8Array(partial + n);
        b.set(this.buffer.subarray(this.start), 0);
        b.set(fresh, partial);
        this.buffer = b;
        this.start = 0;
        searchFrom = partial;
        this.consumed += n;
      }
    }
  }

  // BundleJSON.lines: the lines of a small JSON-lines file (each ends in a newline, none empty),
  // or null.
  function splitLines(bytes) {
    if (bytes.length === 0) return [];
    if (bytes[bytes.length - 1] !== 0x0a) return null;
    const out = [];
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x0a) continue;
      if (i === start) return null;
      out.push(bytes.subarray(start, i));
      start = i + 1;
    }
    return out;
  }

  E.tar = { LIMITS, FORMAT, MAX_NAME_LENGTH, TarError, LinesProblem, maxSize, isEntryName, isCheckpointNote, checkpointEntry, open, octalField, checkPath, splitLines, readRange };
})(globalThis.Evident = globalThis.Evident || {});
