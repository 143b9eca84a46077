#!/usr/bin/env bash
# Red team round 30 (README "Round 30"): the reports derive what is proven from which checks have
# findings, and both verifiers list at most 1,000. A thief's bundle (receipts signed by a key,
# anchored only after its revocation: receipt-key undecided for each) padded with 1,001 anchors
# of a TSA the regulator does not trust pushed every receipt-key finding out of the list, and the
# HTML report (CLI --report and the browser, one renderer) then listed "7 receipts were signed by
# a ledger key you gave" as proven. The first finding of each check and outcome is now always
# listed. Prints the CLI's lines (and, unless NO_BROWSER, the browser's and the HTML's).
# Usage: EVIDENT=.build/debug/evident bash findings-cap.sh   (~60 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/common.sh"; set +e
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin thief.example/log >/dev/null
newkey k
mint L k 4 a; mint L k 3 b; "$EV" checkpoint --dir L --signing-key k.json >/dev/null
sleep 1.1; R=$(date -u +%Y-%m-%dT%H:%M:%S.000Z); sleep 1.1
"$EV" key revoke --key k.json --from "$R" --reason "stolen" -o rev.json >/dev/null
anchor L k
"$EV" export --dir L --ledger-key k.pub.json -o thief.evb >/dev/null
sleep 2; crl
V() { "$EV" verify "$@" --tsa-roots root.pem --crl crl.pem --ledger-key k.pub.json --ledger-key rev.json; }
# A rogue TSA the regulator does not trust stamps the covering checkpoint's note 1,001 times.
"$EV" tsa init --dir rogue --key-type ec-p256 --subject "/O=Rogue/CN=Rogue TSA" >/dev/null
"$EV" tsa serve --dir rogue --listen 127.0.0.1:0 --port-file rport --log-level warning >/dev/null 2>&1 & rp=$!
for _ in $(seq 100); do [ -s rport ] && break; sleep 0.1; done
CS=$(tar xOf thief.evb manifest.json | python3 -c 'import json,sys; print(json.load(sys.stdin)["covering_tree_size"])')
mkdir -p pad; tar xOf thief.evb checkpoints/$CS.note > note
for i in $(seq 1001); do ln -sf ../note pad/n$i; done
( cd pad && "$EV" stamp --tsa "http://127.0.0.1:$(cat ../rport)/" --tsa-roots ../rogue/root.pem --concurrency 4 n* >/dev/null 2>&1 )
kill $rp
python3 "$HERE/pad.py" thief.evb padded.evb pad $CS rogue/chain.pem
for b in thief padded; do
  V $b.evb --json > $b.json; rc=$?
  python3 - $b.json "$(verdict $rc)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); checks = {f["check"] for f in d["findings"]}
print("###", sys.argv[1][:-5], "cli", sys.argv[2], "receipt-key-listed", "receipt-key" in checks,
      "omitted>0", d["summary"]["findings_omitted"] > 0)
PY
done
if [ -z "${NO_BROWSER:-}" ]; then
  V padded.evb --report padded.html >/dev/null 2>&1
  echo "### html padded proven-signatures $(timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$W/padded.html" 2>/dev/null | grep -c 'were signed by a ledger key you gave')"
  "$EV" verifier-html -o page.html >/dev/null 2>&1
  (cd "$LIB/../../.." && timeout 300 python3 scripts/verifier-test.py verify --html "$W/page.html" --bundle "$W/padded.evb" --tsa-roots "$W/root.pem" \
     --crl "$W/crl.pem" --ledger-key "$W/k.pub.json" --ledger-key "$W/rev.json") \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print("### browser padded", r["verdict"], "receipt-key-listed", any(f["check"] == "receipt-key" for f in r["findings"]))'
fi
