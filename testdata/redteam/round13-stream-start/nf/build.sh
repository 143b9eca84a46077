#!/bin/bash
# NF: streams "café" NFC (caf\xc3\xa9) and NFD (cafe\xcc\x81) each with a predecessor before `from`;
# then a newer checkpoint that is NOT anchored (+ receipts after it), so the covering checkpoint is unanchored.
set -u
source /tmp/rt13/env.sh; start_tsa; key
D=/tmp/rt13/nf; G=$D/ledger; mkdir -p $D; rm -rf $G $D/*.evb $D/minted.jsonl
$E ledger init --dir $G --origin rt13.test/nf >/dev/null
NFC=$(printf 'caf\xc3\xa9'); NFD=$(printf 'cafe\xcc\x81')
m() { $E mint --dir $G --signing-key $W/key.json --stream "$1" --decision allow --actor a --action x --resource r$RANDOM --policy-id p --policy-version 1 --policy-file /work/main/testdata/redteam/round13-stream-start/nf/policy.txt ; }
echo p > $D/../nf-policy.txt; cp $D/../nf-policy.txt /work/main/testdata/redteam/round13-stream-start/nf/policy.txt
m "$NFC" >> $D/minted.jsonl; m "$NFD" >> $D/minted.jsonl; m "$NFC" >> $D/minted.jsonl
anchor $G >/dev/null 2>&1; sleep 1.2
m "$NFD" >> $D/minted.jsonl; m "$NFC" >> $D/minted.jsonl; m "$NFD" >> $D/minted.jsonl
anchor $G >/dev/null 2>&1; sleep 1.2
m "$NFC" >> $D/minted.jsonl; $E checkpoint --dir $G --signing-key $W/key.json >/dev/null   # newest checkpoint, unanchored
crl
python3 -c '
import json
for l in open("/tmp/rt13/nf/minted.jsonl"):
    j=json.loads(l); r=j["receipt"]; print(j["index"], j["stream"].encode().hex(), j["seq"], r["issued_at"])' | tee $D/minted.txt
t2=$(awk '$1==3{print $4}' $D/minted.txt)
for lay in v5 v2; do extra=""; [ $lay = v2 ] && extra=--per-receipt-proofs
  $E export --dir $G --stream "$NFC" --from $t2 $extra -o $D/nfc-from-t2.$lay.evb --force --allow-unanchored
  $E export --dir $G --stream "$NFD" --from $t2 $extra -o $D/nfd-from-t2.$lay.evb --force
  $E export --dir $G --stream "$NFD" --from $t2 --to 2099-01-01T00:00:00.000Z $extra -o $D/nfd-from-t2-to.$lay.evb --force
done
kill $(cat $W/tsa.pid)
