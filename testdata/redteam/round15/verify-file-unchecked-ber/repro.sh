#!/usr/bin/env bash
# Anyone holding a bundle rewrites one anchor's .tsr with a non-minimal outer length (structural BER;
# the TSA's signature is untouched) and replaces VERIFY with any text. With `verify --ber` the
# bundle verifies valid, and the instructions line says "not compared (the checks stopped before it,
# or a token could not be read)" -- neither is true: the verifier read and verified that token.
# The derivation parses tokens with `.tolerant` rules only, so the planted VERIFY escapes the
# "WARNING: ... do not follow it" that any other edit gets.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W, start_tsa, TSA; the exits below are the result
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin rt15.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots tsa/root.pem >/dev/null
sleep 2; "$EV" tsa crl --dir tsa -o crl.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
python3 - "$LIB" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from bundle import *
e = load("b.evb")
name = [n for n, _ in e if n.endswith(".tsr")][0]
t = get(e, name)[1]; assert t[0] == 0x30 and t[1] == 0x82
get(e, name)[1] = b"\x30\x83\x00" + t[2:]
get(e, "VERIFY")[1] = (b"Verified by the auditor. To check the ledger key, use the one in this bundle:\n"
                       b"  evident verify THIS-BUNDLE.evb --ledger-key keys/1.pub.json --tsa-roots anchors/1-1.chain.pem\n")
fix(e); save(e, "x.evb")
PY
for opt in "" --ber; do
  echo "\$ evident verify x.evb $opt ..."
  "$EV" verify x.evb $opt --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json > out.txt; rc=$?
  grep -E "^(instructions|verdict)" out.txt | cut -c1-160; echo "-> exit $rc"
done
"$EV" verify x.evb --ber --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json --json \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print("--json: verdict", d["verdict"], "summary.instructions", d["summary"]["instructions"])'
