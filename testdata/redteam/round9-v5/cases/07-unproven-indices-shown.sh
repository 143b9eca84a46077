#!/usr/bin/env bash
# W1: with no verified checkpoint (the regulator lacks/gets the wrong ledger key, or the covering note's
# key is unknown) the verdict is indeterminate, but the report's per-receipt windows still state leaf
# indices taken from leaves.jsonl — here a FALSE placement (run shifted to [5,4]) — with nothing marking
# them unproven. Compared with the same edit on a v4 (per-receipt) bundle.
source "$(dirname "$0")/base.sh"
"$EVIDENT" key new --output $W/k2.json --public-out $W/k2.pub.json --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null
mk shift $P; echo "[5,4]" > $D/leaves.jsonl; { line $F/receipts.jsonl 5; line $F/receipts.jsonl 10; } > $D/boundary/receipts.jsonl
printf '[4,1]\n[9,1]\n' > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7,8,9 > $D/multiproof.bin
python3 "$CASES/repack.py" $D $W/att/shift.evb
show() { set +e; "$EVIDENT" verify "$1" --tsa-roots $W/tsa/root.pem --crl $W/crl.pem --ledger-key "$2" --json > $W/o.json; local rc=$?; set -e
  python3 - "$W/o.json" "$rc" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); s = d['summary']
print('  rc', sys.argv[2], 'verdict', d['verdict'], '| completeness', s['completeness'], '| leaves', s.get('leaves'))
print('  receipts_windows leaf_index:', [w['leaf_index'] for w in s['receipts_windows']], '| any "proven" marker per window:', any('proven' in k for w in s['receipts_windows'] for k in w))
PY
}
echo "## honest v5 period bundle, right key (indices 4..7 are proven)"; show $W/period.evb $W/key.pub.json
echo "## shifted v5 bundle, right key"; show $W/att/shift.evb $W/key.pub.json
echo "## shifted v5 bundle, wrong key (no verified checkpoint): indeterminate, windows show leaf_index 5..8 (false)"; show $W/att/shift.evb $W/k2.pub.json
echo "## the same shift on a v4 (per-receipt) bundle: leaf_index edited in proofs.jsonl, wrong key"
ev export --dir "$L" --from "$T1" --to "$T2" --per-receipt-proofs -o "$W/p4.evb" >/dev/null; unpack "$W/p4.evb" "$W/p4"
mk shift4 $W/p4; python3 - $D/proofs.jsonl <<'PY'
import json, sys
p = sys.argv[1]; out = []
for l in open(p):
    o = json.loads(l); o['leaf_index'] += 1; out.append(json.dumps(o, sort_keys=True, separators=(',', ':')))
open(p, 'w').write('\n'.join(out) + '\n')
PY
python3 "$CASES/repack.py" $D $W/att/shift4.evb; show $W/att/shift4.evb $W/k2.pub.json
echo "RESULT: weakness (unproven indices presented like proven ones in an indeterminate report)"
