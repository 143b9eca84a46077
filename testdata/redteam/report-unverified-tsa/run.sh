#!/bin/bash
# An anchor by a TSA the regulator does not trust, whose certificate copies the trusted TSA's subject:
# what do the text, JSON and HTML reports show as the anchor's TSA and genTime?
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
"$EV" tsa init --dir "$W/tsb" --key-type ec-p256 --subject "/O=Red Team/CN=Red Team TSA" >/dev/null
"$EV" tsa serve --dir "$W/tsb" --listen 127.0.0.1:0 --port-file "$W/portb" --log-level warning & pidb=$!
trap 'kill $pidb $tsa_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$W/portb" ] && break; sleep 0.1; done
TSB="http://127.0.0.1:$(cat "$W/portb")/"
newkey K
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 6 a
anchor $W/L K
mint $W/L K 6 b
$EV anchor --dir $W/L --signing-key $W/K.json --tsa "$TSB" --tsa-roots "$W/tsb/root.pem" >/dev/null
sleep 2; crl
$EV export --dir $W/L -o $W/full.evb >/dev/null
HEADN=30 run $EV verify $W/full.evb --tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json --report $W/r.html
$EV verify $W/full.evb --tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(json.dumps(d['summary']['anchors'], indent=1)); print(d['summary']['receipts_windows'][-1])"
python3 -c "import re,html; t=open('$W/r.html').read(); i=t.find('nchor'); print(re.sub('<[^>]+>',' ',t)[:3000])" | tr -s ' \n' | head -c 2500
