#!/bin/bash
# Runs the browser verifier (headless Chromium, scripts/verifier-test.py) on the key bundles.
source /tmp/rt12/env.sh
for b in /tmp/rt12/cheat/c1b-first-dropped-from-exact.v5.evb /tmp/rt12/cheat/ctl-first-dropped.v5.evb /tmp/rt12/cheat/ctl-mid-dropped.v2.evb /tmp/rt12/fork/fork-S-branch.v5.evb /tmp/rt12/cheat/c2-mid-dropped-action-all.v5.evb; do
  r=$(timeout 120 python3 /work/main/scripts/verifier-test.py verify --html /tmp/rt12/verifier.html --bundle $b --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --ledger-key /tmp/rt12/base/rot.json --crl $W/crl.pem 2>&1)
  echo "$(basename $b): $(echo "$r" | python3 -c 'import json,sys
try:
  j=json.load(sys.stdin)["report"]; print("status", j.get("verdict"), j["findings"][0]["check"] if j.get("findings") else "-")
except Exception as e: print("ERR", e)')"
done
for b in nfc nfd; do
  r=$(timeout 120 python3 /work/main/scripts/verifier-test.py verify --html /tmp/rt12/verifier.html --bundle /tmp/rt12/a1/$b.evb --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --crl $W/crl.pem 2>&1)
  echo "a1/$b.evb: $(echo "$r" | python3 -c 'import json,sys
try:
  j=json.load(sys.stdin)["report"]; print("status", j.get("verdict"), j["findings"][0]["check"] if j.get("findings") else "-")
except Exception as e: print("ERR", e)')"
done
