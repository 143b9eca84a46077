# Genuine filtered bundles (decision=deny, per-receipt proofs) truncated to N receipts: exact batch sizes.
# A filtered selection claims no completeness, so these must verify VALID with both verifiers.
import sys, json; sys.path.insert(0, '/tmp/rt-pipe/cases')
from evb import *
for N in [1, 4095, 4096, 4097, 8191, 8192, 8193]:
    es = load('/tmp/rt-pipe/deny-pr.evb')
    R, _ = lines(get(es, 'receipts.jsonl')); P, _ = lines(get(es, 'proofs.jsonl'))
    R = R[:N]; P = P[:N]
    put(es, 'receipts.jsonl', join(R)); put(es, 'proofs.jsonl', join(P))
    m = json.loads(get(es, 'manifest.json'))
    m['counts']['streams'] = len({json.loads(r)['stream'] for r in R})
    m['period']['last_issued_at'] = json.loads(R[-1])['issued_at']
    m['scope']['last_index'] = json.loads(P[-1])['leaf_index']
    put(es, 'manifest.json', canon(m))
    write(es, f'/tmp/rt-pipe/b/denypr-trunc-{N}.evb', counts_receipts=N); print(N)
