#!/bin/bash
# vall.sh [-b] FILE... : verify each with the base trust inputs (TSA root, key1 + rotation record, crl);
# prints CLI exit + first finding; with -b also the browser verifier's (headless Chromium) verdict.
source /tmp/rt13/env.sh
B=0; [ "${1:-}" = -b ] && { B=1; shift; }
K2=${K2:-/tmp/rt13/base/rot.json}
for f in "$@"; do
  out=$($E verify $f --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --ledger-key $K2 --crl $W/crl.pem --json 2>&1); rc=$?
  cli=$(echo "$out" | python3 -c 'import json,sys
try:
  j=json.load(sys.stdin); fs=[x for x in j.get("findings",[]) if x.get("verdict")!="valid"]
  print(j.get("verdict"), (fs[0]["check"]+": "+fs[0].get("reason","")[:110]) if fs else "-")
except Exception as e: print("ERR", str(e)[:80])')
  line="$(basename $f): CLI exit=$rc $cli"
  if [ $B = 1 ]; then
    r=$(timeout 300 python3 /work/main/scripts/verifier-test.py verify --html /tmp/rt13/verifier.html --bundle $f --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --ledger-key $K2 --crl $W/crl.pem 2>&1)
    br=$(echo "$r" | python3 -c 'import json,sys
try:
  j=json.load(sys.stdin)["report"]; fs=[x for x in j.get("findings",[]) if x.get("verdict")!="valid"]
  print(j.get("verdict"), fs[0]["check"] if fs else "-")
except Exception as e: print("ERR", str(e)[:80])')
    line="$line | BROWSER $br"
  fi
  echo "$line"
done
