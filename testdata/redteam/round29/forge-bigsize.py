# forge-bigsize.py IN OUT SIZE: adds checkpoints/SIZE.note (a note under the bundle's origin, signed
# by a key nobody trusts: "no trusted signature", indeterminate), lists it in the manifest, and
# writes VERIFY as the derivation gives it.
import sys, base64, os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")); import vt, bundle as B
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
src, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
e = B.load(src); m = B.manifest(e); v = B.get(e, "VERIFY")[1].decode()
old_notes = {n: B.get(e, n)[1] for n in m["checkpoints"]}
text = f"{m['origin']}\n{size}\n{base64.b64encode(bytes(32)).decode()}\n".encode()
k = Ed25519PrivateKey.generate()
sig = base64.b64encode(b"\x01\x02\x03\x04" + k.sign(text)).decode()
name = f"checkpoints/{size}.note"
e.append([name, text + b"\n" + ("\u2014 " + m["origin"] + " " + sig + "\n").encode()])
m["checkpoints"].append(name); B.set_manifest(e, m)
B.get(e, "VERIFY")[1] = vt.derive(e, v, m["origin"], old_notes).encode()
B.fix(e); B.save(e, out)
