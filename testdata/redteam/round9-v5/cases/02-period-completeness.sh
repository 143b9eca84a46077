#!/usr/bin/env bash
# A period that looks complete but is not: receipts dropped, boundaries moved/removed/faked, filters relabelled.
source "$(dirname "$0")/base.sh"
echo "## a3 drop the middle receipt (leaf 6) with an honest multi-proof for the rest"
mk a3 $P; sed -i 3d $D/receipts.jsonl; printf '[4,2]\n[7,1]\n' > $D/leaves.jsonl; mproof 12 3,4,5,7,8 > $D/multiproof.bin; fin a3 counts.receipts=3; want 1 completeness
echo "## a4 drop the last receipt (leaf 7) and present leaf 7 as the after-neighbour"
mk a4 $P; sed -i 4d $D/receipts.jsonl; echo "[4,3]" > $D/leaves.jsonl; { line $P/boundary/receipts.jsonl 1; line $F/receipts.jsonl 8; } > $D/boundary/receipts.jsonl
printf '[3,1]\n[7,1]\n' > $D/boundary/leaves.jsonl; mproof 12 3,4,5,6,7 > $D/multiproof.bin; fin a4 counts.receipts=3; want 1 completeness
echo "## a4b drop the first receipt (leaf 4) and present leaf 4 as the before-neighbour"
mk a4b $P; sed -i 1d $D/receipts.jsonl; echo "[5,3]" > $D/leaves.jsonl; { line $F/receipts.jsonl 5; line $P/boundary/receipts.jsonl 2; } > $D/boundary/receipts.jsonl
printf '[4,1]\n[8,1]\n' > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7,8 > $D/multiproof.bin; fin a4b counts.receipts=3; want 1 completeness
echo "## a5 remove the after-neighbour (and its proof part)"
mk a5 $P; line $P/boundary/receipts.jsonl 1 > $D/boundary/receipts.jsonl; echo "[3,1]" > $D/boundary/leaves.jsonl; mproof 12 3,4,5,6,7 > $D/multiproof.bin; fin a5; want 3 completeness
echo "## a6 remove both neighbours"
mk a6 $P; : > $D/boundary/receipts.jsonl; : > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7 > $D/multiproof.bin; fin a6; want 3 completeness
echo "## a6b remove both neighbours and claim an open period (from/to null)"
mk a6b $P; : > $D/boundary/receipts.jsonl; : > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7 > $D/multiproof.bin; fin a6b scope.from=null scope.to=null; want 1 completeness
echo "## a7 selection 5..7 with boundaries at 3 and 4 encoded as one run [3,2]"
mk a7 $P; sed -i 1d $D/receipts.jsonl; echo "[5,3]" > $D/leaves.jsonl; { line $F/receipts.jsonl 4; line $F/receipts.jsonl 5; } > $D/boundary/receipts.jsonl
echo "[3,2]" > $D/boundary/leaves.jsonl; mproof 12 3,4,5,6,7 > $D/multiproof.bin; fin a7 counts.receipts=3; want 1
echo "## c2b selection 4..6 with boundaries 7 and 8 as one run [7,2] (doc grammar: one [index,1] per line)"
mk c2b $P; sed -i 4d $D/receipts.jsonl; echo "[4,3]" > $D/leaves.jsonl; { line $F/receipts.jsonl 8; line $F/receipts.jsonl 9; } > $D/boundary/receipts.jsonl
echo "[7,2]" > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7,8 > $D/multiproof.bin; fin c2b counts.receipts=3; want 1
echo "## a8 a boundary index equal to a selection index"
mk a8 $P; printf '[4,1]\n[8,1]\n' > $D/boundary/leaves.jsonl; { line $F/receipts.jsonl 5; line $P/boundary/receipts.jsonl 2; } > $D/boundary/receipts.jsonl; mproof 12 4,5,6,7,8 > $D/multiproof.bin; fin a8; want 1 proof
echo "## a9 three boundary receipts"
mk a9 $P; { cat $P/boundary/receipts.jsonl; line $F/receipts.jsonl 10; } > $D/boundary/receipts.jsonl; printf '[3,1]\n[8,2]\n' > $D/boundary/leaves.jsonl; mproof 12 3,4,5,6,7,8,9 > $D/multiproof.bin; fin a9; want 1 completeness
echo "## c2 boundary runs in reverse order"
mk c2 $P; { line $P/boundary/receipts.jsonl 2; line $P/boundary/receipts.jsonl 1; } > $D/boundary/receipts.jsonl; printf '[8,1]\n[3,1]\n' > $D/boundary/leaves.jsonl; fin c2; want 1 order
echo "## c6 whole log minus its last receipt, open end"
mk c6 $F; sed -i 12d $D/receipts.jsonl; echo "[0,11]" > $D/leaves.jsonl; mproof 12 $(seq -s, 0 10) > $D/multiproof.bin; fin c6 counts.receipts=11; want 1 completeness
echo "## c6b whole log minus its first receipt, open start"
mk c6b $F; sed -i 1d $D/receipts.jsonl; echo "[1,11]" > $D/leaves.jsonl; mproof 12 $(seq -s, 1 11) > $D/multiproof.bin; fin c6b counts.receipts=11; want 1 completeness
echo "## b6 filtered export (--stream s1) relabelled as a period (scope.stream null)"
mk b6 $Q; fin b6 scope.stream=null; want 1 completeness
echo "## b6b filtered export relabelled as a period with neighbours taken from the log, run broken"
mk b6b $Q; fin b6b scope.stream=null scope.from=null scope.to=null; want 1 completeness
echo "## b7 boundary receipts only, no receipt"
mk b7 $P; : > $D/receipts.jsonl; : > $D/leaves.jsonl; mproof 12 3,8 > $D/multiproof.bin; fin b7 counts.receipts=0; want 1 selection
echo "## a10 a receipt line repeated (runs [4,4],[7,1])"
mk a10 $P; { cat $P/receipts.jsonl; line $P/receipts.jsonl 4; } > $D/receipts.jsonl; printf '[4,4]\n[7,1]\n' > $D/leaves.jsonl; fin a10 counts.receipts=5; want 1 order
echo "## a10b a receipt line repeated in place of the next one (leaf 5 holds receipt 4 twice)"
mk a10b $P; { line $P/receipts.jsonl 1; line $P/receipts.jsonl 1; sed -n 3,4p $P/receipts.jsonl; } > $D/receipts.jsonl; fin a10b; want 1 inclusion
echo "## a20 period claims [from, to) widened by 1 h past the after-neighbour"
to2=$(python3 -c "import datetime as d;print((d.datetime.strptime('$T2','%Y-%m-%dT%H:%M:%S.000Z')+d.timedelta(hours=1)).strftime('%Y-%m-%dT%H:%M:%S.000Z'))")
mk a20 $P; fin a20 scope.to="\"$to2\""; want 1 completeness
echo "## a21 period claims narrowed so that a receipt falls outside it"
mk a21 $P; fin a21 scope.to="\"$(line $P/receipts.jsonl 4 | python3 -c 'import json,sys;print(json.loads(sys.stdin.read())["issued_at"])')\""; want 1 selection
