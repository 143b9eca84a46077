#!/usr/bin/env bash
# Receipts that are not the log's leaf at their stated index: swaps, shifts, foreign receipts, leaf/node confusion.
source "$(dirname "$0")/base.sh"; foreign
echo "## a1 reorder receipt lines 1 and 2 (runs, proof kept)"
mk a1 $P; { line $P/receipts.jsonl 2; line $P/receipts.jsonl 1; sed -n 3,4p $P/receipts.jsonl; } > $D/receipts.jsonl; fin a1; want 1 inclusion
echo "## a2 shift the run to [5,4] (boundary 4 and 9) with the log's honest multi-proof for those positions"
mk a2 $P; echo "[5,4]" > $D/leaves.jsonl; { line $F/receipts.jsonl 5; line $F/receipts.jsonl 10; } > $D/boundary/receipts.jsonl
printf '[4,1]\n[9,1]\n' > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7,8,9 > $D/multiproof.bin; fin a2; want 1 inclusion
echo "## b1 swap receipt line 2 for a validly signed receipt never logged (same key, same origin)"
mk b1 $P; { line $P/receipts.jsonl 1; line $W/l2.jsonl 2; sed -n 3,4p $P/receipts.jsonl; } > $D/receipts.jsonl; fin b1; want 1 inclusion
echo "## b1b full log plus a foreign receipt claimed at leaf 12 (= covering size)"
mk b1b $F; line $W/l2.jsonl 1 >> $D/receipts.jsonl; echo "[0,13]" > $D/leaves.jsonl; fin b1b counts.receipts=13; want 1 proof
echo "## b1c foreign receipt as the after-neighbour (leaf 8) to fake the period's end"
mk b1c $P; { line $P/boundary/receipts.jsonl 1; line $W/l2.jsonl 1; } > $D/boundary/receipts.jsonl; fin b1c; want 1 inclusion
echo "## b8 a 'receipt' line whose bytes are the two children of node [4,6) (leaf/node confusion), at leaf 4, proof of node [4,6) as computed"
mk b8 $P; python3 - "$F/receipts.jsonl" "$D" <<'PY'
import sys; sys.path.insert(0, __import__('os').environ['CASES']); import mp
L = [mp.leaf(x) for x in mp.lines(sys.argv[1])]; d = sys.argv[2]
r = mp.lines(d + '/receipts.jsonl')
# claim the subtree [4,6) as one leaf: line = L4||L5 (hex, since raw bytes may hold a newline), indices 4, 6, 7
open(d + '/receipts.jsonl', 'wb').write((L[4] + L[5]).hex().encode() + b'\n' + r[2] + b'\n' + r[3] + b'\n')
open(d + '/leaves.jsonl', 'w').write('[4,1]\n[6,2]\n')
open(d + '/multiproof.bin', 'wb').write(b''.join(mp.proof(L, 12, [3, 4, 6, 7, 8])))
PY
fin b8 counts.receipts=3; want 1 inclusion
echo "## b8b the raw 64 bytes L4||L5 themselves as the line (when they hold no newline), claimed at leaf 4 with [5,1] dropped"
mk b8b $P; python3 - "$F/receipts.jsonl" "$D" <<'PY'
import sys; sys.path.insert(0, __import__('os').environ['CASES']); import mp
L = [mp.leaf(x) for x in mp.lines(sys.argv[1])]; d = sys.argv[2]; r = mp.lines(d + '/receipts.jsonl')
raw = L[4] + L[5]
if b'\n' in raw: print('  (L4||L5 holds a newline byte: line split, structural refusal expected)')
open(d + '/receipts.jsonl', 'wb').write(raw + b'\n' + r[2] + b'\n' + r[3] + b'\n')
open(d + '/leaves.jsonl', 'w').write('[4,1]\n[6,2]\n')
open(d + '/multiproof.bin', 'wb').write(b''.join(mp.proof(L, 12, [3, 4, 6, 7, 8])))
PY
fin b8b counts.receipts=3; [ $RC = 0 ] && echo "RESULT: BREAK" || echo "RESULT: held (rc $RC)"
