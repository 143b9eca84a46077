"""Round 23 helpers: forge an anchor token (chosen genTime text and accuracy) signed by the built-in
TSA's own key (tsa/tsa.key, tsa/tsa.pem), over the bundle's checkpoint note, with the .tsq's nonce;
put it in a copy of b.evb. Run in W."""
import sys, os, hashlib, json
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from tok import *
from bundle import load, save, get, fix
import der as D
from cryptography.hazmat.primitives.serialization import load_pem_private_key
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), load_pem_private_key(open("tsa/tsa.key","rb").read(), None))
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
def nonce_of(e):
    q = D.parse(get(e, "anchors/4-1.tsq")[1])
    for c in q.children:
        if c.tag == 0x02 and c is not q.children[0]: return int.from_bytes(c.value, "big", signed=True)
def forge(gentime_text, accuracy, out_bundle, out_tsr=None, serial=None, raw_acc=None):
    """gentime_text: 'YYYYmmddHHMMSS[.f]Z'; accuracy: (s, ms, us) or None (absent) or () (empty SEQUENCE)."""
    e = load("b.evb")
    note = get(e, "checkpoints/4.note")[1]
    imp = hashlib.sha256(note).digest()
    n = nonce_of(e)
    acc = accuracy
    tst = tstinfo(imp, gen_time=gentime_text, accuracy=None if acc is None else (acc if acc != () else None),
                  nonce=n, serial=serial or int.from_bytes(os.urandom(8), "big") >> 1, tsa=None)
    if acc == ():  # empty Accuracy SEQUENCE: rebuild with seq()
        tst = tstinfo(imp, gen_time=gentime_text, accuracy=(0, None, None), nonce=n, serial=serial or 7)
    tk = token(tst, tsa, certs=[tsa])
    resp = response(tk)
    get(e, "anchors/4-1.tsr")[1] = resp
    fix(e); save(e, out_bundle)
    if out_tsr: write(out_tsr, resp)
    return resp
if __name__ == "__main__":
    g, a, ob, ot = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    acc = None if a == "none" else () if a == "empty" else tuple(int(x) if x != "-" else None for x in a.split(","))
    forge(g, acc, ob, ot)
