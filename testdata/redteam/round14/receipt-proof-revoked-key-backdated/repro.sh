#!/usr/bin/env bash
# A thief holding a leaked ledger key signs a receipt backdated before the key's revocation and a
# one-leaf "checkpoint" of their own containing it. The regulator is given the revocation, yet
# `verify --receipt --proof` says valid ("leaf 0 of <origin> ... signed by the log").
# The bundle verifier treats the same situation (a revoked key, no anchor predating the revocation)
# as indeterminate (docs/verification.md "Keys": key-revoked-backdated).
set -uo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}
HERE=$(cd "$(dirname "$0")/../../lib" && pwd)  # the shared red-team helpers: sign.py, bundle.py
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT; cd "$W"
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
# The honest operator revokes the key from now (leaked).
"$EV" key revoke --key k.json --from "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" --reason "key file leaked" --output rev.json >/dev/null
# The thief: a receipt issued one hour before the revocation, and a size-1 checkpoint of it.
python3 - "$HERE" <<'PY'
import sys, json, base64, time
sys.path.insert(0, sys.argv[1]); from sign import *
t = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3600))
d = {"v": "1.0", "stream": "payments", "seq": 1, "prev": None, "issued_at": t, "decision": "allow",
     "actor": "cfo", "action": "transfer", "resource": "payments:1000000-EUR", "scope": {}, "evidence": [],
     "approvals": [], "parents": [], "policy": {"id": "p", "version": "1", "hash": "ab" * 32}}
body = sign_receipt(d, "k.json"); open("forged.json", "wb").write(body)
note = "rt14.example/log\n1\n%s\n" % base64.b64encode(leaf_hash(body)).decode()
open("forged.tlog", "wb").write(b"c2sp.org/tlog-proof@v1\nindex 0\n\n" + sign_note(note, "rt14.example/log", "k.json"))
PY
echo "\$ evident verify --receipt forged.json --proof forged.tlog --ledger-key k.pub.json --ledger-key rev.json"
"$EV" verify --receipt forged.json --proof forged.tlog --ledger-key k.pub.json --ledger-key rev.json; echo "-> exit $?"
echo "\$ evident receipt verify --receipt forged.json --ledger-key k.pub.json rev.json"
"$EV" receipt verify --receipt forged.json --ledger-key k.pub.json rev.json; echo "-> exit $?"
echo "\$ evident gate ... (for contrast: checks the key at now)"
"$EV" gate --receipt forged.json --action transfer --resource payments:1000000-EUR --ledger-key k.pub.json --ledger-key rev.json; echo "-> exit $?"
