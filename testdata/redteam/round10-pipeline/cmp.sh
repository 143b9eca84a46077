#!/bin/bash
# usage: cmp.sh BUNDLE [extra verify args]   -> runs OLD then NEW with --all --json and without --all; compares
B=$1; shift
V="--tsa-roots /tmp/vb/tsa/root.pem --crl /tmp/vb/crl.pem --ledger-key /tmp/vb/key.pub.json"
O=/tmp/rt-pipe/out/$(basename $B .evb); mkdir -p $O
cd /tmp/rt-pipe
for mode in all first; do
  if [ $mode = all ]; then X="--all"; else X=""; fi
  ./evident-before verify $B $V $X --json "$@" > $O/old.$mode.json 2>$O/old.$mode.err; echo $? > $O/old.$mode.rc
  ./evident-after  verify $B $V $X --json "$@" > $O/new.$mode.json 2>$O/new.$mode.err; echo $? > $O/new.$mode.rc
  for s in old new; do python3 - $O/$s.$mode.json <<'PY'
import json,sys
p=sys.argv[1]
try:
  d=json.load(open(p))
  d.pop('verified_at',None)
  json.dump(d,open(p+'.n','w'),sort_keys=True,indent=0)
except Exception as e:
  open(p+'.n','w').write(open(p).read())
PY
  done
  if cmp -s $O/old.$mode.json.n $O/new.$mode.json.n && cmp -s $O/old.$mode.rc $O/new.$mode.rc && diff -q <(sed 's/[0-9.]*s\b//g' $O/old.$mode.err) <(sed 's/[0-9.]*s\b//g' $O/new.$mode.err) >/dev/null; then
    echo "[$mode] SAME rc=$(cat $O/old.$mode.rc) $(python3 -c "import json;d=json.load(open('$O/old.$mode.json.n'));f=d.get('findings',[]);print(d.get('verdict'),len(f),f[0] if f else '')" 2>/dev/null | cut -c1-300)"
  else
    echo "[$mode] DIFF rc old=$(cat $O/old.$mode.rc) new=$(cat $O/new.$mode.rc)"
    diff $O/old.$mode.json.n $O/new.$mode.json.n | head -20
    diff $O/old.$mode.err $O/new.$mode.err | head -10
  fi
done
