# Truncated genuine filtered bundles (deny, per-receipt proofs) with the LAST / FIRST line tampered (bad signature; proof hash updated).
import sys, json, hashlib, base64; sys.path.insert(0, '/tmp/rt-pipe/cases')
from evb import *
def flipsig(line):
    r = json.loads(line); s = bytearray(base64.b64decode(r['sig'])); s[5] ^= 1
    return line.replace(r['sig'].encode(), base64.b64encode(bytes(s)))
for N in [1, 4096, 4097, 8192, 8193, 11112]:
  for where in ['last', 'first', 'lastdel']:
    es = load('/tmp/rt-pipe/deny-pr.evb')
    R, _ = lines(get(es, 'receipts.jsonl')); P, _ = lines(get(es, 'proofs.jsonl'))
    R = R[:N]; P = P[:N]
    i = 0 if where == 'first' else N - 1
    if where == 'lastdel':
        # proof line for the last receipt missing
        P = P[:-1]
    else:
        R[i] = flipsig(R[i]); p = json.loads(P[i]); p['hash'] = hashlib.sha256(R[i]).hexdigest(); P[i] = canon(p)
    put(es, 'receipts.jsonl', join(R)); put(es, 'proofs.jsonl', join(P))
    m = json.loads(get(es, 'manifest.json'))
    m['counts']['streams'] = len({json.loads(r)['stream'] for r in R})
    m['period']['last_issued_at'] = json.loads(R[-1])['issued_at']
    put(es, 'manifest.json', canon(m))
    write(es, f'/tmp/rt-pipe/b/denypr-t{N}-{where}.evb', counts_receipts=N); print(N, where)
