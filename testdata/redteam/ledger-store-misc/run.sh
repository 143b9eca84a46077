#!/bin/bash
# Store tampering by someone without the ledger key: checkpoints signed by unknown keys, bad journal records, swapped anchors.
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K; newkey K2
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 4 a
anchor $W/L K
$EV key rotate --old $W/K.json --new $W/K2.json --output $W/rot.json >/dev/null
$EV ledger add-key-record --dir $W/L --record $W/rot.json --ledger-key $W/K.pub.json >/dev/null
mint $W/L K2 3 b
anchor $W/L K2
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
for m in ${MODES:-cp-unknown-badroot cp-unknown-goodroot cp-unknown-bigger rec-tampered rec-unknown anchor-swapped}; do
  rm -rf $W/L-$m; cp -a $W/L $W/L-$m
  python3 tamper.py $W/L-$m/ledger.sqlite $m
  echo "== $m"; run $EV ledger verify --dir $W/L-$m --ledger-key $W/K.pub.json
done
