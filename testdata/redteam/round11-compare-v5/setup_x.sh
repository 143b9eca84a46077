#!/bin/bash
# fork oracle: log X, same origin+key as G, 4 different leaves, checkpoint at 4
set -e; cd /tmp/rt-cmp/work; E=/tmp/rt-cmp/evident
rm -rf X x4*.evb
$E ledger init --dir X --origin example.org/x >/dev/null
for i in 0 1 2 3; do T[$i]=$($E mint --dir X --signing-key k.json --stream s --decision deny --actor x$i --action act --resource r --scope t=x --policy-id p --policy-version 1 --policy-file pol.txt | python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["receipt"]["issued_at"])'); done
$E checkpoint --dir X --signing-key k.json -o notes/X4.note --force >/dev/null
$E export --dir X --allow-unanchored -o x4.evb
$E export --dir X --allow-unanchored --from ${T[1]} --to ${T[3]} -o x4p.evb
