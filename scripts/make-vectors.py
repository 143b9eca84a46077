#!/usr/bin/env python3
"""Writes the receipt and sealed-secret test vectors from an implementation independent of Evident's.

Receipts (docs/receipt.md): RFC 8785 canonical JSON by the `rfc8785` package, Ed25519 and
HMAC-SHA-256 by `cryptography`. Sealed secret (docs/tsa.md, "Sealed keys"): Argon2id and
XSalsa20-Poly1305 by PyNaCl (libsodium). The Swift suite reads the files these write and checks
that Evident reproduces and opens them (ReceiptVectorTests, SealedSecretVectorTests).

    make-vectors.py receipts DRAFTS_DIR OUT_DIR      NAME.draft.json -> NAME.receipt.json, vectors.json
    make-vectors.py sealed-secret OUT_FILE            a new sealed secret (fresh salt and nonce)
    make-vectors.py open-sealed-secret FILE           prints the plaintext of a sealed secret

scripts/make-vectors runs it in the suite's virtual environment and writes into testdata/.
"""
import base64
import hashlib
import hmac
import json
import os
import struct
import sys

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SEED = bytes(range(32))
FIELD_KEY = bytes([0xA5]) * 32
# name -> fields written as keyed hashes
RECEIPTS = [("basic", []), ("chained", []), ("sensitive", ["actor", "resource"])]

SEALED_PASSPHRASE = b"correct horse battery staple"
SEALED_PLAINTEXT = b"evident sealed-secret test vector\n"
SEALED_OPS, SEALED_MEM_KIB = 1, 64


def canonical(value):
    return rfc8785.dumps(value)


def key_id(public):
    return "ed25519:" + hashlib.sha256(public).digest()[:16].hex()


def protect(value):
    if not isinstance(value, str):
        raise SystemExit(f"make-vectors: only string fields can be marked sensitive here, not {value!r}")
    if value.startswith("hmac-sha256:"):
        return value
    return "hmac-sha256:" + hmac.new(FIELD_KEY, value.encode("utf-8"), hashlib.sha256).hexdigest()


def receipts(drafts, out):
    key = Ed25519PrivateKey.from_private_bytes(SEED)
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    entries = []
    for name, sensitive in RECEIPTS:
        with open(os.path.join(drafts, f"{name}.draft.json"), "rb") as f:
            receipt = json.load(f)
        for field in sensitive:
            receipt[field] = protect(receipt[field])
        receipt["key_id"] = key_id(public)
        receipt["sig"] = base64.b64encode(key.sign(canonical(receipt))).decode("ascii")
        signed = canonical(receipt)
        with open(os.path.join(out, f"{name}.receipt.json"), "wb") as f:
            f.write(signed + b"\n")
        entry = {"name": name, "sha256": hashlib.sha256(signed).hexdigest()}
        if sensitive:
            entry["sensitive"] = sensitive
        entries.append(entry)
    manifest = {
        "seed": SEED.hex(),
        "field_key": FIELD_KEY.hex(),
        "key_id": key_id(public),
        "public_key": base64.b64encode(public).decode("ascii"),
        "vectors": entries,
    }
    with open(os.path.join(out, "vectors.json"), "wb") as f:
        f.write(canonical(manifest) + b"\n")


def sealed_secret(out):
    import nacl.pwhash.argon2id as argon2id
    import nacl.secret
    import nacl.utils

    salt = nacl.utils.random(argon2id.SALTBYTES)
    nonce = nacl.utils.random(nacl.secret.SecretBox.NONCE_SIZE)
    key = argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE, SEALED_PASSPHRASE, salt,
                       opslimit=SEALED_OPS, memlimit=SEALED_MEM_KIB * 1024)
    box = nacl.secret.SecretBox(key).encrypt(SEALED_PLAINTEXT, nonce).ciphertext
    blob = b"EVSEAL1\0" + struct.pack(">II", SEALED_OPS, SEALED_MEM_KIB) + salt + nonce + box
    with open(out, "wb") as f:
        f.write(blob)


def open_sealed_secret(path):
    import nacl.pwhash.argon2id as argon2id
    import nacl.secret

    with open(path, "rb") as f:
        blob = f.read()
    if blob[:8] != b"EVSEAL1\0":
        raise SystemExit("make-vectors: not a sealed secret (bad header)")
    ops, mem_kib = struct.unpack(">II", blob[8:16])
    salt, rest = blob[16:16 + argon2id.SALTBYTES], blob[16 + argon2id.SALTBYTES:]
    nonce, box = rest[:nacl.secret.SecretBox.NONCE_SIZE], rest[nacl.secret.SecretBox.NONCE_SIZE:]
    key = argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE, SEALED_PASSPHRASE, salt, opslimit=ops, memlimit=mem_kib * 1024)
    sys.stdout.buffer.write(nacl.secret.SecretBox(key).decrypt(box, nonce))


COMMANDS = {"receipts": (receipts, 2), "sealed-secret": (sealed_secret, 1), "open-sealed-secret": (open_sealed_secret, 1)}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS or len(sys.argv) - 2 != COMMANDS[sys.argv[1]][1]:
        raise SystemExit(__doc__)
    COMMANDS[sys.argv[1]][0](*sys.argv[2:])
