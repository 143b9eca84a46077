# forge-label.py IN OUT LABEL: every anchor's manifest label set to LABEL, VERIFY edited the same way
# where it named the label (the derivation before round 28 did), the manifest re-digested.
import sys; import os; sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'lib')); import bundle as B
src,out,label=sys.argv[1:4]
e=B.load(src); m=B.manifest(e)
v=B.get(e,"VERIFY")[1].decode()
for a in m["anchors"]:
    old=a["tsa"]; a["tsa"]=label
    v=v.replace("checkpoints/%d.note by %s "%(a["tree_size"],old), "checkpoints/%d.note by %s "%(a["tree_size"],label))
B.set_manifest(e,m); B.get(e,"VERIFY")[1]=v.encode(); B.fix(e); B.save(e,out)
