# Re-signed receipts (real key) with time problems, to exercise receipt-time findings (ReceiptTime.description) across batches.
import sys, json, hashlib, base64, datetime
sys.path.insert(0, '/tmp/rt-pipe/cases')
from evb import *
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
real = json.load(open('/tmp/vb/key.json'))
K = Ed25519PrivateKey.from_private_bytes(base64.b64decode(real['seed']))
OUT = '/tmp/rt-pipe/b/'
def resign(line, **kw):
    r = json.loads(line); r.pop('sig')
    for k, v in kw.items():
        if v is None: r.pop(k, None)
        else: r[k] = v
    r['sig'] = base64.b64encode(K.sign(canon(r))).decode()
    return canon(r)
def rhash(line): return hashlib.sha256(line).hexdigest()
def mk(src, name, f):
    es = load(src)
    R, nl = lines(get(es, 'receipts.jsonl'))
    pr = 'proofs.jsonl' in [e[0] for e in es]
    P = lines(get(es, 'proofs.jsonl'))[0] if pr else None
    ctx = {'tsr': hashlib.sha256(get(es, 'anchors/100000-1.tsr')).hexdigest()}
    changed = f(R, ctx)
    if pr:
        for i in changed:
            p = json.loads(P[i]); p['hash'] = rhash(R[i]); P[i] = canon(p)
        put(es, 'proofs.jsonl', join(P, True))
    put(es, 'receipts.jsonl', join(R, nl))
    write(es, OUT + name + '.evb'); print(name)

GEN = '2026-12-02T12:21:22.574Z'
def ts(ms_from_gen):
    g = datetime.datetime(2026,12,2,12,21,22,574000, tzinfo=datetime.timezone.utc)
    t = g + datetime.timedelta(milliseconds=ms_from_gen)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)

deltas = [2001, 2002, 2999, 3000, 59999, 60000, 61001, 3600000, 86400000, 86400000*400, -1, 0, 1999, 2000]
def postdated(R, ctx):
    ch = []
    for j, d in enumerate(deltas):
        i = [4094, 4095, 4096, 4097, 8191, 8192, 8193, 12287, 12288, 12999, 100, 200, 300, 400][j]
        R[i] = resign(R[i], issued_at=ts(d)); ch.append(i)
    return ch
def backdated(R, ctx):
    ch = []
    for i in [4095, 4096, 8192]:
        R[i] = resign(R[i], anchor=ctx['tsr']); ch.append(i)
    return ch
def unknown_anchor(R, ctx):
    ch = []
    for i in [4095, 4096, 8192]:
        R[i] = resign(R[i], anchor='ab'*32); ch.append(i)
    return ch
def extreme_times(R, ctx):
    ch = []
    for i, t in zip([4095, 4096, 4097, 8192, 8193], ['9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2026-12-02T12:21:22.574Z']):
        R[i] = resign(R[i], issued_at=t, anchor=ctx['tsr']); ch.append(i)
    return ch
def resign_only(R, ctx):
    # re-signed with identical content: must be byte-identical and valid
    R[4096] = resign(R[4096]); return [4096]
if __name__ == "__main__":
  for src, tag in [('/tmp/rt-pipe/p13-pr.evb', 'pr'), ('/tmp/rt-pipe/p13-v5.evb', 'v5')]:
     mk(src, f'{tag}-t-postdated', postdated)
     mk(src, f'{tag}-t-backdated', backdated)
     mk(src, f'{tag}-t-unknownanchor', unknown_anchor)
     mk(src, f'{tag}-t-extreme', extreme_times)
     mk(src, f'{tag}-t-resignonly', resign_only)
