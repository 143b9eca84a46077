#!/usr/bin/env bash
# The ledger's origin may hold U+202E (RIGHT-TO-LEFT OVERRIDE) and U+202C: `ledger init` accepts them as
# "printable". BundleVerifyText.header puts the origin into VERIFY raw (not
# DisplayText.safe, unlike the TSA label and key names), and `evident verify` reports the
# VERIFY file as "derived" (the text this verifier derives), vouching for a file whose first line
# a reader's terminal/editor shows reordered or broken.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W, start_tsa, TSA; the exits below are the result
start_tsa; cd "$W"
ORIGIN=$(printf '\u202egol/elpmaxe.knab\u202c')   # displays as bank.example/log
"$EV" ledger init --dir L --origin "$ORIGIN" >/dev/null || { echo "ledger init refused the origin"; exit 0; }
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots tsa/root.pem >/dev/null
sleep 2; "$EV" tsa crl --dir tsa -o crl.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
echo "--- VERIFY, first line, bytes (e2 80 a8 = U+2028, e2 80 ae = U+202E):"
tar -xOf b.evb VERIFY | head -1 | od -c | head -5
echo "--- evident verify:"
"$EV" verify b.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json > out.txt; echo "-> exit $?"
grep -a -i "instructions\|origin\|ledger" out.txt | head -5
"$EV" verify b.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print("summary.instructions =", d["summary"]["instructions"], "verdict =", d["verdict"])'
echo "raw U+202E bytes in VERIFY: $(tar -xOf b.evb VERIFY | grep -c $'\xe2\x80\xae')"
