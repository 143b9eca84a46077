# pad.py IN OUT DIR SIZE: add every DIR/*.tsr (with DIR/*.tsq, chain CHAIN) as anchors on checkpoint SIZE; re-digest the manifest.
import sys, os, glob
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import bundle as B
src, out, d, size, chain = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
e = B.load(src); m = B.manifest(e)
chain_bytes = open(chain, "rb").read()
for i, t in enumerate(sorted(glob.glob(d + "/*.tsr"))):
    n = f"anchors/{size}-{100 + i}"
    e.append([n + ".tsr", open(t, "rb").read()])
    e.append([n + ".tsq", open(t[:-4] + ".tsq", "rb").read()])
    e.append([n + ".chain.pem", chain_bytes])
    e.append([n + ".revocation.pem", b""])
    m["anchors"].append({"chain": n + ".chain.pem", "request": n + ".tsq", "revocation": n + ".revocation.pem", "token": n + ".tsr", "tree_size": size, "tsa": "https://tsa.example/"})
m["counts"]["anchors"] = len(m["anchors"])
B.set_manifest(e, m); B.fix(e); B.save(e, out)
