#!/bin/bash
# Deprecated-alias rewriting: =forms, values that look like aliases, values after --, both spellings at once.
cd "$(dirname "$0")"; source ../lib/common.sh
newkey K; newkey K2
NOW=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
python3 -c "import json; print(json.dumps({'v':'1.0','stream':'s','seq':1,'prev':None,'issued_at':'$NOW','decision':'allow','actor':'a','action':'deploy','resource':'r','scope':{},'policy':{'id':'p','version':'1','hash':'ab'*32},'evidence':[],'approvals':[],'parents':[]}))" \
  | $EV receipt sign --signing-key $W/K.json --draft - | head -1 > $W/r.json
cd $W
run $EV receipt verify --receipt r.json --keys=K.pub.json
run $EV receipt verify --receipt r.json --keys K2.pub.json --ledger-key K.pub.json
cp K.pub.json ./--keys; cp K2.pub.json ./--ledger-key
run $EV receipt verify --receipt r.json --ledger-key --keys
run $EV receipt verify --receipt r.json --ledger-key=--keys
run $EV receipt verify --receipt r.json --ledger-key K2.pub.json -- --keys
cp r.json ./--keys.json
run $EV receipt verify --ledger-key K.pub.json --receipt --keys.json
run $EV gate --receipt r.json --action deploy --resource r --trusted-keys=K.pub.json
run $EV gate --receipt r.json --action deploy --resource r --ledger-key K2.pub.json --trusted-keys K.pub.json
run $EV gate --receipt r.json --action deploy --resource r --ledger-key K2.pub.json --trusted-keys=K.pub.json
echo "-- a scope value or action that looks like an option/alias"
run $EV gate --receipt r.json --action=--keys --resource r --ledger-key K.pub.json
run $EV receipt verify --receipt r.json --ledger-key K.pub.json --at --keys
run $EV receipt verify --receipt r.json --ledger-key K.pub.json --ledger-k K2.pub.json
run $EV receipt verify --receipt r.json --ledger-key K.pub.json --ledger K2.pub.json
echo "-- a bundle file named like an alias, after --"
printf 'x' > ./--keys.evb; printf 'x' > ./--ledger-key.evb
run $EV verify --ledger-key K.pub.json -- --keys.evb
cp -f K.pub.json ./--keys
run $EV verify --ledger-key K.pub.json --tsa-roots K.pub.json -- --keys
