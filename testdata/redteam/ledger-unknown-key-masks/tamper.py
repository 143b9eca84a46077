"""Store-level tampering by someone who holds the SQLite file but not the ledger key.
mode a: receipt idx's body changed (resource) and key_id set to an unknown key; nothing else touched.
mode b: as a, plus hash column, merkle leaf + parents recomputed, stream head fixed if it is the head.
mode c: as b, but on the last receipt (no later prev to contradict), after the last checkpoint."""
import sqlite3, sys, json, hashlib, base64, os
db_path, mode, idx = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(db_path)
body, old_hash, stream = db.execute("select body, hash, stream from receipts where idx=?", (idx,)).fetchone()
r = json.loads(body)
r["resource"] = "acct:forged"
r["key_id"] = "ed25519:" + "00" * 16
r["sig"] = base64.b64encode(os.urandom(64)).decode()
nb = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
db.execute("update receipts set body=?, resource=?, key_id=? where idx=?", (nb, "acct:forged", r["key_id"], idx))
if mode in ("b", "c"):
    h = hashlib.sha256(nb).digest()
    db.execute("update receipts set hash=? where idx=?", (h, idx))
    db.execute("update streams set head=? where stream=? and head=?", (h, stream, old_hash))
    # recompute merkle nodes along the path
    n = db.execute("select count(*) from receipts").fetchone()[0]
    cur = hashlib.sha256(b"\x00" + nb).digest(); level, i = 0, idx
    db.execute("update merkle_nodes set hash=? where level=0 and idx=?", (cur, idx))
    while True:
        sib = i ^ 1
        row = db.execute("select hash from merkle_nodes where level=? and idx=?", (level, sib)).fetchone()
        if row is None: break
        cur = hashlib.sha256(b"\x01" + (row[0] + cur if i & 1 else cur + row[0])).digest()
        level, i = level + 1, i // 2
        if db.execute("select 1 from merkle_nodes where level=? and idx=?", (level, i)).fetchone() is None: break
        db.execute("update merkle_nodes set hash=? where level=? and idx=?", (cur, level, i))
db.commit()
print("tampered idx", idx, "mode", mode)
