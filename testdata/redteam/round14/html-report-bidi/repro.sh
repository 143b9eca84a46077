#!/usr/bin/env bash
# A receipt whose signed resource holds U+202E (RIGHT-TO-LEFT OVERRIDE). `evident verify` (valid)
# escapes it on the terminal (\u{202e}), but the HTML report (--report; same renderer as the browser
# verifier) puts it raw into a text node, so the browser shows the resource REORDERED:
# "payments:\u202eredro-lla-evorppa;=1+1" is displayed as "payments:1+1=;approve-all-order".
# The CSV (--report-csv) carries it raw too, and ';=1+1' is not prefixed (a ';'-separated-locale
# spreadsheet splits the cell and sees '=1+1').
set -uo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}
W=$(mktemp -d); tsa=""; trap '[ -n "$tsa" ] && kill $tsa; rm -rf "$W"' EXIT; cd "$W"
"$EV" tsa init --dir tsa --key-type ec-p256 --subject "/O=RT14/CN=RT14 TSA" >/dev/null
"$EV" tsa serve --dir tsa --listen 127.0.0.1:0 --port-file port --log-level warning & tsa=$!
for _ in $(seq 100); do [ -s port ] && break; sleep 0.1; done
"$EV" ledger init --dir L --origin rt14.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
python3 -c 'import json; print(json.dumps({"stream":"a","decision":"deny","actor":"x","action":"tool.call","resource":"payments:\u202eredro-lla-evorppa;=1+1","policy":{"id":"p","version":"1","hash":"ab"*32}}))' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "http://127.0.0.1:$(cat port)/" --tsa-roots tsa/root.pem >/dev/null
sleep 2; "$EV" tsa crl --dir tsa -o crl.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
"$EV" verify b.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json --list --report r.html --report-csv r.csv > out.txt; echo "verify -> exit $?"
echo "terminal:"; grep -a payments out.txt
echo "CSV (cat -A; M-bM-^@M-. is U+202E):"; grep -a payments r.csv | cat -A
if command -v chromium >/dev/null; then
  echo "HTML as rendered DOM (the <td>, U+202E raw):"
  timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$W/r.html" 2>/dev/null | grep -o '<td>payments[^<]*</td>' | cat -A
  timeout 60 chromium --headless --no-sandbox --disable-gpu --screenshot="${SHOT:-/tmp/round14-bidi.png}" --window-size=1400,1800 "file://$W/r.html" >/dev/null 2>&1 \
    && echo "screenshot: "${SHOT:-/tmp/round14-bidi.png}" (the Resource cell reads 'payments:1+1=;approve-all-order' visually)"
fi
