#!/usr/bin/env bash
# `verify --receipt R --proof P --policy POL`: with a policy, the tlog-proof's checkpoint is checked
# against the policy's `log` keys only, so the key-end rule (a --proof checkpoint signed only by
# keys whose end has passed is indeterminate: docs/keys.md, red team round 14) is skipped.
# The ledger rotated K1 -> K2; K1 leaked and was revoked; the verifier is given K1, the rotation and
# the revocation, and a policy written before the rotation (log lines for K1 and K2, quorum none).
# A thief holding K1 signs, after its revocation, a one-leaf checkpoint of an honest receipt R (K2's):
# "the receipt is leaf 0 of the log at size 1 (root ...), signed by the log", exit 0.
# Without --policy the same proof is indeterminate.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W; the exits below are the result
cd "$W"
O=rt16.example/log
"$EV" ledger init --dir L --origin $O >/dev/null
"$EV" key new --output k1.json --public-out k1.pub.json --plaintext >/dev/null
"$EV" key new --output k2.json --public-out k2.pub.json --plaintext >/dev/null
P='"policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}'
draft() { echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"'$1'",'"$P"'}'; }
{ draft r0; draft r1; } | "$EV" mint --dir L --signing-key k1.json --jsonl >/dev/null
"$EV" key rotate --old k1.json --new k2.json -o rot.json >/dev/null
"$EV" ledger add-key-record --dir L --ledger-key k1.pub.json --record rot.json >/dev/null
{ draft r2; draft r3; } | "$EV" mint --dir L --signing-key k2.json --jsonl > m2.jsonl
"$EV" checkpoint sign --dir L --signing-key k2.json >/dev/null
sleep 0.3
"$EV" key revoke --key k1.pub.json --signer k2.json --from "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" --reason leaked -o rev.json >/dev/null
"$EV" ledger add-key-record --dir L --ledger-key k1.pub.json --record rev.json >/dev/null
sleep 0.3
# The regulator's policy (written while K1 was the log's key, K2 added at the rotation).
{ echo "log $("$EV" key show k1.pub.json --origin $O | sed -n 's/^vkey: //p')"
  echo "log $("$EV" key show k2.pub.json --origin $O | sed -n 's/^vkey: //p')"
  echo "quorum none"; } > policy.txt
python3 -c 'import json,sys;[print(json.dumps(json.loads(l)["receipt"],sort_keys=True,separators=(",",":"),ensure_ascii=False)) for l in open("m2.jsonl")]' | tail -1 > R.json
H=$(python3 -c 'import hashlib;print(hashlib.sha256(open("R.json","rb").read().rstrip(b"\n")).hexdigest())')
"$EV" proof inclusion "$H" --dir L --format tlog-proof > honest.tlog-proof
K="--ledger-key k1.pub.json --ledger-key rot.json --ledger-key rev.json"
echo "== the honest proof"
"$EV" verify --receipt R.json --proof honest.tlog-proof $K --policy policy.txt; echo "-> exit $?"
# The thief, after K1's revocation: R as leaf 0 of a one-leaf tree, the checkpoint signed with K1.
python3 - "$LIB" "$O" <<'PY'
import sys, base64, hashlib
sys.path.insert(0, sys.argv[1]); from sign import sign_note, leaf_hash
origin = sys.argv[2]
r = open("R.json", "rb").read().rstrip(b"\n")
note = sign_note("%s\n1\n%s\n" % (origin, base64.b64encode(leaf_hash(r)).decode()), origin, "k1.json")
open("thief.tlog-proof", "wb").write(b"c2sp.org/tlog-proof@v1\nextra " + base64.b64encode(hashlib.sha256(r).digest()) + b"\nindex 0\n\n" + note)
PY
echo "== the thief's proof, no policy"
"$EV" verify --receipt R.json --proof thief.tlog-proof $K; echo "-> exit $?"
echo "== the thief's proof, with the policy"
"$EV" verify --receipt R.json --proof thief.tlog-proof $K --policy policy.txt; echo "-> exit $?"
