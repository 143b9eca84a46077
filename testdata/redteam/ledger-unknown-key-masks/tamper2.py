"""Last receipt replaced by a forgery naming an unknown key, with one more defect that is invalid on its own:
d: body not canonical (a space); e: issued_at before the previous leaf's; f: prev naming a wrong hash;
g: a 1.0 receipt with an unknown member; h: expires_at before issued_at."""
import sqlite3, sys, json, hashlib, base64, os
db_path, mode = sys.argv[1], sys.argv[2]
db = sqlite3.connect(db_path)
idx = db.execute("select max(idx) from receipts").fetchone()[0]
body, old_hash, stream = db.execute("select body, hash, stream from receipts where idx=?", (idx,)).fetchone()
r = json.loads(body)
r["resource"] = "acct:forged"; r["key_id"] = "ed25519:" + "00" * 16
r["sig"] = base64.b64encode(os.urandom(64)).decode()
ms = db.execute("select issued_at from receipts where idx=?", (idx,)).fetchone()[0]
if mode == "e":
    r["issued_at"] = "2020-01-01T00:00:00.000Z"; ms = 1577836800000
if mode == "f": r["prev"] = "ab" * 32
if mode == "g": r["condition"] = "only on tuesdays"
if mode == "h": r["expires_at"] = "2020-01-01T00:00:00.000Z"
nb = json.dumps(r, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
if mode == "d": nb = nb.replace(b'{"action"', b'{ "action"', 1)
h = hashlib.sha256(nb).digest()
db.execute("update receipts set body=?, resource=?, key_id=?, hash=?, issued_at=?, prev=? where idx=?",
           (nb, "acct:forged", r["key_id"], h, ms, bytes.fromhex(r["prev"]) if r["prev"] else None, idx))
db.execute("update streams set head=? where stream=?", (h, stream))
cur = hashlib.sha256(b"\x00" + nb).digest(); level, i = 0, idx
db.execute("update merkle_nodes set hash=? where level=0 and idx=?", (cur, idx))
while True:
    row = db.execute("select hash from merkle_nodes where level=? and idx=?", (level, i ^ 1)).fetchone()
    if row is None: break
    cur = hashlib.sha256(b"\x01" + (row[0] + cur if i & 1 else cur + row[0])).digest()
    level, i = level + 1, i // 2
    if db.execute("select 1 from merkle_nodes where level=? and idx=?", (level, i)).fetchone() is None: break
    db.execute("update merkle_nodes set hash=? where level=? and idx=?", (cur, level, i))
db.commit()
