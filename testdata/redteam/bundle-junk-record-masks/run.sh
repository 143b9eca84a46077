#!/bin/bash
# Can a forger turn a bundle's invalid verdict into indeterminate by adding an undecidable key record to
# keys/journal.jsonl (records after the committed count are allowed; a record about a key not given is
# indeterminate), or by naming an unknown key in a tampered receipt?
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K; newkey K2
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 4 a
anchor $W/L K
$EV key rotate --old $W/K.json --new $W/K2.json --output $W/rot.json >/dev/null
$EV ledger add-key-record --dir $W/L --record $W/rot.json --ledger-key $W/K.pub.json >/dev/null
sleep 0.2; T=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); sleep 0.2
$EV key revoke --key $W/K.pub.json --signer $W/K2.json --from $T --reason "key stolen" --output $W/rev.json >/dev/null
$EV ledger add-key-record --dir $W/L --record $W/rev.json --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json >/dev/null
mint $W/L K2 3 b
# the thief (K) writes a receipt after the revocation directly into the store; the operator checkpoints it
NOW=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
python3 $LIB/raw_append.py $W/L $W/K.json $NOW "" agent-7 payment.send acct:forged $EV >/dev/null
anchor $W/L K2
sleep 2; crl
$EV export --per-receipt-proofs --dir $W/L -o $W/full.evb >/dev/null
V="--tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json"
echo "genuine export with the revoked-key receipt:"; run $EV verify $W/full.evb $V
for m in junk-record tamper tamper-unknown junk-record+tamper; do
  python3 forge.py $W/full.evb $W/$m.evb $m
  echo "== $m"; run $EV verify $W/$m.evb $V
  HEADN=4 run $EV verify $W/$m.evb $V --all
done
