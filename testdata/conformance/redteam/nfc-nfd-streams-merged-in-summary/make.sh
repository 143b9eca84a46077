#!/usr/bin/env bash
# Remakes this case (red team, issue #16): a genuine whole-log export, in the per-receipt-proof
# layout, of a ledger with streams "café" written NFC (U+00E9) and NFD (e + U+0301), two receipts
# each, and a plain stream; one anchor by Evident's own TSA, its CRL issued after genTime plus the
# token's accuracy. Run from the repository: EVIDENT=.build/debug/evident bash THIS. No secret key is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ev="${EVIDENT:?set EVIDENT to the evident binary}"
w=$(mktemp -d); pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$w"' EXIT
"$ev" tsa init --dir "$w/tsa" --key-type ec-p256 --subject "/O=Attack16/CN=Attack TSA A" >/dev/null
"$ev" tsa serve --dir "$w/tsa" --listen 127.0.0.1:0 --port-file "$w/port" --log-level error &
pid=$!
for _ in $(seq 100); do [ -s "$w/port" ] && break; sleep 0.1; done
"$ev" key new --output "$w/k.json" --public-out "$w/k.pub.json" --plaintext >/dev/null
"$ev" ledger init --dir "$w/L" --origin attack.test/l1 >/dev/null
python3 - <<'PY' | "$ev" mint --dir "$w/L" --signing-key "$w/k.json" --jsonl >/dev/null
import json
for stream, tag in (("caf\u00e9", "nfc"), ("cafe\u0301", "nfd"), ("agent", "plain")):
    for i in range(2):
        print(json.dumps({"stream": stream, "decision": "deny" if tag == "nfd" else "allow", "actor": "agent-7",
                          "action": "tool.call", "resource": f"{tag}-{i}", "scope": {"tenant": "acme"},
                          "policy": {"id": "agents", "version": "3", "hash": "ab" * 32}}))
PY
"$ev" anchor --dir "$w/L" --signing-key "$w/k.json" --tsa "http://127.0.0.1:$(cat "$w/port")/" --tsa-roots "$w/tsa/root.pem" >/dev/null
sleep 2
"$ev" tsa crl --dir "$w/tsa" --force -o "$here/crl.pem" >/dev/null
"$ev" export --dir "$w/L" --per-receipt-proofs --force -o "$here/bundle.evb" >/dev/null
cp "$w/tsa/root.pem" "$here/root.pem"; cp "$w/k.pub.json" "$here/key.pub.json"
