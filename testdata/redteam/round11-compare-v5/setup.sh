#!/bin/bash
# Build: key, honest log H (checkpoints at 4 and 10), bundles; fork logs F1/F2 same origin+key.
set -e
cd /tmp/rt-cmp/work
E=/tmp/rt-cmp/evident
rm -rf H F1 F2 k.json k.pub.json *.evb notes pol.txt
mkdir notes
echo "policy" > pol.txt
$E key new -o k.json --public-out k.pub.json --plaintext >/dev/null
mint() { # dir stream actor
  $E mint --dir $1 --signing-key k.json --stream $2 --decision allow --actor $3 --action act --resource r --scope t=x --policy-id p --policy-version 1 --policy-file pol.txt >/dev/null
}
$E ledger init --dir H --origin example.org/x >/dev/null
for i in 0 1 2 3; do mint H s a$i; done
$E checkpoint --dir H --signing-key k.json -o notes/H4.note --force >/dev/null
$E export --dir H --allow-unanchored -o H4.evb
$E export --dir H --allow-unanchored -o H4v2.evb --per-receipt-proofs
for i in 4 5 6 7 8 9; do mint H t b$i; done
$E checkpoint --dir H --signing-key k.json -o notes/H10.note --force >/dev/null
$E export --dir H --allow-unanchored -o H10.evb
$E export --dir H --allow-unanchored -o H10v2.evb --per-receipt-proofs
$E export --dir H --allow-unanchored --stream t -o H10t.evb
$E export --dir H --allow-unanchored --stream s -o H10s.evb
# fork
for F in F1 F2; do
 $E ledger init --dir $F --origin example.org/x >/dev/null
done
for i in 0 1 2; do mint F1 s f1_$i; done
for i in 0 1 2 3 4; do mint F2 s f2_$i; done
$E checkpoint --dir F1 --signing-key k.json -o notes/F1.note --force >/dev/null
$E checkpoint --dir F2 --signing-key k.json -o notes/F2.note --force >/dev/null
$E export --dir F1 --allow-unanchored -o F1.evb
$E export --dir F2 --allow-unanchored -o F2.evb
$E export --dir F1 --allow-unanchored -o F1v2.evb --per-receipt-proofs
$E export --dir F2 --allow-unanchored -o F2v2.evb --per-receipt-proofs
