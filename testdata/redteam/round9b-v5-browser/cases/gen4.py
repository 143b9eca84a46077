#!/usr/bin/env python3
"""Builds the round-10 attack bundles from the base ledger (/work/attack19b/work/base, made by setup.sh)
into att/NAME.evb and writes att/list.tsv: NAME EXPECT KEY (EXPECT valid|lie|undecided; KEY file)."""
import hashlib, io, json, os, shutil, sys, tarfile, subprocess
B = "/work/attack19b/work/base"; A = "/work/attack19b/work/att4"
shutil.rmtree(A, ignore_errors=True); os.makedirs(A)
K1, K2 = B + "/key.pub.json", B + "/key2.pub.json"
LIST = []
def load(src):
    d = {}
    with tarfile.open(B + "/" + src) as t:
        order = []
        for m in t.getmembers():
            d[m.name] = t.extractfile(m).read(); order.append(m.name)
    return d
def manifest(d): return json.loads(d["manifest.json"])
def build(name, d, expect, key=K1, m=None, raw_manifest=None, digests=True, entries=None, tarfmt=None):
    """d: name->bytes (without manifest) or with; m: manifest dict to write (digests recomputed)."""
    files = {k: v for k, v in d.items() if k != "manifest.json"}
    if m is None: m = manifest(d)
    if digests: m["files"] = {p: hashlib.sha256(v).hexdigest() for p, v in sorted(files.items())}
    mb = raw_manifest(m) if raw_manifest else json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ents = entries(mb, files) if entries else [("manifest.json", mb)] + sorted(files.items())
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfmt or tarfile.USTAR_FORMAT) as t:
        for n, data in ents:
            ti = tarfile.TarInfo(n); ti.size = len(data); ti.mode = 0o644; ti.mtime = 0; ti.uname = ti.gname = ""
            t.addfile(ti, io.BytesIO(data))
    open(A + "/" + name + ".evb", "wb").write(bio.getvalue())
    LIST.append((name, expect, key))
def mp(n, idx):
    return subprocess.run(["python3", "/work/attack19b/work/cases/mp.py", "proof", B + "/full/receipts.jsonl", str(n), ",".join(map(str, idx))], capture_output=True, check=True).stdout
P = lambda: load("period.evb"); F = lambda: load("full.evb"); Q = lambda: load("filtered.evb")
# ---- raw ustar header differentials (JS tar.js vs Swift TarArchive)
def hdr(name, size, prefix=b"", typ=b"0", magic=b"ustar\x0000", sizefield=None, badsum=False, namefield=None):
    h = bytearray(512)
    nf = namefield if namefield is not None else name.encode()
    h[0:len(nf)] = nf
    h[100:108] = b"0000644\0"; h[108:116] = b"0000000\0"; h[116:124] = b"0000000\0"
    h[124:136] = sizefield if sizefield is not None else ("%011o" % size).encode() + b"\0"
    h[136:148] = b"00000000000\0"; h[156:157] = typ; h[257:265] = magic
    h[345:345 + len(prefix)] = prefix
    h[148:156] = b" " * 8
    s = sum(h) + (1 if badsum else 0); h[148:156] = ("%06o" % s).encode() + b"\0 "
    return bytes(h)
def raw(name, ents, expect):
    out = b""
    for e in ents:
        n, data = e[0], e[1]; kw = e[2] if len(e) > 2 else {}
        out += hdr(n, len(data), **kw) + data + b"\0" * ((512 - len(data) % 512) % 512)
    open(A + "/" + name + ".evb", "wb").write(out + b"\0" * 1024); LIST.append((name, expect, K1))
def base_ents():
    d = P(); files = {k: v for k, v in d.items() if k != "manifest.json"}; return d["manifest.json"], sorted(files.items())
mb, fs = base_ents()
raw("x-ctl", [("manifest.json", mb)] + fs, "valid")
# ustar prefix: checkpoints/12.note as prefix "checkpoints" + name "12.note"
raw("x-prefix", [("manifest.json", mb)] + [((k.split("/", 1)[1], v, {"prefix": k.split("/", 1)[0].encode()}) if k == "checkpoints/12.note" else (k, v)) for k, v in fs], "valid?")
# name field with data after a NUL
raw("x-nul-name", [("manifest.json", mb)] + [((k, v, {"namefield": k.encode() + b"\0junk"}) if k == "leaves.jsonl" else (k, v)) for k, v in fs], "valid?")
# typeflag NUL (old regular) and '7'
raw("x-type-nul", [("manifest.json", mb)] + [((k, v, {"typ": b"\0"}) if k == "leaves.jsonl" else (k, v)) for k, v in fs], "valid?")
raw("x-type-7", [("manifest.json", mb)] + [((k, v, {"typ": b"7"}) if k == "leaves.jsonl" else (k, v)) for k, v in fs], "valid?")
# GNU magic, v7 (no magic)
raw("x-gnu-magic", [("manifest.json", mb)] + fs, "valid?") if False else None
raw("x-gnu-magic2", [(k, v, {"magic": b"ustar  \0"}) for k, v in [("manifest.json", mb)] + fs], "valid?")
raw("x-no-magic", [(k, v, {"magic": b"\0" * 8}) for k, v in [("manifest.json", mb)] + fs], "valid?")
# size field: no terminator, spaces, base-256
def sz(v, f): return f(len(v))
raw("x-size-noterm", [(k, v, {"sizefield": ("%012o" % len(v)).encode()}) for k, v in [("manifest.json", mb)] + fs], "valid?")
raw("x-size-space", [(k, v, {"sizefield": (" %010o " % len(v)).encode()}) for k, v in [("manifest.json", mb)] + fs], "valid?")
raw("x-size-b256", [(k, v, {"sizefield": b"\x80" + len(v).to_bytes(11, "big")}) for k, v in [("manifest.json", mb)] + fs], "valid?")
# size field hides data: leaves.jsonl declared 0 bytes long, its bytes padded as a following block
raw("x-badsum", [(k, v, {"badsum": True}) if k == "leaves.jsonl" else (k, v) for k, v in [("manifest.json", mb)] + fs], "lie")
# ---- big inputs
d = P(); d["multiproof.bin"] += b"\0" * (32 * 300000); build("big-proof-10MB", d, "lie")
d = P(); d["receipts.jsonl"] = d["receipts.jsonl"] + b"x" * (2 * 1024 * 1024) + b"\n"; build("big-line-2MB", d, "lie")
d = P(); d["leaves.jsonl"] = b"".join(b"[%d,1]\n" % (4 + 2 * i) for i in range(200000)); build("big-runs-200k", d, "lie")
open(A + "/list.tsv", "w").write("".join("%s\t%s\t%s\n" % x for x in LIST))
print(len(LIST), "bundles")
