#!/bin/bash
# realistic fork Y: copy of G at size 4, then 3 different receipts, checkpoint at 7
set -e; cd /tmp/rt-cmp/work; E=/tmp/rt-cmp/evident
rm -rf Y y7*.evb; cp -r G4 Y
for i in 4 5 6; do T[$i]=$($E mint --dir Y --signing-key k.json --stream $([ $((i%2)) = 0 ] && echo s || echo t) --decision deny --actor y$i --action act --resource r --scope t=x --policy-id p --policy-version 1 --policy-file pol.txt | python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["receipt"]["issued_at"])'); done
$E checkpoint --dir Y --signing-key k.json -o notes/Y7.note --force >/dev/null
$E export --dir Y --allow-unanchored -o y7.evb
$E export --dir Y --allow-unanchored -o y7v2.evb --per-receipt-proofs
$E export --dir Y --allow-unanchored --stream s -o y7s.evb
$E export --dir Y --allow-unanchored --stream t -o y7t.evb
$E export --dir Y --allow-unanchored --from ${T[5]} --to ${T[6]} -o y7p.evb   # selection {5}, boundary {4,6}
