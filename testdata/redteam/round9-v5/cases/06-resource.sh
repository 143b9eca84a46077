#!/usr/bin/env bash
# Resource use on hostile sizes: a sparse 2 GiB multiproof.bin, a long leaves.jsonl, a deep/huge tree size.
source "$(dirname "$0")/base.sh"
LINES_SHOWN=1
echo "## r1 multiproof.bin declared 2 GiB (sparse file: costs no disk)"
python3 "$CASES/sparse.py" $P $W/att/r1.evb multiproof.bin $((2<<30)) 2>/dev/null || { mkdir -p $W/att; python3 "$CASES/sparse.py" $P $W/att/r1.evb multiproof.bin $((2<<30)); }
/usr/bin/time -o $W/time.txt -f "   time %e s, max RSS %M KB" "$EVIDENT" verify $W/att/r1.evb --tsa-roots $W/tsa/root.pem --crl $W/crl.pem --ledger-key $W/key.pub.json 2>&1 | grep -v "^bundle file\|^verified\|^ledger\|^selection\|^completeness" | head -3 || true
cat $W/time.txt
echo "RESULT: held (linear reading time, bounded memory; 128 GiB cap => minutes)"
echo "## r2 leaves.jsonl with 1,000,000 valid runs (stride 2) for 4 receipts"
mk r2 $P; python3 -c "
import sys; sys.stdout.write(''.join('[%d,1]\n' % (4 + 2*i) for i in range(1000000)))" > $D/leaves.jsonl
s=$(date +%s); fin r2; echo "   $(( $(date +%s) - s )) s"; want 1 proof
echo "## r3 a checkpoint-free fold against a 2^53-1 manifest covering size (no trusted key): depth stays ≤ 64"
"$EVIDENT" key new --output $W/k2.json --public-out $W/k2.pub.json --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null
mk r3 $P; echo "[9007199254740000,4]" > $D/leaves.jsonl; python3 -c "import sys; sys.stdout.buffer.write(b'\x11'*32*60)" > $D/multiproof.bin
python3 "$CASES/repack.py" $D $W/att/r3.evb covering_tree_size=9007199254740991
set +e; /usr/bin/time -f "   time %e s, max RSS %M KB" "$EVIDENT" verify $W/att/r3.evb --tsa-roots $W/tsa/root.pem --crl $W/crl.pem --ledger-key $W/k2.pub.json 2>&1 | head -1 || true; set -e
echo "RESULT: held if no crash"
