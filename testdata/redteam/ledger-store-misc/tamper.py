"""Store tampering without the ledger key.
cp-unknown-badroot: a checkpoint row for the current size, wrong root, signed by a key nobody gave (same origin name).
cp-unknown-goodroot: the same with the right root.
cp-unknown-bigger: a checkpoint claiming 1000 leaves (the log has fewer), signed by an unknown key.
rec-tampered: the journal's rotation record's 'at' moved (its signatures no longer verify).
rec-unknown: a revocation of an unknown key, self-signed, added to the journal.
anchor-swapped: anchor row 1's token replaced by anchor row 2's (time-stamps another checkpoint)."""
import sqlite3, sys, json, hashlib, base64, os
sys.path.insert(0, __import__("os").environ["LIB"])
from sign import mth, leaf_hash
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
db_path, mode = sys.argv[1], sys.argv[2]
db = sqlite3.connect(db_path)
sk = Ed25519PrivateKey.generate()
pub = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
origin = "example.org/ledger/red"
def note(size, root, journal_line):
    text = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n{journal_line}\n"
    kh = hashlib.sha256(origin.encode() + b"\n\x01" + pub).digest()[:4]
    return (text + "\n\u2014 " + origin + " " + base64.b64encode(kh + sk.sign(text.encode())).decode() + "\n").encode()
n = db.execute("select count(*) from receipts").fetchone()[0]
leaves = [leaf_hash(b) for (b,) in db.execute("select body from receipts order by idx")]
jl = db.execute("select note from checkpoints order by size desc").fetchone()[0].split(b"\n")[3].decode()
if mode.startswith("cp-"):
    size = 1000 if mode == "cp-unknown-bigger" else n
    root = os.urandom(32) if mode != "cp-unknown-goodroot" else mth(leaves)
    db.execute("delete from checkpoints where size=?", (size,))
    db.execute("insert into checkpoints (size, root, note, created_at) values (?,?,?,?)", (size, root, note(size, root, jl), 0))
elif mode == "rec-tampered":
    i, r = db.execute("select id, record from key_records order by id").fetchone()
    j = json.loads(r); j["at"] = "2030-01-01T00:00:00.000Z"
    db.execute("update key_records set record=? where id=?", (json.dumps(j, sort_keys=True, separators=(",", ":")).encode(), i))
elif mode == "rec-unknown":
    kid = "ed25519:" + hashlib.sha256(pub).digest()[:16].hex()
    rec = {"type": "key-revocation", "key_id": kid, "from": "2020-01-01T00:00:00.000Z", "reason": "x", "at": "2020-01-01T00:00:00.000Z"}
    c = json.dumps(rec, sort_keys=True, separators=(",", ":")).encode()
    rec["signatures"] = [{"key_id": kid, "sig": base64.b64encode(sk.sign(c)).decode()}]
    db.execute("insert into key_records (record, added_at) values (?, 0)", (json.dumps(rec, sort_keys=True, separators=(",", ":")).encode(),))
elif mode == "anchor-swapped":
    rows = db.execute("select id, response, request from anchors order by id").fetchall()
    db.execute("delete from anchors where id=?", (rows[1][0],))
    db.execute("update anchors set response=?, request=? where id=?", (rows[1][1], rows[1][2], rows[0][0]))
db.commit()
