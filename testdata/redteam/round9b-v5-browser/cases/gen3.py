#!/usr/bin/env python3
"""Builds the round-10 attack bundles from the base ledger (/work/attack19b/work/base, made by setup.sh)
into att/NAME.evb and writes att/list.tsv: NAME EXPECT KEY (EXPECT valid|lie|undecided; KEY file)."""
import hashlib, io, json, os, shutil, sys, tarfile, subprocess
B = "/work/attack19b/work/base"; A = "/work/attack19b/work/att3"
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
# ---- period edge times (half-open [from,to)): neighbours exactly on the edges
def iss(i): return json.loads(open(B + "/full/receipts.jsonl").read().split("\n")[i])["issued_at"]
def plus(t, ms):
    import datetime
    d = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ") + datetime.timedelta(milliseconds=ms)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond // 1000)
for nm, fr, to, exp in [("s-from-eq3", iss(3), None, "lie"), ("s-from-3p1", plus(iss(3), 1), None, "valid"), ("s-to-eq8", None, iss(8), "valid"),
                        ("s-to-8p1", None, plus(iss(8), 1), "lie"), ("s-from-4p1", plus(iss(4), 1), None, "lie"), ("s-to-eq7", None, iss(7), "lie"),
                        ("s-from-eq4", iss(4), None, "valid"), ("s-to-7p1", None, plus(iss(7), 1), "valid"),
                        ("s-from-micro", iss(3)[:-1] + "0001Z", None, "lie"), ("s-to-offset", None, iss(8)[:-1] + "+00:00", "lie"),
                        ("s-to-lowerz", None, iss(8)[:-1] + "z", "lie"), ("s-to-leap", None, iss(8)[:17] + "60.000Z", "lie"), ("s-from-nofrac", iss(3)[:19] + "Z", None, "lie")]:
    d = P(); m = manifest(d)
    if fr: m["scope"]["from"] = fr
    if to: m["scope"]["to"] = to
    build(nm, d, exp, m=m)
open(A + "/list.tsv", "w").write("".join("%s\t%s\t%s\n" % x for x in LIST))
print(len(LIST), "bundles")
