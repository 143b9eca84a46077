#!/bin/bash
# NM: an operator who writes the store directly makes the log's time go back inside one stream:
# S#3 is minted at t_b; its store column issued_at is lowered (the signed body is untouched), then
# S#4 is minted with the clock 3 s back (faketime), so S#4's signed issued_at < S#3's. Then S#5,S#6.
# The export `--stream S --from X` (S#4 < X <= S#3) omits S#3 and carries S#4 as the boundary.
set -u
source /tmp/rt13/env.sh; start_tsa; key
D=/tmp/rt13/nm; G=$D/ledger; mkdir -p $D; rm -rf $G $D/*.evb $D/minted.jsonl
$E ledger init --dir $G --origin rt13.test/nm >/dev/null
m() { $E mint --dir $G --signing-key $W/key.json --stream $1 --decision allow --actor a --action x --resource r$RANDOM --policy-id p --policy-version 1 --policy-file /work/main/testdata/redteam/round13-stream-start/nm/policy.txt "${@:2}" ; }
m S >> $D/minted.jsonl; m T >> $D/minted.jsonl; m S >> $D/minted.jsonl
anchor $G >/dev/null 2>&1
sleep 6
m S >> $D/minted.jsonl                  # S#3, real clock t_b
sqlite3 $G/ledger.sqlite "UPDATE receipts SET issued_at = issued_at - 5000 WHERE idx = (SELECT MAX(idx) FROM receipts)"
faketime -f '-3s' $E mint --dir $G --signing-key $W/key.json --stream S --decision allow --actor a --action x --resource r4 --policy-id p --policy-version 1 --policy-file /work/main/testdata/redteam/round13-stream-start/nm/policy.txt >> $D/minted.jsonl   # S#4 at ~t_b-3s
sleep 1; m T >> $D/minted.jsonl; m S >> $D/minted.jsonl; m S >> $D/minted.jsonl
sleep 1; anchor $G >/dev/null 2>&1
crl
python3 -c '
import json
for l in open("/tmp/rt13/nm/minted.jsonl"):
    j=json.loads(l); r=j["receipt"]; print(j["index"], j["stream"], j["seq"], r["issued_at"])' | tee $D/minted.txt
$E ledger verify --dir $G --ledger-key $W/key.pub.json; echo "ledger verify exit=$?"
X=$(python3 -c '
import json
rs=[json.loads(l) for l in open("/tmp/rt13/nm/minted.jsonl")]
s3=[r for r in rs if r["stream"]=="S" and r["seq"]==3][0]["receipt"]["issued_at"]; print(s3)')
echo "X (from) = S#3 issued_at = $X"
for lay in v5 v2; do extra=""; [ $lay = v2 ] && extra=--per-receipt-proofs
  $E export --dir $G --stream S --from $X $extra -o $D/S-from-X.$lay.evb --force
  $E export --dir $G $extra -o $D/full.$lay.evb --force
  $E export --dir $G --stream S $extra -o $D/S.$lay.evb --force
done
kill $(cat $W/tsa.pid)
