# Whole-log bundles: > 100,000 lines (windows cap) and tampering near the last batch boundaries.
import sys, json, hashlib, base64; sys.path.insert(0, '/tmp/rt-pipe/cases')
from evb import *
def flipsig(line):
    r = json.loads(line); s = bytearray(base64.b64decode(r['sig'])); s[5] ^= 1
    return line.replace(r['sig'].encode(), base64.b64encode(bytes(s)))
# 1) pr whole log + 5000 duplicated lines appended (with their proofs)
es = load('/tmp/rt-pipe/pr.evb')
R, _ = lines(get(es, 'receipts.jsonl')); P, _ = lines(get(es, 'proofs.jsonl'))
R2 = R + R[95000:100000]; P2 = P + P[95000:100000]
put(es, 'receipts.jsonl', join(R2)); put(es, 'proofs.jsonl', join(P2))
write(es, '/tmp/rt-pipe/b/whole-pr-dup5000.evb', counts_receipts=len(R2))
# 2) pr whole log with bad sigs at 98303, 98304, 99999 and proofs fixed
for i in [98303, 98304, 99999]:
    R[i] = flipsig(R[i]); p = json.loads(P[i]); p['hash'] = hashlib.sha256(R[i]).hexdigest(); P[i] = canon(p)
put(es, 'receipts.jsonl', join(R)); put(es, 'proofs.jsonl', join(P))
write(es, '/tmp/rt-pipe/b/whole-pr-badsig-tail.evb', counts_receipts=len(R))
del es, R, P, R2, P2
# 3) v5 whole log, 5000 lines appended, leaves.jsonl unchanged (proof error), to exercise windows cap
es = load('/tmp/vb/v5.evb')
R, _ = lines(get(es, 'receipts.jsonl'))
R2 = R + R[95000:100000]
put(es, 'receipts.jsonl', join(R2))
write(es, '/tmp/rt-pipe/b/whole-v5-dup5000.evb', counts_receipts=len(R2))
