#!/usr/bin/env bash
set -euo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}
W=$(mktemp -d /tmp/rt14-stress.XXXX); cd "$W"
"$EV" ledger init --dir L --origin rt14.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
"$EV" serve token add --tokens tokens --name m --scope admin > tok
"$EV" serve --dir L --signing-key k.json --tokens tokens --listen 127.0.0.1:0 --port-file port --batch ${BATCH:-8} --log-level warning &
sp=$!; trap 'kill $sp 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
python3 "$(cd "$(dirname "$0")" && pwd)/stress.py" "http://127.0.0.1:$(cat port)" "$(cat tok)" "$EV" L k.json
kill $sp; wait $sp || true
python3 - <<'PY'
import json, sqlite3
acked = set(json.load(open("acked.json")))
db = sqlite3.connect("L/ledger.sqlite")
stored = {r[0].hex() if isinstance(r[0], bytes) else r[0] for r in db.execute("select hash from receipts")}
print("stored", len(stored), "acked-not-stored", len(acked - stored))
PY
"$EV" ledger verify --dir L --ledger-key k.pub.json | tail -3
echo "W=$W"
