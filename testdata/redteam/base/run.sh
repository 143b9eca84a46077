#!/bin/bash
# Baseline: a genuine ledger + bundle, verified valid. Other cases copy this setup.
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 6 a
anchor $W/L K
mint $W/L K 6 b
anchor $W/L K
sleep 2; crl
$EV export --dir $W/L -o $W/full.evb >/dev/null
run $EV verify $W/full.evb --tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
