#!/bin/bash
# F: the operator forks stream S inside its own log (direct SQLite write): after S#8, the stream's head
# is reset to S#2 and two more receipts are minted (S#3', S#4'). A stream selection showing only
# S#1, S#2, S#3', S#4' hides the real S#3..S#8 (in the log, signed, anchored).
set -u
source /tmp/rt12/env.sh; start_tsa
D=/tmp/rt12/fork; G=$D/ledger; rm -rf $G $D/*.evb $D/minted.jsonl; cp -r /tmp/rt12/base/ledger $G
python3 - $G/ledger.sqlite <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
sql = c.execute("select sql from sqlite_master where name='receipts'").fetchone()[0]
idx = [r[0] for r in c.execute("select sql from sqlite_master where tbl_name='receipts' and type='index' and sql is not null")]
c.execute("PRAGMA foreign_keys=OFF")
c.execute(sql.replace("CREATE TABLE receipts", "CREATE TABLE receipts_new").replace(",\n  UNIQUE (stream, seq)", ""))
c.execute("INSERT INTO receipts_new SELECT * FROM receipts"); c.execute("DROP TABLE receipts")
c.execute("ALTER TABLE receipts_new RENAME TO receipts")
for s in idx: c.execute(s)
h = c.execute("select hash from receipts where stream='S' and seq=2").fetchone()[0]
c.execute("UPDATE streams SET seq=2, head=? WHERE stream='S'", (h,))
c.commit()
PY
sleep 1.1
python3 - <<'PY' | $E mint --dir $G --signing-key /tmp/rt12/base/key2.json --jsonl --batch 64 > $D/minted.jsonl
import json
for i in range(2):
    print(json.dumps({"stream": "S", "decision": "allow", "actor": "a", "action": "x", "resource": f"fork-{i}", "scope": {}, "policy": {"id": "p", "version": "1", "hash": "ab"*32}}))
PY
cat $D/minted.jsonl | python3 -c 'import json,sys
for l in sys.stdin: j=json.loads(l); print(j["index"], j["stream"], j["seq"], j["receipt"]["prev"][:12])'
anchor $G /tmp/rt12/base/key2.json >/dev/null 2>&1; crl
$E ledger verify --dir $G --ledger-key $W/key.pub.json --ledger-key /tmp/rt12/base/rot.json; echo "ledger verify exit=$?"
$E export --dir $G -o $D/full.v5.evb --force >/dev/null 2>&1; echo "export full exit=$?"
$E export --dir $G --stream S -o $D/streamS.v5.evb --force >/dev/null; echo "export S exit=$?"
$E export --dir $G --stream S --per-receipt-proofs -o $D/streamS.v2.evb --force >/dev/null
kill $(cat $W/tsa.pid)
