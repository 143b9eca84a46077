"""Bundle editing for rt12 (after scripts/make-conformance-compact): drop receipts, relabel scope,
recompute v5 leaves.jsonl + multiproof.bin (from the whole log's leaves) or drop v2 proof lines,
then rewrite manifest digests and counts."""
import hashlib, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("cb", "/work/main/scripts/conformance-bundles.py")
cb = importlib.util.module_from_spec(spec); spec.loader.exec_module(cb)

def read(p): return [[n, b] for n, b in cb.read_tar(p)]
def get(e, n): return next(b for k, b in e if k == n)
def has(e, n): return any(k == n for k, _ in e)
def put(e, n, d):
    for x in e:
        if x[0] == n: x[1] = d; return
    e.append([n, d])
def lines(e, n):
    b = get(e, n); return [] if not b else b[:-1].split(b"\n")
def set_lines(e, n, ls): put(e, n, b"".join(l + b"\n" for l in ls))

class Log:
    def __init__(self, full_v5):
        global LOG; LOG = self
        f = read(full_v5)
        self.bodies = lines(f, "receipts.jsonl")
        self.leaves = [hashlib.sha256(b"\x00" + l).digest() for l in self.bodies]
        self.index = {l: i for i, l in enumerate(self.bodies)}
    def node(self, a, b): return hashlib.sha256(b"\x01" + a + b).digest()
    def root(self, lo, hi):
        if hi - lo == 1: return self.leaves[lo]
        k = 1
        while k * 2 < hi - lo: k *= 2
        return self.node(self.root(lo, lo + k), self.root(lo + k, hi))
    def multiproof(self, idx, lo=0, hi=None):
        hi = len(self.leaves) if hi is None else hi
        if not any(lo <= i < hi for i in idx): return [self.root(lo, hi)]
        if hi - lo == 1: return []
        k = 1
        while k * 2 < hi - lo: k *= 2
        return self.multiproof(idx, lo, lo + k) + self.multiproof(idx, lo + k, hi)

def runs(idx):
    out = []
    for i in idx:
        if out and out[-1][0] + out[-1][1] == i: out[-1][1] += 1
        else: out.append([i, 1])
    return [("[%d,%d]" % (a, c)).encode() for a, c in out]

def keep_receipts(e, log, pred):
    """Keep receipt lines whose parsed JSON satisfies pred; fix leaves/proof (v5) or proofs.jsonl (v2)."""
    rs = lines(e, "receipts.jsonl")
    keep = [k for k, l in enumerate(rs) if pred(json.loads(l))]
    set_lines(e, "receipts.jsonl", [rs[k] for k in keep])
    if has(e, "proofs.jsonl"):
        ps = lines(e, "proofs.jsonl"); set_lines(e, "proofs.jsonl", [ps[k] for k in keep])
    else:
        reprove(e, log)

def reprove(e, log):
    idx = [log.index[l] for l in lines(e, "receipts.jsonl")]
    set_lines(e, "leaves.jsonl", runs(idx))
    bidx = [log.index[l] for l in lines(e, "boundary/receipts.jsonl")] if has(e, "boundary/receipts.jsonl") else []
    if has(e, "boundary/leaves.jsonl"): set_lines(e, "boundary/leaves.jsonl", runs(bidx))
    put(e, "multiproof.bin", b"".join(log.multiproof(sorted(idx + bidx))))

LOG = None
def write(e, path, manifest_bytes=None):
    m = json.loads(get(e, "manifest.json"))
    m["files"] = {n: hashlib.sha256(b).hexdigest() for n, b in e if n != "manifest.json"}
    m["counts"]["receipts"] = len(lines(e, "receipts.jsonl"))
    m["counts"]["streams"] = len({json.loads(l)["stream"] for l in lines(e, "receipts.jsonl")})
    rs = [json.loads(l) for l in lines(e, "receipts.jsonl")]
    if rs and "period" in m:
        m["period"] = {"first_issued_at": rs[0]["issued_at"], "last_issued_at": rs[-1]["issued_at"]}
    if LOG is not None and rs and m["scope"].get("first_index") is not None:
        idx = [LOG.index[l] for l in lines(e, "receipts.jsonl")]
        m["scope"]["first_index"], m["scope"]["last_index"] = idx[0], idx[-1]
    mb = cb.canonical(m) + b"\n" if manifest_bytes is None else manifest_bytes(m)
    put(e, "manifest.json", mb)
    body = [x for x in e if x[0] == "manifest.json"] + sorted(x for x in e if x[0] != "manifest.json")
    cb.write_tar(body, path)

def edit_scope(e, **kw):
    m = json.loads(get(e, "manifest.json"))
    m["scope"].update(kw)
    put(e, "manifest.json", cb.canonical(m) + b"\n")
