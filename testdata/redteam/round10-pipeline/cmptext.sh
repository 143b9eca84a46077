#!/bin/bash
# usage: cmptext.sh BUNDLE [extra args]  -> compares text output (--all --list) and --report-csv of OLD/NEW, ignoring the 'verified ... at' line
B=$1; shift
V="--tsa-roots /tmp/vb/tsa/root.pem --crl /tmp/vb/crl.pem --ledger-key /tmp/vb/key.pub.json"
O=/tmp/rt-pipe/out/$(basename $B .evb); mkdir -p $O
cd /tmp/rt-pipe
for s in before after; do
  rm -f $O/$s.csv $O/$s.html
  ./evident-$s verify $B $V --all --list --report-csv $O/$s.csv --report $O/$s.html "$@" > $O/$s.txt 2>$O/$s.txterr; echo $? > $O/$s.txtrc
  sed -i 's/ at 20[0-9-]*T[0-9:.]*Z$/ at X/' $O/$s.txt
done
if cmp -s $O/before.txt $O/after.txt && cmp -s $O/before.txtrc $O/after.txtrc && cmp -s $O/before.csv $O/after.csv; then echo "[text] SAME rc=$(cat $O/before.txtrc) lines=$(wc -l < $O/before.txt)"; else echo "[text] DIFF"; diff $O/before.txt $O/after.txt | head; diff $O/before.csv $O/after.csv | head -5; fi
diff <(sed 's/20[0-9][0-9]-[0-9-]*T[0-9:.]*Z//g' $O/before.html) <(sed 's/20[0-9][0-9]-[0-9-]*T[0-9:.]*Z//g' $O/after.html) > /dev/null && echo "[html] SAME-ish" || { echo "[html] differs (check timestamps)"; diff $O/before.html $O/after.html | head -4 | cut -c1-300; }
