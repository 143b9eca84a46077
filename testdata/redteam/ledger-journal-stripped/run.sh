#!/bin/bash
# A thief holding the (revoked) key K and the SQLite store deletes the revocation row from key_records,
# although the signed checkpoints commit to it (evident-key-journal 2 ...), then appends receipts signed with K
# after the revocation. Does `ledger verify --ledger-key K.pub.json` notice?
cd "$(dirname "$0")"; source ../lib/common.sh
start_tsa
newkey K; newkey K2
$EV ledger init --dir $W/L --origin example.org/ledger/red >/dev/null
mint $W/L K 4 a
anchor $W/L K
$EV key rotate --old $W/K.json --new $W/K2.json --output $W/rot.json
$EV ledger add-key-record --dir $W/L --record $W/rot.json --ledger-key $W/K.pub.json
sleep 0.2; T=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
$EV key revoke --key $W/K.pub.json --signer $W/K2.json --from $T --reason "key stolen" --output $W/rev.json
$EV ledger add-key-record --dir $W/L --record $W/rev.json --ledger-key $W/K.pub.json
sleep 1
mint $W/L K2 2 b
anchor $W/L K2
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json
python3 - "$W" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/L/ledger.sqlite")
print("journal:", [r[0][:60] for r in db.execute("select record from key_records")])
print("checkpoint notes commit to:", [n.split(b"\n")[3].decode() for (n,) in db.execute("select note from checkpoints")])
PY
cp -a $W/L $W/L-honest
# the thief: append a receipt signed with K after the revocation (with the revocation still there: control)
NOW=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
python3 $LIB/raw_append.py $W/L-honest $W/K.json $NOW "" agent-7 payment.send acct:forged $EV
echo "control (revocation still in key_records):"
run $EV ledger verify --dir $W/L-honest --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json
# now strip the revocation row and do the same
python3 - "$W" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/L/ledger.sqlite")
for i, r in db.execute("select id, record from key_records").fetchall():
    if b"key-revocation" in r: db.execute("delete from key_records where id = ?", (i,))
db.commit()
PY
python3 $LIB/raw_append.py $W/L $W/K.json $NOW "" agent-7 payment.send acct:forged $EV
echo "attack (revocation row deleted; checkpoints still commit to 2 records):"
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json
echo "attack, continued: the thief checkpoints (journal count now 1 < 2) and anchors the forged receipt with K:"
run $EV checkpoint --dir $W/L --signing-key $W/K.json -o $W/cp.txt
cat $W/cp.txt | sed -n 4p
run $EV anchor --dir $W/L --signing-key $W/K.json --tsa "$TSA" --tsa-roots "$W/root.pem"
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json
run $EV ledger verify --dir $W/L --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json
sleep 2; crl
$EV export --dir $W/L -o $W/full.evb >/dev/null
echo "the same ledger exported and verified as a bundle:"
run $EV verify $W/full.evb --tsa-roots $W/root.pem --crl $W/crl.pem --ledger-key $W/K.pub.json --ledger-key $W/K2.pub.json
