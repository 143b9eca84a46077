#!/bin/bash
# --all keeps the first 1,000 findings: is the verdict computed from all findings or only the kept ones?
# 1,001 receipts signed by a key the regulator is not given (indeterminate each), then one tampered receipt (invalid).
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K; newkey K3
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K3 1001 a
mint $W/L K 2 b
anchor $W/L K; sleep 2; crl
$EV export --per-receipt-proofs --dir $W/L -o $W/full.evb >/dev/null
python3 - $W/full.evb $W/forged.evb <<'PY'
import sys, json, hashlib, os
sys.path.insert(0, os.environ["LIB"])
from bundle import *
e = load(sys.argv[1])
rs = lines(e, "receipts.jsonl"); ps = lines(e, "proofs.jsonl")
r = json.loads(rs[-1]); r["resource"] = "acct:forged"; rs[-1] = canonical(r)
p = json.loads(ps[-1]); p["hash"] = hashlib.sha256(rs[-1]).hexdigest(); ps[-1] = canonical(p)
set_lines(e, "receipts.jsonl", rs); set_lines(e, "proofs.jsonl", ps)
fix(e); save(e, sys.argv[2])
PY
V="--tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json"
HEADN=2 run $EV verify $W/forged.evb $V
HEADN=2 run $EV verify $W/forged.evb $V --all
$EV verify $W/forged.evb $V --all --json | python3 -c "import json,sys; d=json.load(sys.stdin); print('json verdict', d['verdict'], 'findings', len(d['findings']), 'omitted', d['summary']['findings_omitted'], 'invalid kept', sum(f['outcome']=='invalid' for f in d['findings']))" || true
$EV verify $W/forged.evb $V --json | python3 -c "import json,sys; d=json.load(sys.stdin); print('json (no --all) verdict', d['verdict'], 'findings', len(d['findings']), [f['check'] for f in d['findings']][:3])" || true
