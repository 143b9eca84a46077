#!/usr/bin/env python3
"""Builds the round-10 attack bundles from the base ledger (/work/attack19b/work/base, made by setup.sh)
into att/NAME.evb and writes att/list.tsv: NAME EXPECT KEY (EXPECT valid|lie|undecided; KEY file)."""
import hashlib, io, json, os, shutil, sys, tarfile, subprocess
B = "/work/attack19b/work/base"; A = "/work/attack19b/work/att"
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

# controls
build("ctl-period", P(), "valid"); build("ctl-full", F(), "valid"); build("ctl-filt", Q(), "valid")
build("ctl-period-key2", P(), "undecided", K2)
# ---- W2 re-attack: no checkpoint verifies (untrusted key), manifest's covering_tree_size edited
for cts in [0, 1, 5, 7, 8, 9, 13, 16, 9007199254740991]:
    d = P(); m = manifest(d); m["covering_tree_size"] = cts; build("w2-cts%d-key2" % cts, d, "undecided", K2, m=m)
# the same with the trusted key: invalid (checkpoint)
for cts in [0, 8, 13]:
    d = P(); m = manifest(d); m["covering_tree_size"] = cts; build("w2-cts%d-key1" % cts, d, "lie", K1, m=m)
# untrusted key + a structural (order) fault: invalid both
d = P(); d["boundary/leaves.jsonl"] = b"[8,1]\n[3,1]\n"; build("w2-order-key2", d, "lie", K2)
d = P(); d["leaves.jsonl"] = b"[4,2]\n[6,2]\n"; build("w2-nonmaximal-key2", d, "lie", K2)
# untrusted key + proof too long/short at the manifest size 12
d = P(); d["multiproof.bin"] += b"\0" * 32; build("w2-long-key2", d, "undecided", K2)
d = P(); d["multiproof.bin"] = d["multiproof.bin"][:-32]; build("w2-short-key2", d, "undecided", K2)
# untrusted key + cts lowered so that the proof fits a different tree: 4..7 + 3,8 in a tree of 9
d = P(); m = manifest(d); m["covering_tree_size"] = 9; d["multiproof.bin"] = mp(9, [3, 4, 5, 6, 7, 8]); build("w2-refit9-key2", d, "undecided", K2, m=m)
d = P(); m = manifest(d); m["covering_tree_size"] = 9; d["multiproof.bin"] = mp(9, [3, 4, 5, 6, 7, 8]); build("w2-refit9-key1", d, "lie", K1, m=m)
# checkpoints list empty (no covering) with the trusted key
d = P(); m = manifest(d); m["checkpoints"] = []
for k in list(d):
    if k.startswith("checkpoints/") and k.endswith(".note"): del d[k]
