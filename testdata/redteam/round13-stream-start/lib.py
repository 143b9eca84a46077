"""Round 12's bundle editor (../round12-stream-chain/lib.py), loaded as is, plus round 13's additions."""
import importlib.util as _u, os as _os
_spec = _u.spec_from_file_location(
    "rt12lib", _os.path.join(_os.path.dirname(_os.path.realpath(__file__)), "../round12-stream-chain/lib.py"))
_rt12 = _u.module_from_spec(_spec)
_spec.loader.exec_module(_rt12)
globals().update({k: v for k, v in vars(_rt12).items() if not k.startswith("__")})

# --- rt13 additions: boundary receipts ---
import base64
def _path(log, m, lo, hi):
    """RFC 6962 PATH(m, D[lo:hi]) (leaf first, root last)."""
    if hi - lo == 1: return []
    k = 1
    while k * 2 < hi - lo: k *= 2
    if m < k: return _path(log, m, lo, lo + k) + [log.root(lo + k, hi)]
    return _path(log, m - k, lo + k, hi) + [log.root(lo, lo + k)]
def proof_line(log, i):
    n = len(log.leaves)
    return cb.canonical({"hash": hashlib.sha256(log.bodies[i]).hexdigest(), "leaf_index": i, "tree_size": n,
                         "path": [base64.b64encode(h).decode() for h in _path(log, i, 0, n)]})
def set_boundary(e, log, bodies, index_override=None):
    """Replace boundary/receipts.jsonl with `bodies` (receipt lines); v5: boundary/leaves.jsonl + re-prove;
    v2: boundary/proofs.jsonl with real inclusion proofs (index_override: claimed leaf indices)."""
    set_lines(e, "boundary/receipts.jsonl", list(bodies))
    idx = index_override or [log.index[b] for b in bodies]
    if has(e, "proofs.jsonl"):
        set_lines(e, "boundary/proofs.jsonl", [proof_line(log, i) for i in idx])
    else:
        set_lines(e, "boundary/leaves.jsonl", [("[%d,1]" % i).encode() for i in idx])
        ridx = [log.index[l] for l in lines(e, "receipts.jsonl")]
        put(e, "multiproof.bin", b"".join(log.multiproof(sorted(ridx + idx))))
def body(log, stream, seq):
    for b in log.bodies:
        j = json.loads(b)
        if j["stream"] == stream and j["seq"] == seq: return b
    raise KeyError((stream, seq))
