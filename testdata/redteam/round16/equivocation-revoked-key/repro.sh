#!/usr/bin/env bash
# A thief holding a ledger key AFTER its revocation (the revocation given to the verifier with
# --ledger-key rev.json) signs a second checkpoint of the log's size with another root.
# `evident verify --equivocation` says PROVEN, exit 0 ("the log's key signed two trees that cannot
# both be states of one append-only log"): the revocation record given is read and ignored. The
# log never equivocated; a key that signs nothing from its revocation did, afterwards.
# (`checkpoint compare` the same: "equivocation", exit 1, and writes the proof.)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W; the exits below are the result
cd "$W"
"$EV" ledger init --dir L --origin rt16.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
P='"policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}'
for i in 0 1 2; do echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r'$i'",'"$P"'}'; done \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
# The honest checkpoint of size 3.
"$EV" checkpoint sign --dir L --signing-key k.json -o honest.note >/dev/null
sleep 0.3
# The key leaks and is revoked (the regulator is given the revocation).
"$EV" key revoke --key k.json --from "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" --reason leaked -o rev.json >/dev/null
sleep 0.3
# The thief, after the revocation: another size-3 tree, same origin and journal line.
python3 - "$LIB" <<'PY'
import sys, base64, hashlib
sys.path.insert(0, sys.argv[1]); from sign import sign_note
text = open("honest.note").read().split("\n\n")[0] + "\n"
lines = text.split("\n")
lines[2] = base64.b64encode(hashlib.sha256(b"not the log").digest()).decode()
open("thief.note", "wb").write(sign_note("\n".join(lines), lines[0], "k.json"))
b64 = lambda p: base64.b64encode(open(p, "rb").read()).decode()
open("eq.txt", "w").write("evident-equivocation/v1\nkind same-size\nnote %s\nnote %s\n" % (b64("honest.note"), b64("thief.note")))
PY
echo "revocation from: $(python3 -c 'import json;print(json.load(open("rev.json"))["from"])'); now: $(date -u +%FT%T.%3NZ)"
echo "\$ evident verify --equivocation eq.txt --ledger-key k.pub.json --ledger-key rev.json"
"$EV" verify --equivocation eq.txt --ledger-key k.pub.json --ledger-key rev.json; echo "-> exit $?"
echo "\$ evident checkpoint compare honest.note thief.note --ledger-key k.pub.json --ledger-key rev.json -o proof.txt"
"$EV" checkpoint compare honest.note thief.note --ledger-key k.pub.json --ledger-key rev.json -o proof.txt; echo "-> exit $?"
# The same with a rotation instead of a revocation: K rotated to K2 two days ago (its overlap of
# 24 h is over), the rotation given; the thief holds the retired K.
"$EV" key new --output k2.json --public-out k2.pub.json --plaintext >/dev/null
"$EV" key rotate --old k.json --new k2.json --at "$(date -u -d '-2 days' +%Y-%m-%dT%H:%M:%S.000Z)" -o rot.json >/dev/null
echo "\$ evident verify --equivocation eq.txt --ledger-key k.pub.json --ledger-key rot.json"
"$EV" verify --equivocation eq.txt --ledger-key k.pub.json --ledger-key rot.json | tail -1; echo "-> exit ${PIPESTATUS[0]}"
