#!/bin/bash
# Output targets: symlinks, dangling symlinks, hard links, FIFOs, directories, existing files, for --report / export -o / -o.
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 4 a; anchor $W/L K; sleep 2; crl
V="--tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json"
$EV export --dir $W/L -o $W/b.evb >/dev/null
mkdir -p $W/out; cd $W/out
echo victim > victim.txt
ln -s victim.txt link-report.html
ln -s nowhere.txt dangling.html
ln victim.txt hard.html
mkfifo fifo.html
mkdir dir.html
echo old > existing.html
for t in link-report.html dangling.html hard.html fifo.html dir.html existing.html; do
  echo "== --report $t"; run timeout 10 $EV verify $W/b.evb $V --report $t
  ls -l $t | cut -c1-10; echo "victim: $(cat victim.txt | head -c 40)"; ls nowhere.txt 2>/dev/null || true
done
for t in link-report.html dangling.html hard.html fifo.html existing.html; do
  echo "== export -o $t"; run timeout 10 $EV export --dir $W/L -o $t
  echo "victim: $(head -c 20 victim.txt | tr -dc '[:print:]')"; ls nowhere.txt 2>/dev/null || true
done
for t in link-report.html dangling.html hard.html; do
  echo "== checkpoint -o $t"; run timeout 10 $EV checkpoint --dir $W/L --signing-key $W/K.json -o $t
  echo "victim: $(head -c 20 victim.txt | tr -dc '[:print:]')"; ls nowhere.txt 2>/dev/null || true
  echo "== tsa crl -o $t"; run timeout 10 $EV tsa crl --dir $W/tsa -o $t
  echo "victim: $(head -c 20 victim.txt | tr -dc '[:print:]')"; ls nowhere.txt 2>/dev/null || true
  echo "== key new --output $t"; run timeout 10 $EV key new --output $t --plaintext
  echo "victim: $(head -c 20 victim.txt | tr -dc '[:print:]')"; ls nowhere.txt 2>/dev/null || true
done
echo "== symlinked directory component"
mkdir real; ln -s real linkdir
run $EV verify $W/b.evb $V --report linkdir/r.html; ls real
ls -la
