#!/usr/bin/env python3
"""Builds the round-10 attack bundles from the base ledger (/work/attack19b/work/base, made by setup.sh)
into att/NAME.evb and writes att/list.tsv: NAME EXPECT KEY (EXPECT valid|lie|undecided; KEY file)."""
import hashlib, io, json, os, shutil, sys, tarfile, subprocess
B = "/work/attack19b/work/base"; A = "/work/attack19b/work/att5"
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
# ---- checkpoint note and consistency differentials
def note(d, f): d["checkpoints/12.note"] = f(d["checkpoints/12.note"]); return d
sig = P()["checkpoints/12.note"].split(b"\n\n")[1]
build("n-extra-sig-unknown", note(P(), lambda n: n + "\u2014 other.example/w AAAAAQ==\n".encode()), "valid?")
build("n-dup-sig", note(P(), lambda n: n + n.split(b"\n\n")[1]), "valid?")
build("n-sig-first-unknown", note(P(), lambda n: n.replace(b"\n\n", "\n\n\u2014 other.example/w AAAAAQ==\n".encode())), "valid?")
build("n-body-ext", note(P(), lambda n: n.replace(b"\n\n", b"\nextension\n\n")), "lie")
build("n-crlf", note(P(), lambda n: n.replace(b"\n", b"\r\n")), "lie")
build("n-no-final-nl", note(P(), lambda n: n.rstrip(b"\n")), "lie")
build("n-origin-other", note(P(), lambda n: n.replace(b"attack.example/ledger\n12", b"attack.example/ledgeR\n12")), "lie")
d = P(); d["checkpoints/consistency.jsonl"] = b""; build("c-cons-empty", d, "lie?")
d = P(); d["checkpoints/consistency.jsonl"] = d["checkpoints/consistency.jsonl"] + d["checkpoints/consistency.jsonl"]; build("c-cons-dup", d, "lie?")
open(A + "/list.tsv", "w").write("".join("%s\t%s\t%s\n" % x for x in LIST))
print(len(LIST), "bundles")
