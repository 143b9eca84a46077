# vt.py: a Python port of BundleVerifyText.document (red team round 29)
"""Python port of BundleVerifyText.document (for ASCII-printable origins), reusing the genuine
VERIFY's header and anchor lines: what a forger writes as VERIFY after editing a bundle."""
import hashlib, re, sys
import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")); import bundle as B

def checkpoint(name, size, note, origin):
    blank = next((i for i in range(len(note) - 1) if note[i] == 10 and note[i + 1] == 10), None)
    if blank is None:
        return f"# {name}: not a signed note (no blank line): not checkable with OpenSSL\n\n"
    tl = blank + 1
    out = (f"# Checkpoint {name}: the ledger's signed statement of its log of {size} receipts.\n"
           f"# Its signed text is its first {tl} bytes (up to its blank line):\n"
           f"openssl asn1parse -inform DER -in {name} -length {tl} -noout -out checkpoint-{size}.txt\n")
    dash = "\u2014 ".encode(); start = blank + 2; k = 0
    while start < len(note):
        end = note.find(b"\n", start)
        if end < 0: end = len(note)
        line = note[start:end]; ls = start; start = end + 1
        if not line.startswith(dash): continue
        sp = line.find(b" ", len(dash))
        if sp < 0: continue
        off = ls + sp + 1; length = end - off; k += 1
        kn = line[len(dash):sp]
        signer = f"by a key of {origin}" if kn == origin.encode() else f"by a key not named for this log: {len(kn)} bytes of name not shown"
        b = f"checkpoint-{size}-sig{k}"
        out += (f"# Signature {k} ({signer}): {length} base64 characters at byte {off} of the note,\n"
                f"# decoding to a 4-byte key hash followed by the 64-byte Ed25519 signature:\n"
                f"openssl asn1parse -inform DER -in {name} -offset {off} -length {length} -noout -out {b}.b64\n"
                f"openssl base64 -d -A -in {b}.b64 -out {b}.bin\n"
                f"openssl asn1parse -inform DER -in {b}.bin -offset 4 -length 64 -noout -out {b}.sig\n"
                f"openssl pkeyutl -verify -pubin -inkey LEDGER-KEY.pem -rawin -in checkpoint-{size}.txt -sigfile {b}.sig\n")
    return out + "\n"

def derive(e, genuine_verify, old_origin, old_notes):
    """e: edited entries. genuine_verify: the original VERIFY text; old_notes: {name: bytes} before editing."""
    m = B.manifest(e)
    v = genuine_verify
    head = v[:v.index("# Checkpoint ")]
    head = head.replace(f"ledger {old_origin} (format", f"ledger {m['origin']} (format", 1)
    out = head
    for name in m["checkpoints"]:
        size = int(re.fullmatch(r"checkpoints/(\d+)\.note", name).group(1))
        out += checkpoint(name, size, B.get(e, name)[1], m["origin"])
    anchors = v[v.index("# Anchor "):] if "# Anchor " in v else ""
    for name, old in old_notes.items():
        anchors = anchors.replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(B.get(e, name)[1]).hexdigest())
    return out + anchors
