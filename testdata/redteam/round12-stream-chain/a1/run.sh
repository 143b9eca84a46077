#!/bin/bash
# A1: honest ledger, one mint batch holding "café" (NFC, U+00E9) and "café" (NFD, e + U+0301)
set -u
source /tmp/rt12/env.sh; start_tsa; key
D=/tmp/rt12/a1; G=$D/ledger; rm -rf $G $D/*.evb $D/minted.jsonl
$E ledger init --dir $G --origin rt12.test/a1 >/dev/null
python3 - <<'PY' | $E mint --dir $G --signing-key $W/key.json --jsonl --batch 64 > $D/minted.jsonl
import json
nfc, nfd = "caf\u00e9", "cafe\u0301"
for i, s in enumerate([nfc, nfd, nfc, nfd]):
    print(json.dumps({"stream": s, "decision": "allow", "actor": "a", "action": "x", "resource": f"r{i}", "scope": {}, "policy": {"id": "p", "version": "1", "hash": "ab"*32}}))
PY
sleep 1.1
# second batch: one more of each
python3 - <<'PY' | $E mint --dir $G --signing-key $W/key.json --jsonl --batch 64 >> $D/minted.jsonl
import json
for i, s in enumerate(["caf\u00e9", "cafe\u0301"]):
    print(json.dumps({"stream": s, "decision": "allow", "actor": "a", "action": "x", "resource": f"s{i}", "scope": {}, "policy": {"id": "p", "version": "1", "hash": "ab"*32}}))
PY
anchor $G >/dev/null 2>&1; crl
python3 -c '
import json
for l in open("/tmp/rt12/a1/minted.jsonl"):
    j=json.loads(l); print(j["index"], ascii(j["stream"]), j["seq"], (j["receipt"]["prev"] or "null")[:12], j["hash"][:12])'
$E ledger verify --dir $G --ledger-key $W/key.pub.json; echo "ledger verify exit=$?"
$E export --dir $G --stream "$(printf 'caf\xc3\xa9')" -o $D/nfc.evb --force >/dev/null
$E export --dir $G --stream "$(printf 'cafe\xcc\x81')" -o $D/nfd.evb --force >/dev/null
$E export --dir $G -o $D/full.evb --force >/dev/null
for b in nfc nfd full; do echo "== $b"; verify $D/$b.evb 2>&1 | tail -8; done
kill $(cat $W/tsa.pid)
