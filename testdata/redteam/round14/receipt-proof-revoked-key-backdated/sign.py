"""Operator-side signing with a plaintext ledger key file: checkpoint notes (C2SP), receipts, records."""
import base64, hashlib, json
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization

def load_key(path):
    k = json.load(open(path))
    sk = Ed25519PrivateKey.from_private_bytes(base64.b64decode(k["seed"]))
    pub = sk.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return sk, pub, k["key_id"]

def canonical(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def sign_note(text, origin, keypath):
    sk, pub, _ = load_key(keypath)
    kh = hashlib.sha256(origin.encode() + b"\n\x01" + pub).digest()[:4]
    sig = sk.sign(text.encode())
    return (text + "\n\u2014 " + origin + " " + base64.b64encode(kh + sig).decode() + "\n").encode()

def sign_receipt(draft, keypath):
    sk, pub, kid = load_key(keypath)
    d = dict(draft); d["key_id"] = kid; d.pop("sig", None)
    d["sig"] = base64.b64encode(sk.sign(canonical(d))).decode()
    return canonical(d)

def leaf_hash(b): return hashlib.sha256(b"\x00" + b).digest()
def node(l, r): return hashlib.sha256(b"\x01" + l + r).digest()
def mth(leaves):
    n = len(leaves)
    if n == 0: return hashlib.sha256(b"").digest()
    if n == 1: return leaves[0]
    k = 1
    while k * 2 < n: k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))
def inclusion_path(leaves, m):
    n = len(leaves)
    if n <= 1: return []
    k = 1
    while k * 2 < n: k *= 2
    if m < k: return inclusion_path(leaves[:k], m) + [mth(leaves[k:])]
    return inclusion_path(leaves[k:], m - k) + [mth(leaves[:k])]
def consistency_path(leaves, m):
    def sub(m, D, b):
        n = len(D)
        if m == n: return [] if b else [mth(D)]
        k = 1
        while k * 2 < n: k *= 2
        if m <= k: return sub(m, D[:k], b) + [mth(D[k:])]
        return sub(m - k, D[k:], False) + [mth(D[:k])]
    return sub(m, leaves, True)
