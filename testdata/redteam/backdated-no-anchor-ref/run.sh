#!/bin/bash
# The operator (holding the key) appends a receipt that names no anchor (no "not before") with an issued_at
# earlier than the genTime of an anchored checkpoint that does NOT contain it (the log provably did not hold
# it then), yet not earlier than the previous leaf (time-order holds). Valid?
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 6 a
LAST=$(python3 -c "import sqlite3; print(sqlite3.connect('$W/L/ledger.sqlite').execute('select max(issued_at) from receipts').fetchone()[0])")
sleep 2
anchor $W/L K          # checkpoint 6 anchored ~2 s after the last receipt
sleep 2
BACK=$(python3 -c "import datetime; print(datetime.datetime.fromtimestamp(($LAST+1)/1000, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]+'Z')")
echo "backdated issued_at: $BACK (previous leaf + 1 ms, ~2 s before checkpoint 6's genTime)"
python3 $LIB/raw_append.py $W/L $W/K.json $BACK "" agent-7 payment.send acct:backdated $EV
anchor $W/L K; sleep 2; crl
$EV export --dir $W/L -o $W/full.evb >/dev/null
HEADN=40 run $EV verify $W/full.evb --tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
