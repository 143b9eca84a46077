#!/usr/bin/env bash
# leaves.jsonl grammar, giant numbers, counts vs lines, missing files; multiproof.bin hashes added/removed/partial.
source "$(dirname "$0")/base.sh"
LINES_SHOWN=2
for v in '[04,4]' '[4, 4]' '[4,4] ' '[4,0]' '[-0,4]' '[4,4]\r' '[4,4e0]' '[+4,4]' '[4,4,]' '{"first":4}' '[9999999999999999,4]' '[4,9007199254740991]' '[9007199254740991,1]'; do
  echo "## runs line: $v"; mk g $P; printf "$v\n" > $D/leaves.jsonl; fin g; want 1 proof; done
echo "## a15c run [0,2^53-1] (count far past the covering size)"; mk a15c $P; echo "[0,9007199254740991]" > $D/leaves.jsonl; fin a15c; want 1 proof
echo "## a14 run [2^53-2,1]: an index far past the covering size, proof kept"
mk a14 $P; echo "[9007199254740990,1]" > $D/leaves.jsonl; fin a14; want 1 proof
echo "   (reason names a missing hash for node [10,12), not the out-of-range index: see W3)"
echo "## a14b same index, the proof padded so the walk reaches the index check"
mk a14b $P; echo "[9007199254740990,1]" > $D/leaves.jsonl; mproof 12 3,8 > $D/multiproof.bin; fin a14b; want 1 proof
echo "## a14c index = covering size exactly"; mk a14c $P; echo "[12,1]" > $D/leaves.jsonl; sed -i '2,4d' $D/receipts.jsonl; mproof 12 3,8 > $D/multiproof.bin; fin a14c counts.receipts=1; want 1 proof
echo "## runs touching ([4,2],[6,2]: non-maximal encoding of the same set)"; mk t $P; printf '[4,2]\n[6,2]\n' > $D/leaves.jsonl; fin t; want 1 proof
echo "## empty line in leaves.jsonl"; mk e $P; printf '[4,4]\n\n' > $D/leaves.jsonl; fin e; want 1 proof
echo "## no final newline"; mk nf $P; printf '[4,4]' > $D/leaves.jsonl; fin nf; want 1 proof
echo "## c4 runs list more leaves than receipt lines"; mk c4 $P; sed -i 4d $D/receipts.jsonl; fin c4 counts.receipts=3; want 1 proof
echo "## c4b runs list fewer leaves than receipt lines"; mk c4b $P; echo "[4,3]" > $D/leaves.jsonl; mproof 12 3,4,5,6,8 > $D/multiproof.bin; fin c4b; want 1 proof
echo "## a17 leaves.jsonl absent (unlisted)"; mk a17 $P; rm $D/leaves.jsonl; fin a17; want 1 proof
echo "   (reason: 'fewer hashes than the leaves' positions call for', not 'receipt lines without an index': see W3)"
echo "## a18 multiproof.bin absent"; mk a18 $P; rm $D/multiproof.bin; fin a18; want 1 proof
echo "## a19 boundary/leaves.jsonl absent"; mk a19 $P; rm $D/boundary/leaves.jsonl; fin a19; want 1 proof
echo "## a19b boundary/receipts.jsonl absent, its indices kept"; mk a19b $P; rm $D/boundary/receipts.jsonl; fin a19b; want 1 proof
echo "## a11 one extra proof hash (the last one repeated)"; mk a11 $P; tail -c 32 $P/multiproof.bin >> $D/multiproof.bin; fin a11; want 1 proof
echo "## a11b extra zero hash prepended"; mk a11b $P; { head -c 32 /dev/zero; cat $P/multiproof.bin; } > $D/multiproof.bin; fin a11b; want 1
echo "## a12 proof cut to 97 bytes"; mk a12 $P; head -c 97 $P/multiproof.bin > $D/multiproof.bin; fin a12; want 1 proof
echo "## a13 last hash removed"; mk a13 $P; head -c 96 $P/multiproof.bin > $D/multiproof.bin; fin a13; want 1 proof
echo "## a13b two proof hashes swapped"; mk a13b $P; python3 -c "
b=open('$P/multiproof.bin','rb').read(); h=[b[i:i+32] for i in range(0,len(b),32)]; h[0],h[1]=h[1],h[0]; open('$D/multiproof.bin','wb').write(b''.join(h))"; fin a13b; want 1 inclusion
echo "## a13c whole-log bundle with one proof hash (none is due)"; mk a13c $F; head -c 32 $P/multiproof.bin > $D/multiproof.bin; fin a13c; want 1 proof
