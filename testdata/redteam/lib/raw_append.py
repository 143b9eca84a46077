import hashlib, json, sqlite3, subprocess, sys
from datetime import datetime, timezone
d, key, issued, anchor, stream, action, resource, evident = sys.argv[1:9]
db = sqlite3.connect(d + "/ledger.sqlite")
idx = db.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM receipts").fetchone()[0]
head = db.execute("SELECT seq, head FROM streams WHERE stream = ?", (stream,)).fetchone()
draft = {"v": "1.0", "stream": stream, "seq": (head[0] if head else 0) + 1, "prev": head[1].hex() if head else None,
         "issued_at": issued, "decision": "allow", "actor": "agent-7", "action": action, "resource": resource,
         "scope": {}, "policy": {"id": "agents", "version": "3", "hash": "ab" * 32}, "evidence": [], "approvals": [], "parents": []}
if anchor:
    draft["anchor"] = anchor
out = subprocess.run([evident, "receipt", "sign", "--signing-key", key, "--draft", "-"], input=json.dumps(draft).encode(), capture_output=True, check=True).stdout
body = out.split(b"\n")[0]
r = json.loads(body)
h = hashlib.sha256(body).digest()
ms = int(datetime.strptime(issued, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp() * 1000)
db.execute("INSERT INTO receipts (idx, stream, seq, hash, prev, issued_at, decision, action, resource, key_id, policy_id, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
           (idx, stream, r["seq"], h, head[1] if head else None, ms, "allow", action, resource, r["key_id"], "agents", body))
db.execute("INSERT INTO streams (stream, seq, head) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, head = excluded.head", (stream, r["seq"], h))
level, i, cur = 0, idx, hashlib.sha256(b"\x00" + body).digest()
db.execute("INSERT INTO merkle_nodes (level, idx, hash) VALUES (0, ?, ?)", (idx, cur))
while i % 2 == 1:
    left = db.execute("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?", (level, i - 1)).fetchone()[0]
    cur = hashlib.sha256(b"\x01" + left + cur).digest()
    level, i = level + 1, i // 2
    db.execute("INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)", (level, i, cur))
db.commit()
print(idx, h.hex())
