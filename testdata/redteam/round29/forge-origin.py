# forge-origin.py IN OUT ORIGIN [notes]: sets the manifest's unsigned origin to ORIGIN; with
# "notes", also rewrites each checkpoint note's first line (its origin) and its signature lines'
# key names to ORIGIN (breaking their signatures); writes VERIFY as both verifiers derive it.
import sys, os; sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")); import vt, bundle as B
src, out, origin = sys.argv[1:4]; notes_too = len(sys.argv) > 4 and sys.argv[4] == "notes"
e = B.load(src); m = B.manifest(e); old = m["origin"]; v = B.get(e, "VERIFY")[1].decode()
old_notes = {n: B.get(e, n)[1] for n in m["checkpoints"]}
m["origin"] = origin; B.set_manifest(e, m)
if notes_too:
    for n in m["checkpoints"]:
        note = B.get(e, n)[1]
        assert note.startswith(old.encode() + b"\n")
        note = origin.encode() + note[len(old):]
        note = note.replace(("\u2014 " + old + " ").encode(), ("\u2014 " + origin + " ").encode())
        B.get(e, n)[1] = note
B.get(e, "VERIFY")[1] = vt.derive(e, v, old, old_notes).encode()
B.fix(e); B.save(e, out)
