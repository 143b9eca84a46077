#!/usr/bin/env python3
"""Builds the round-10 attack bundles from the base ledger (/work/attack19b/work/base, made by setup.sh)
into att/NAME.evb and writes att/list.tsv: NAME EXPECT KEY (EXPECT valid|lie|undecided; KEY file)."""
import hashlib, io, json, os, shutil, sys, tarfile, subprocess
B = "/work/attack19b/work/base"; A = "/work/attack19b/work/att2"
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
full = open(B + "/full/receipts.jsonl", "rb").read().split(b"\n")
# ---- leaves.jsonl grammar differentials (JS parseRun vs Swift LeafRuns)
for nm, lv in [("l-nonl", b"[4,4]"), ("l-crlf", b"[4,4]\r\n"), ("l-lead0", b"[04,4]\n"), ("l-space", b"[4,4] \n"), ("l-tab", b"[4,\t4]\n"),
               ("l-exp", b"[4,4e0]\n"), ("l-float", b"[4,4.0]\n"), ("l-split", b"[4,1]\n[5,3]\n"), ("l-two-eq", b"[4,2]\n[7,1]\n[6,1]\n"),
               ("l-nul", b"[4,4]\x00\n"), ("l-unicode-digit", "[4,\u0664]\n".encode()), ("l-big", b"[4,18446744073709551620]\n"),
               ("l-2x", b"[4,4]\n[4,4]\n"), ("l-obj", b'{"0":4,"1":4}\n'), ("l-str", b'["4","4"]\n'), ("l-extra-empty", b"[4,4]\n\n")]:
    d = P(); d["leaves.jsonl"] = lv; build(nm, d, "lie")
# ---- receipts.jsonl framing differentials
d = P(); d["receipts.jsonl"] = d["receipts.jsonl"].rstrip(b"\n"); build("r-nonl", d, "valid?")
d = P(); d["receipts.jsonl"] = d["receipts.jsonl"].replace(b"\n", b"\r\n"); build("r-crlf", d, "lie")
d = P(); d["receipts.jsonl"] = d["receipts.jsonl"] + b"\n"; build("r-blank-end", d, "lie")
d = P(); d["receipts.jsonl"] = b"\xef\xbb\xbf" + d["receipts.jsonl"]; build("r-bom", d, "lie")
d = P(); d["boundary/receipts.jsonl"] = d["boundary/receipts.jsonl"].rstrip(b"\n"); build("r-bnd-nonl", d, "valid?")
# whole-log bundle: hide the last receipt and fix the proof for 0..10 against 12 (truncated end)
d = F(); r = d["receipts.jsonl"].split(b"\n"); d["receipts.jsonl"] = b"\n".join(r[:11]) + b"\n"; d["leaves.jsonl"] = b"[0,11]\n"; d["multiproof.bin"] = mp(12, range(11))
m = manifest(d); m["counts"]["receipts"] = 11; build("f-drop-last", d, "lie", m=m)
# full bundle: proof folded against cts 11 with checkpoint 12 listed but signature broken and 6 verified
d = F(); m = manifest(d); print(m["scope"], m.get("checkpoints"))
# period bundle with the multi-proof made for tree 6 and checkpoints 12 removed: covering = 6, receipts 4..7 don't fit
d = P(); m = manifest(d); m["checkpoints"] = ["checkpoints/6.note"]; del d["checkpoints/12.note"]; m["covering_tree_size"] = 6; m["anchors"] = [a for a in m["anchors"] if a["tree_size"] == 6]
for k in list(d):
    if k.startswith("anchors/12-"): del d[k]
m["counts"]["anchors"] = 1; m["counts"]["checkpoints"] = 1; build("c-only6", d, "lie", m=m)
# filtered bundle relabelled as whole-log (stream null)
d = Q(); m = manifest(d); m["scope"]["stream"] = None; build("q-unfilter", d, "lie", m=m)
d = Q(); m = manifest(d); m["scope"]["stream"] = "s2"; build("q-otherstream", d, "lie", m=m)
# anchor claiming checkpoint 12 but its token is for 6
d = P(); m = manifest(d); a = m["anchors"]; a[0]["token"], a[1]["token"] = a[1]["token"], a[0]["token"]; build("a-swap-token", d, "lie", m=m)
# mixing: leaves.jsonl in a v4-labelled bundle
d = P(); m = manifest(d); m["version"] = 4; build("v-label4", d, "lie", m=m)
d = P(); m = manifest(d); m["version"] = 6; build("v-label6", d, "lie", m=m)
open(A + "/list.tsv", "w").write("".join("%s\t%s\t%s\n" % x for x in LIST))
print(len(LIST), "bundles")
