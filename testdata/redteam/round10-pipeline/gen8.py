# Filtered (deny) bundles tampered across batch boundaries; boundary-receipt tampering; odd bytes; unicode stream names.
import sys; sys.path.insert(0, '/tmp/rt-pipe/cases')
import gen1
from gen1 import mk, swap, delete, dup, unknownkey, flipsig, noncanon
from gen2 import mk as mk2, resign
from evb import *
for src, tag in [('/tmp/rt-pipe/deny-pr.evb', 'dpr'), ('/tmp/rt-pipe/deny-v5.evb', 'dv5')]:
    mk(src, f'{tag}-swap-4095-4096', swap(4095, 4096))
    mk(src, f'{tag}-del-4096', delete(4096))
    mk(src, f'{tag}-dup-4095', dup(4095, 4096))
    mk(src, f'{tag}-unknownkey-8192', unknownkey(8192))
    mk(src, f'{tag}-badsig-multi', lambda R, P: [R.__setitem__(i, flipsig(R[i])) for i in (0, 4095, 4096, 8191, 8192, 11111)] and None)
    def oddbytes(R, P):
        R[4095] = R[4095].replace(b'db:table', b'db:\xff\xfetable', 1)
        R[4096] = R[4096].replace(b'db:table', b'db:\x00table', 1)
        R[8192] = R[8192].replace(b'db:table', b'db:\xc3\xa9table', 1)
    mk(src, f'{tag}-oddbytes', oddbytes)
    def unistreams(R, ctx):
        # same stream name in NFC and NFD on either side of a batch boundary
        R[4095] = resign(R[4095], stream='agent-\u00e9'); R[4096] = resign(R[4096], stream='agent-e\u0301')
        R[8191] = resign(R[8191], stream='agent-e\u0301'); R[8192] = resign(R[8192], stream='agent-\u00e9')
        return [4095, 4096, 8191, 8192]
    mk2(src, f'{tag}-unistreams', unistreams)
for src, tag in [('/tmp/rt-pipe/p13-pr.evb', 'pr'), ('/tmp/rt-pipe/p13-v5.evb', 'v5')]:
    es = load(src); br = get(es, 'boundary/receipts.jsonl')
    put(es, 'boundary/receipts.jsonl', flipsig(br.rstrip(b'\n')) + b'\n'); write(es, f'/tmp/rt-pipe/b/{tag}-boundary-badsig.evb')
    es = load(src); put(es, 'boundary/receipts.jsonl', b'')
    if tag == 'pr': put(es, 'boundary/proofs.jsonl', b'')
    else: put(es, 'boundary/leaves.jsonl', b'')
    write(es, f'/tmp/rt-pipe/b/{tag}-boundary-removed.evb')
