#!/bin/bash
# Base honest ledger: streams S and T (and U starting late), 3 anchored batches, key rotation after batch 1.
set -u
source /tmp/rt12/env.sh; start_tsa; key
D=/tmp/rt12/base; G=$D/ledger; rm -rf $G $D/*.evb $D/minted.jsonl $D/key2* $D/rot.json
$E ledger init --dir $G --origin rt12.test/base >/dev/null
mint() { # $1 n, $2 tag, $3 key, $4 streams (comma)
python3 - "$1" "$2" "$4" <<'PY' | $E mint --dir $G --signing-key $3 --jsonl --batch 64 >> $D/minted.jsonl
import json, sys
n, tag, streams = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
for i in range(n):
    print(json.dumps({"stream": streams[i % len(streams)], "decision": "allow" if i % 3 else "deny", "actor": "a", "action": "x",
                      "resource": f"{tag}-{i}", "scope": {}, "policy": {"id": "p", "version": "1", "hash": "ab"*32}}))
PY
}
mint 6 b1 $W/key.json S,T; anchor $G >/dev/null 2>&1
sleep 1.1
$E key new --output $D/key2.json --public-out $D/key2.pub.json --plaintext >/dev/null
$E key rotate --old $W/key.json --new $D/key2.json -o $D/rot.json >/dev/null
$E ledger add-key-record --dir $G --record $D/rot.json --ledger-key $W/key.pub.json
sleep 1.1
mint 6 b2 $D/key2.json S,T,U; anchor $G $D/key2.json >/dev/null 2>&1
sleep 1.1
mint 6 b3 $D/key2.json S,T; anchor $G $D/key2.json >/dev/null 2>&1
crl
python3 -c '
import json
for l in open("/tmp/rt12/base/minted.jsonl"):
    j=json.loads(l); r=j["receipt"]; print(j["index"], j["stream"], j["seq"], r["issued_at"], r["decision"], r["key_id"][:16])' | tee $D/minted.txt
$E ledger verify --dir $G --ledger-key $W/key.pub.json --ledger-key $D/rot.json; echo "ledger verify exit=$?"
kill $(cat $W/tsa.pid)
