#!/bin/bash
# Base ledger for rt13. Leaf 0 = F#1 (key1); batch 1: S,T (key1); key rotation; batch 2: S,T,U then
# 9000 filler receipts of stream Z, then F#2 (key2: F's predecessor is leaf 0, > selectionWindow earlier);
# batch 3: S,T, "café" NFC and NFD, 40 streams M00..M39 x2 (key2). Each batch anchored.
set -u
source /tmp/rt13/env.sh; start_tsa; key
D=/tmp/rt13/base; G=$D/ledger; mkdir -p $D; rm -rf $G $D/*.evb $D/minted.jsonl $D/key2* $D/rot.json
$E ledger init --dir $G --origin rt13.test/base >/dev/null
mint() { # $1 key, stdin = "stream tag" lines
python3 -c '
import json, sys
for i, l in enumerate(sys.stdin):
    s, tag = l.rstrip("\n").split(" ")
    print(json.dumps({"stream": s, "decision": "allow" if i % 3 else "deny", "actor": "a", "action": "x",
                      "resource": f"{tag}-{i}", "scope": {}, "policy": {"id": "p", "version": "1", "hash": "ab"*32}}, ensure_ascii=False))
' | $E mint --dir $G --signing-key $1 --jsonl --batch 64 >> $D/minted.jsonl
}
{ echo "F b1"; for i in 1 2 3; do echo "S b1"; echo "T b1"; done; } | mint $W/key.json
anchor $G >/dev/null 2>&1
sleep 1.1
$E key new --output $D/key2.json --public-out $D/key2.pub.json --plaintext >/dev/null
$E key rotate --old $W/key.json --new $D/key2.json -o $D/rot.json >/dev/null
$E ledger add-key-record --dir $G --record $D/rot.json --ledger-key $W/key.pub.json
sleep 1.1
{ for i in 1 2; do echo "S b2"; echo "T b2"; echo "U b2"; done; for i in $(seq 9000); do echo "Z b2"; done; echo "F b2"; } | mint $D/key2.json
anchor $G $D/key2.json >/dev/null 2>&1
sleep 1.1
{ for i in 1 2 3; do echo "S b3"; echo "T b3"; done; printf 'caf\xc3\xa9 b3\ncafe\xcc\x81 b3\ncaf\xc3\xa9 b3\ncafe\xcc\x81 b3\ncaf\xc3\xa9 b3\n'; 
  for r in 1 2; do for m in $(seq -w 0 39); do echo "M$m b3"; done; done; } | mint $D/key2.json
anchor $G $D/key2.json >/dev/null 2>&1
crl
python3 -c '
import json
for l in open("/tmp/rt13/base/minted.jsonl"):
    j=json.loads(l); r=j["receipt"]
    if j["stream"]!="Z": print(j["index"], j["stream"], j["seq"], r["issued_at"], r["decision"], r["key_id"][:16])' > $D/minted.txt
$E ledger verify --dir $G --ledger-key $W/key.pub.json --ledger-key $D/rot.json; echo "ledger verify exit=$?"
kill $(cat $W/tsa.pid)
