#!/bin/bash
# Honest log G with snapshots at sizes 4 (G4), 10 (G10), 16 (G16); period bundles with boundary receipts.
set -e
cd /tmp/rt-cmp/work
E=/tmp/rt-cmp/evident
rm -rf G G4 G10 G16 g*.evb
mint() { $E mint --dir $1 --signing-key k.json --stream $2 --decision allow --actor $3 --action act --resource r --scope t=x --policy-id p --policy-version 1 --policy-file pol.txt | python3 -c 'import sys,json; print(json.loads(sys.stdin.read())["receipt"]["issued_at"])'; }
$E ledger init --dir G --origin example.org/x >/dev/null
declare -a T
for i in $(seq 0 15); do
  T[$i]=$(mint G $([ $((i%2)) = 0 ] && echo s || echo t) g$i)
  n=$((i+1))
  if [ $n = 4 -o $n = 10 -o $n = 16 ]; then
    $E checkpoint --dir G --signing-key k.json -o notes/G$n.note --force >/dev/null
    cp -r G G$n
  fi
done
printf "%s\n" "${T[@]}" > G_times.txt
# full bundles
for n in 4 10 16; do
  $E export --dir G$n --allow-unanchored -o g$n.evb
  $E export --dir G$n --allow-unanchored -o g${n}v2.evb --per-receipt-proofs
done
# period: receipts 1..2 at size 4 (boundary 0 and 3); 2..5 at size 10 (boundary 1,6)
$E export --dir G4 --allow-unanchored --from ${T[1]} --to ${T[3]} -o g4p.evb
$E export --dir G10 --allow-unanchored --from ${T[2]} --to ${T[6]} -o g10p.evb
$E export --dir G16 --allow-unanchored --from ${T[3]} --to ${T[12]} -o g16p.evb
$E export --dir G10 --allow-unanchored --stream t -o g10t.evb
$E export --dir G16 --allow-unanchored --stream s -o g16s.evb
