# Batch-boundary tamper cases on the period bundles p13-pr.evb (v2, per-receipt proofs) and p13-v5.evb (v5)
import sys, json, hashlib, base64, copy
sys.path.insert(0, '/tmp/rt-pipe/cases')
from evb import *
OUT = '/tmp/rt-pipe/b/'

def flipsig(line):
    r = json.loads(line)
    s = bytearray(base64.b64decode(r['sig'])); s[5] ^= 1
    old = r['sig']; new = base64.b64encode(bytes(s)).decode()
    return line.replace(old.encode(), new.encode())

def rhash(line): return hashlib.sha256(line).hexdigest()

def mk(src, name, f):
    es = load(src)
    R, nl = lines(get(es, 'receipts.jsonl'))
    pr = 'proofs.jsonl' in [e[0] for e in es]
    P = lines(get(es, 'proofs.jsonl'))[0] if pr else None
    res = f(R, P)
    cnt = None; nlout = nl
    if isinstance(res, dict):
        cnt = res.get('count'); nlout = res.get('nl', nl)
    put(es, 'receipts.jsonl', join(R, nlout))
    if pr: put(es, 'proofs.jsonl', join(P, True))
    write(es, OUT + name + '.evb', counts_receipts=cnt)
    print(name)

def fix_proof(P, i, line):
    if P is None: return
    p = json.loads(P[i]); p['hash'] = rhash(line); P[i] = canon(p)

B = [4095, 4096, 8191, 8192, 12287, 12288]

def badsig_boundaries(R, P, fixp):
    for i in [0] + B + [12999]:
        R[i] = flipsig(R[i])
        if fixp: fix_proof(P, i, R[i])

def swap(a, b):
    def f(R, P):
        R[a], R[b] = R[b], R[a]
        if P: P[a], P[b] = P[b], P[a]
    return f

def delete(i):
    def f(R, P):
        del R[i]
        if P: del P[i]
        return {'count': len(R)}
    return f

def dup(src_i, at):
    def f(R, P):
        R.insert(at, R[src_i])
        if P: P.insert(at, P[src_i])
        return {'count': len(R)}
    return f

def replace_with(src_i, at):
    def f(R, P):
        R[at] = R[src_i]
        if P: P[at] = P[src_i]
    return f

def noncanon(i):
    def f(R, P):
        R[i] = R[i].replace(b'{"action"', b'{ "action"', 1)
    return f

def nonewline(R, P):
    return {'nl': False}

def emptyline(i):
    def f(R, P):
        R.insert(i, b'')
        if P: P.insert(i, P[i])
        return {'count': len(R)}
    return f

def crlf(i):
    def f(R, P):
        R[i] = R[i] + b'\r'
    return f

def unknownkey(i):
    def f(R, P):
        R[i] = R[i].replace(b'ed25519:02b5aa1e86d264a2444b90d3dea0acad', b'ed25519:00000000000000000000000000000000')
    return f

def truncjson(i):
    def f(R, P):
        R[i] = R[i][:100]
    return f

def many_bad(step):
    def f(R, P):
        for i in range(0, len(R), step): R[i] = flipsig(R[i])
    return f

def chainbreak_swap_same_stream(R, P):
    # lines 4064 (agent-0 seq128) and 4096 (agent-0 seq129): swap them
    a, b = 4064, 4096
    R[a], R[b] = R[b], R[a]
    if P: P[a], P[b] = P[b], P[a]

def range_bad(a, b):
    def f(R, P):
        for i in range(a, b): R[i] = flipsig(R[i])
    return f

def overcap(R, P):
    # 1200 bad signatures early, then a different failure (noncanonical) late
    for i in range(0, 1200): R[i] = flipsig(R[i])
    R[12500] = R[12500].replace(b'{"action"', b'{ "action"', 1)

for src, tag in [('/tmp/rt-pipe/p13-pr.evb', 'pr'), ('/tmp/rt-pipe/p13-v5.evb', 'v5')]:
    mk(src, f'{tag}-badsig-bnd', lambda R, P: badsig_boundaries(R, P, False))
    mk(src, f'{tag}-badsig-bnd-fixp', lambda R, P: badsig_boundaries(R, P, True))
    mk(src, f'{tag}-swap-4095-4096', swap(4095, 4096))
    mk(src, f'{tag}-swap-4000-5000', swap(4000, 5000))
    mk(src, f'{tag}-del-4096', delete(4096))
    mk(src, f'{tag}-del-4095', delete(4095))
    mk(src, f'{tag}-del-8192', delete(8192))
    mk(src, f'{tag}-dup-4095-at-4096', dup(4095, 4096))
    mk(src, f'{tag}-repl-100-at-4200', replace_with(100, 4200))
    mk(src, f'{tag}-noncanon-4096', noncanon(4096))
    mk(src, f'{tag}-nonewline', nonewline)
    mk(src, f'{tag}-emptyline-4096', emptyline(4096))
    mk(src, f'{tag}-crlf-4095', crlf(4095))
    mk(src, f'{tag}-unknownkey-4096', unknownkey(4096))
    mk(src, f'{tag}-truncjson-4096', truncjson(4096))
    mk(src, f'{tag}-manybad-997', many_bad(997))
    mk(src, f'{tag}-chainswap', chainbreak_swap_same_stream)
    mk(src, f'{tag}-rangebad-4090-4100', range_bad(4090, 4100))
    mk(src, f'{tag}-overcap', overcap)
