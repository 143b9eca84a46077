#!/usr/bin/env bash
# W3/W5: refusals whose reason (not verdict) misleads: an index past the tree reported as a missing hash;
# a missing leaves.jsonl reported as a short proof; an unknown format version reported as "reads v2 and v3".
source "$(dirname "$0")/base.sh"
LINES_SHOWN=2
echo "## index 2^53-2 (past the covering size 12), proof kept: reason names node [10,12), not the index"; mk a14 $P; echo "[9007199254740990,1]" > $D/leaves.jsonl; fin a14; want 1 proof
echo "## leaves.jsonl absent: reason is 'fewer hashes', not 'receipt lines without an index'"; mk a17 $P; rm $D/leaves.jsonl; fin a17; want 1 proof
echo "## version 6: 'this verifier reads v2 and v3' (it reads v2-v5)"; mk b12 $P; fin b12 version=6; want 2
echo "## boundary/leaves.jsonl [7,2] (doc: one [index,1] per line) reaches completeness instead of a grammar refusal"
mk c2b $P; sed -i 4d $D/receipts.jsonl; echo "[4,3]" > $D/leaves.jsonl; { line $F/receipts.jsonl 8; line $F/receipts.jsonl 9; } > $D/boundary/receipts.jsonl
echo "[7,2]" > $D/boundary/leaves.jsonl; mproof 12 4,5,6,7,8 > $D/multiproof.bin; fin c2b counts.receipts=3; want 1
echo "## v5 bundle labelled v4: check named unlisted-file for a file the manifest does list"; mk b2 $P; fin b2 version=4; want 1
