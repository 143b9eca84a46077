#!/bin/bash
# A store tamperer without the ledger key rewrites a receipt and names an unknown key id in it, hoping
# `ledger verify` (which now counts unknown-key receipts as indeterminate) reports indeterminate, not invalid.
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 6 a
anchor $W/L K
mint $W/L K 2 b
for m in a b; do
  rm -rf $W/L-$m; cp -a $W/L $W/L-$m
  python3 tamper.py $W/L-$m/ledger.sqlite $m 2
  run $EV ledger verify --dir $W/L-$m --ledger-key $W/K.pub.json
done
rm -rf $W/L-c; cp -a $W/L $W/L-c
python3 tamper.py $W/L-c/ledger.sqlite c 7
run $EV ledger verify --dir $W/L-c --ledger-key $W/K.pub.json
for m in d e f g h; do
  rm -rf $W/L-$m; cp -a $W/L $W/L-$m
  python3 tamper2.py $W/L-$m/ledger.sqlite $m
  echo "mode $m:"; run $EV ledger verify --dir $W/L-$m --ledger-key $W/K.pub.json
done