build("w2-nocheckpoints", d, "lie", K1, m=m)
# only checkpoint 6 verified, 12 signed by nobody known (note bytes corrupted in the signature)
d = P(); n = d["checkpoints/12.note"]; i = n.rfind(b" ") + 5; d["checkpoints/12.note"] = n[:i] + (b"A" if n[i:i+1] != b"A" else b"B") + n[i+1:]
build("w2-badsig12", d, "lie", K1)
d = P(); m = manifest(d); m["covering_tree_size"] = 6; d["checkpoints/12.note"] = d["checkpoints/12.note"].replace(b"\xe2\x80\x94 attack.example/ledger zg5J", b"\xe2\x80\x94 attack.example/ledger zg5K")
build("w2-badsig12-cts6", d, "lie", K1, m=m)
# ---- W4 re-attack: unlisted checkpoint notes
d = P(); d["checkpoints/13.note"] = d["checkpoints/12.note"]; build("w4-13copy", d, "lie")
d = P(); d["checkpoints/012.note"] = d["checkpoints/12.note"]; build("w4-012", d, "lie")
d = P(); d["checkpoints/13.note"] = d["checkpoints/12.note"]; m = manifest(d); m["checkpoints"] = ["checkpoints/6.note", "checkpoints/12.note", "checkpoints/12.note"]; build("w4-dup-listed", d, "lie", m=m)
d = P(); d["checkpoints/13.note"] = d["checkpoints/12.note"]; m = manifest(d); m["checkpoints"] = ["checkpoints/6.note", "checkpoints/12.note", "checkpoints/13.note"]; build("w4-13-listed", d, "lie", m=m)
d = P(); d["checkpoints/13.note"] = d.pop("checkpoints/12.note"); m = manifest(d); m["checkpoints"] = ["checkpoints/6.note", "checkpoints/13.note"]; build("w4-12-as-13", d, "lie", m=m)
d = P(); m = manifest(d); m["checkpoints"] = ["checkpoints/6.note", "checkpoints/./12.note"]; build("w4-dotpath", d, "lie", m=m)
d = P(); m = manifest(d); m["checkpoints"] = ["checkpoints/6.note", "checkpoints/12.note", "checkpoints/6.note"]; build("w4-dup6", d, "lie", m=m)
d = P(); m = manifest(d); m["checkpoints"] = ["checkpoints/12.note", "checkpoints/6.note"]; build("w4-order", d, "valid?", m=m)
d = P(); d["checkpoints/13.note"] = d["checkpoints/12.note"]
build("w4-13-unlisted-in-files", d, "lie", entries=None)
d = P(); d["checkpoints/13.note"] = d["checkpoints/12.note"]; m = manifest(d)
build("w4-13-not-in-files", d, "lie", m=m, raw_manifest=lambda m: json.dumps({**m, "files": {k: v for k, v in m["files"].items() if k != "checkpoints/13.note"}}, sort_keys=True, separators=(",", ":")).encode())
d = P(); d["checkpoints/12.note.bak"] = d["checkpoints/12.note"]; build("w4-bak", d, "lie")
d = P(); d["checkpoints/13.NOTE"] = d["checkpoints/12.note"]; build("w4-upper", d, "lie")
d = P(); d["keys/13.note"] = d["checkpoints/12.note"]; build("w4-keysdir", d, "lie")
# ---- W6 re-attack: boundary grammar
for nm, bl in [("w6-82", b"[3,1]\n[8,2]\n"), ("w6-32", b"[3,2]\n[8,1]\n"), ("w6-nonl", b"[3,1]\n[8,1]"), ("w6-crlf", b"[3,1]\r\n[8,1]\r\n"),
               ("w6-blank", b"[3,1]\n\n[8,1]\n"), ("w6-one", b"[3,1]\n"), ("w6-three", b"[3,1]\n[8,1]\n[9,1]\n"), ("w6-0", b"[3,0]\n[8,1]\n"),
               ("w6-space", b"[3, 1]\n[8,1]\n"), ("w6-2pow", b"[3,1]\n[8,9007199254740992]\n"), ("w6-neg", b"[3,1]\n[8,-1]\n"), ("w6-float", b"[3,1]\n[8,1.0]\n"),
               ("w6-bom", b"\xef\xbb\xbf[3,1]\n[8,1]\n"), ("w6-same", b"[3,1]\n[3,1]\n"), ("w6-trail", b"[3,1]\n[8,1]\n\n")]:
    d = P(); d["boundary/leaves.jsonl"] = bl; build(nm, d, "lie")
# boundary [8,2] with two after-neighbours 8 and 9 and an honest proof
full = open(B + "/full/receipts.jsonl", "rb").read().split(b"\n")
d = P(); d["boundary/receipts.jsonl"] = full[3] + b"\n" + full[8] + b"\n" + full[9] + b"\n"; d["boundary/leaves.jsonl"] = b"[3,1]\n[8,2]\n"; d["multiproof.bin"] = mp(12, [3, 4, 5, 6, 7, 8, 9]); build("w6-82-honest", d, "lie")
d = P(); d["boundary/receipts.jsonl"] = full[2] + b"\n" + full[3] + b"\n" + full[8] + b"\n"; d["boundary/leaves.jsonl"] = b"[2,2]\n[8,1]\n"; d["multiproof.bin"] = mp(12, [2, 3, 4, 5, 6, 7, 8]); build("w6-22-honest", d, "lie")
# drop last receipt 7 and pretend 7 is the after neighbour as a run [7,2] with 8 (hiding receipt 7)
d = P(); r = d["receipts.jsonl"].split(b"\n"); d["receipts.jsonl"] = b"\n".join(r[:3]) + b"\n"; d["leaves.jsonl"] = b"[4,3]\n"
d["boundary/receipts.jsonl"] = full[3] + b"\n" + full[7] + b"\n"; d["boundary/leaves.jsonl"] = b"[3,1]\n[7,1]\n"; d["multiproof.bin"] = mp(12, [3, 4, 5, 6, 7])
m = manifest(d); m["counts"]["receipts"] = 3; m["scope"]["last_index"] = 6; build("w6-hide7", d, "lie", m=m)
# ---- manifest parsing differentials (raw text)
def dupkey(key, val):
    def f(m):
        s = json.dumps(m, sort_keys=True, separators=(",", ":")); return ("{" + json.dumps(key) + ":" + json.dumps(val) + "," + s[1:]).encode()
    return f
