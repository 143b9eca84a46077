#!/usr/bin/env bash
# A thief holding the ledger key AFTER its revocation (the revocation given to the verifier) turns an
# honest period bundle into a "complete" one that withholds a receipt: it appends a fake right
# neighbour (a receipt backdated before the revocation, issued at `to`) under a new covering
# checkpoint signed with the revoked key and never anchored. The honest leaf 3 (receipt X, issued
# before `to`) is gone. `evident verify` says valid, "completeness: proven".
# docs/verification.md "Keys": "a receipt or checkpoint signed by a key whose validity end has passed
# counts only if its first covering anchor proves it existed before that end" -- but the checkpoint
# rule skips checkpoints with no anchor, and boundary receipts are never held to that rule.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W, start_tsa, TSA; the exits below are the result
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin rt15.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
P='"policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}'
for i in 0 1 2; do echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r'$i'",'"$P"'}'; done \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots tsa/root.pem >/dev/null
sleep 2; "$EV" tsa crl --dir tsa -o crl.pem >/dev/null
# An honest period export (to: in an hour), covering checkpoint 3 (indeterminate: no right neighbour yet).
"$EV" export --dir L --ledger-key k.pub.json --to "$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%S.000Z)" --per-receipt-proofs -o b.evb >/dev/null
# The ledger goes on: receipt X at leaf 3. Then the key leaks and is revoked.
echo '{"stream":"a","decision":"deny","actor":"x","action":"wire","resource":"X-the-hidden-one",'"$P"'}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl > x.json
TX=$(python3 -c 'import json;print(json.load(open("x.json"))["receipt"]["issued_at"])')
sleep 0.5
"$EV" key revoke --key k.json --from "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" --reason leaked -o rev.json >/dev/null
sleep 0.2
# to = X's time + 1 ms: X lies inside the claimed period.
TO=$(python3 -c 'import sys,datetime as d; t=d.datetime.strptime(sys.argv[1],"%Y-%m-%dT%H:%M:%S.%fZ")+d.timedelta(milliseconds=1); print(t.strftime("%Y-%m-%dT%H:%M:%S.")+"%03dZ"%(t.microsecond//1000))' "$TX")
echo "X (leaf 3) issued at $TX; revocation: $(python3 -c 'import json;print(json.load(open("rev.json"))["from"])'); claimed period: [log start, $TO)"
# The thief, after the revocation:
python3 - "$LIB" b.evb forged.evb "$TO" <<'PY'
import sys, hashlib, base64
sys.path.insert(0, sys.argv[1]); from sign import *; from bundle import *
src, dst, to = sys.argv[2], sys.argv[3], sys.argv[4]
e = load(src); m = manifest(e); origin = m["origin"]
recs = lines(e, "receipts.jsonl")
jl = [l for l in get(e, "checkpoints/3.note")[1].decode().split("\n") if l.startswith("evident-key-journal")][0]
Y = sign_receipt({"v": "1.0", "stream": "zz-boundary", "seq": 1, "prev": None, "issued_at": to, "decision": "allow",
     "actor": "x", "action": "a", "resource": "filler", "scope": {}, "evidence": [], "approvals": [], "parents": [],
     "policy": {"id": "p", "version": "1", "hash": "ab" * 32}}, "k.json")
leaves = [leaf_hash(r) for r in recs] + [leaf_hash(Y)]
note = "%s\n%d\n%s\n%s\n" % (origin, len(leaves), base64.b64encode(mth(leaves)).decode(), jl)
e.append(["checkpoints/4.note", sign_note(note, origin, "k.json")])
b64 = lambda h: base64.b64encode(h).decode()
proof = lambda i, body: canonical({"hash": hashlib.sha256(body).hexdigest(), "leaf_index": i,
                                  "path": [b64(h) for h in inclusion_path(leaves, i)], "tree_size": len(leaves)})
set_lines(e, "proofs.jsonl", [proof(i, r) for i, r in enumerate(recs)])
set_lines(e, "boundary/receipts.jsonl", [Y]); set_lines(e, "boundary/proofs.jsonl", [proof(3, Y)])
set_lines(e, "checkpoints/consistency.jsonl",
          [canonical({"new_size": 4, "old_size": 3, "path": [b64(h) for h in consistency_path(leaves, 3)]})])
m["checkpoints"] = ["checkpoints/3.note", "checkpoints/4.note"]; m["covering_tree_size"] = 4
m["counts"]["checkpoints"] = 2; m["scope"]["to"] = to
set_manifest(e, m); fix(e); save(e, dst)
PY
echo "\$ evident verify forged.evb --tsa-roots root.pem --crl crl.pem --ledger-key k.pub.json --ledger-key rev.json"
"$EV" verify forged.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json --ledger-key rev.json > out.txt; rc=$?
grep -E "^(selection|completeness|checkpoints|anchor|verdict)" out.txt; echo "-> exit $rc"
