"""Edit a bundle: append records / tamper receipts, then fix the manifest's digests (what a forger does).
modes: junk-record  (a self-signed revocation of a key nobody gave, appended after the committed journal lines)
       tamper       (receipt line 1: resource changed -> bad signature)
       tamper-unknown (receipt line 1: resource changed and key_id set to an unknown key -> receipt-key undecided)
       combination with '+': junk-record+tamper"""
import sys, json, hashlib, base64
sys.path.insert(0, __import__("os").environ["LIB"])
from bundle import *
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization
src, dst, modes = sys.argv[1], sys.argv[2], sys.argv[3].split("+")
e = load(src)
for mode in modes:
    if mode == "junk-record":
        sk = Ed25519PrivateKey.generate()
        pub = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        kid = "ed25519:" + hashlib.sha256(pub).digest()[:16].hex()
        rec = {"type": "key-revocation", "key_id": kid, "from": "2020-01-01T00:00:00.000Z", "reason": "x", "at": "2020-01-01T00:00:00.000Z"}
        rec["signatures"] = [{"key_id": kid, "sig": base64.b64encode(sk.sign(canonical(rec))).decode()}]
        set_lines(e, "keys/journal.jsonl", lines(e, "keys/journal.jsonl") + [canonical(rec)])
    elif mode in ("tamper", "tamper-unknown"):
        rs = lines(e, "receipts.jsonl"); ps = lines(e, "proofs.jsonl")
        r = json.loads(rs[1]); r["resource"] = "acct:forged"
        if mode == "tamper-unknown": r["key_id"] = "ed25519:" + "00" * 16
        rs[1] = canonical(r)
        p = json.loads(ps[1]); p["hash"] = hashlib.sha256(rs[1]).hexdigest(); ps[1] = canonical(p)
        set_lines(e, "receipts.jsonl", rs); set_lines(e, "proofs.jsonl", ps)
fix(e); save(e, dst)
