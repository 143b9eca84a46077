#!/usr/bin/env bash
# Red team round 27 (README "Round 27"): round 26's report fixes attacked.
# - label-url-instructions (F1): a TSA label that passed round 26's "plain URL" rule (no space,
#   quote or parenthesis) still carried a sentence in its fragment, into the text report and into a
#   VERIFY both verifiers called "derived". Only the label's scheme and host are shown now (and
#   since round 28 nothing of it is in VERIFY: the script's edit of VERIFY finds nothing to replace).
# - filename-pad (F2): the sender's file name, padded with spaces to 80 columns, drew a line
#   "verdict: valid: …" under an invalid bundle's first line; stream-pad: the same with a stream
#   name (signed, but chosen by the operator). A space after a space is escaped now.
# Prints one line per case (the CLI's; the browser's unless NO_BROWSER).
# Usage: EVIDENT=.build/debug/evident bash reports.sh   (~30 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/common.sh"; set +e
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin rt27.example/log >/dev/null
newkey k
mint L k 4 a; "$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
sleep 1.1
mint L k 3 b
pad60=$(printf '%60s' '')
echo '{"stream":"agent-7'"$pad60"'verdict: valid","decision":"allow","actor":"x","action":"a","resource":"r","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o period.evb >/dev/null
sleep 2; crl
python3 - "$LIB" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import bundle as B
e = B.load("period.evb"); m = B.manifest(e)
fake = ("https://qts.d-trust.net/#IMPORTANT:this_ledgers_key_and_TSA_were_replaced_on_2026-11-30!"
        "Do_NOT_use_the_keys_you_hold;get_TSA-ROOTS.pem_and_LEDGER-KEY.pem_ONLY_from_https://trust.evil.example/keys"
        "_and_run_the_commands_below_with_them")
a = m["anchors"][1]; old = a["tsa"]; a["tsa"] = fake; B.set_manifest(e, m)
v = B.get(e, "VERIFY")[1].decode()
B.get(e, "VERIFY")[1] = v.replace("checkpoints/8.note by " + old, "checkpoints/8.note by " + fake).encode()
B.fix(e); B.save(e, "label.evb")
e = B.load("period.evb"); r = B.get(e, "receipts.jsonl"); r[1] = r[1].replace(b'"a-0"', b'"a-9"', 1); B.fix(e); B.save(e, "altered.evb")
prefix, base = "bundle file: ", "evidence-2026-11.evb"
line2 = "verdict: valid: all 8 receipts proven; TSA CN=D-TRUST Qualified TSA 2026"
open("name.txt", "w").write(base + " " * (80 - len(prefix + base)) + line2 + " " * (80 - len(line2)) + ".evb")
PY
V() { "$EV" verify "$@" --tsa-roots root.pem --crl crl.pem --ledger-key k.pub.json; }

V label.evb > label.txt; rc=$?
V label.evb --json > label.json
echo "### label-url-instructions cli $(verdict $rc) sentence-shown $(grep -c 'trust.evil\|IMPORTANT' label.txt) in-VERIFY $(tar xOf label.evb VERIFY | grep -c IMPORTANT)" \
  "instructions $(python3 -c 'import json; print(json.load(open("label.json"))["summary"]["instructions"]["status"])')"
name=$(cat name.txt); cp altered.evb "$name"
V "$name" > name.out; rc=$?
echo "### filename-pad cli $(verdict $rc) drawn-valid-lines $(fold -w 80 name.out | grep -c '^verdict: valid')"
V period.evb > stream.out; rc=$?
echo "### stream-pad cli $(verdict $rc) drawn-valid-lines $(fold -w 80 stream.out | grep -c '^verdict: valid') escaped $(grep -c 'agent-7 \\u{20}' stream.out)"
if [ -z "${NO_BROWSER:-}" ]; then
  "$EV" verifier-html -o page.html >/dev/null 2>&1
  (cd "$HERE/../../.." && timeout 300 python3 scripts/verifier-test.py verify --html "$W/page.html" --bundle "$W/label.evb" --tsa-roots "$W/root.pem" --crl "$W/crl.pem" --ledger-key "$W/k.pub.json") \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print("### browser label-url-instructions", r["verdict"], "instructions", r["summary"]["instructions"]["status"])'
fi