d = P(); build("m-dup-cts-first", d, "lie", raw_manifest=dupkey("covering_tree_size", 6))
d = P(); m0 = manifest(P()); sc = dict(m0["scope"]); sc["to"] = "2099-01-01T00:00:00.000Z"; build("m-dup-scope-first", d, "lie", raw_manifest=dupkey("scope", sc))
d = P(); build("m-dup-version-first", d, "lie", raw_manifest=dupkey("version", 4))
d = P(); build("m-dup-origin-first", d, "lie", raw_manifest=dupkey("origin", "other.example/ledger"))
d = P(); build("m-dup-files-first", d, "lie", raw_manifest=dupkey("files", {}))
d = P(); build("m-dup-checkpoints-first", d, "lie", raw_manifest=dupkey("checkpoints", ["checkpoints/6.note"]))
d = P(); build("m-bom", d, "lie", raw_manifest=lambda m: b"\xef\xbb\xbf" + json.dumps(m, sort_keys=True, separators=(",", ":")).encode())
d = P(); build("m-ws", d, "valid?", raw_manifest=lambda m: json.dumps(m, sort_keys=True, indent=1).encode() + b"\n")
d = P(); build("m-cts-float", d, "lie", raw_manifest=lambda m: json.dumps(m, sort_keys=True, separators=(",", ":")).replace('"covering_tree_size":12', '"covering_tree_size":12.0').encode())
d = P(); build("m-cts-exp", d, "lie", raw_manifest=lambda m: json.dumps(m, sort_keys=True, separators=(",", ":")).replace('"covering_tree_size":12', '"covering_tree_size":1.2e1').encode())
d = P(); build("m-version-float", d, "lie", raw_manifest=lambda m: json.dumps(m, sort_keys=True, separators=(",", ":")).replace('"version":5', '"version":5.0').encode())
d = P(); build("m-escape-path", d, "lie", raw_manifest=lambda m: json.dumps(m, sort_keys=True, separators=(",", ":")).replace('"leaves.jsonl"', '"leaves\\u002ejsonl"').encode())
d = P(); build("m-lone-surrogate", d, "lie", raw_manifest=lambda m: json.dumps(m, sort_keys=True, separators=(",", ":")).replace('"origin":"attack.example/ledger"', '"origin":"attack.example/ledger","x":"\\ud800"').encode())
# scope.first_index lies (only claims?)
d = P(); m = manifest(d); m["scope"]["first_index"] = 5; build("m-first5", d, "lie", m=m)
d = P(); m = manifest(d); m["scope"]["last_index"] = 8; build("m-last8", d, "lie", m=m)
d = P(); m = manifest(d); m["counts"]["receipts"] = 5; build("m-count5", d, "lie", m=m)
d = P(); m = manifest(d); m["period"]["first_issued_at"] = "2000-01-01T00:00:00.000Z"; build("m-period-first", d, "lie", m=m)
# ---- tar differentials
def pre(mb, files):  # prefix field split: checkpoints/12.note stored with ustar prefix
    return [("manifest.json", mb)] + sorted(files.items())
d = P(); build("t-dup-receipts", d, "lie", entries=lambda mb, f: [("manifest.json", mb)] + sorted(f.items()) + [("receipts.jsonl", f["receipts.jsonl"])])
d = P(); build("t-dotslash", d, "lie", entries=lambda mb, f: [("manifest.json", mb)] + [("./" + k if k == "leaves.jsonl" else k, v) for k, v in sorted(f.items())])
d = P(); build("t-pax", d, "lie?", tarfmt=tarfile.PAX_FORMAT, entries=lambda mb, f: [("manifest.json", mb)] + sorted(f.items()) + [("x" * 120, b"")])
d = P(); build("t-gnu-long", d, "lie", tarfmt=tarfile.GNU_FORMAT, entries=lambda mb, f: [("manifest.json", mb)] + sorted(f.items()) + [("y" * 120, b"")])
d = P(); build("t-manifest-last", d, "valid?", entries=lambda mb, f: sorted(f.items()) + [("manifest.json", mb)])
d = P(); build("t-empty-leaves-dir", d, "lie", entries=lambda mb, f: [("manifest.json", mb)] + sorted(f.items()) + [("boundary/", b"")])
open(A + "/list.tsv", "w").write("".join("%s\t%s\t%s\n" % x for x in LIST))
print(len(LIST), "bundles")
