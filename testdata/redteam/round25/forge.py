# Shared forging: in W (round24 setup), re-forge the record's only archive time-stamp with genTime S
# (whole second, no accuracy: P = S), optionally carrying CRLs in its SignedData crls field.
import sys, os, json, datetime as dt
sys.path.insert(0, sys.argv[1])
from tok import *
from rawcrl import raw_crl, pem_crl, entry, reason_ext, inv_ext, gen, ext
from bundle import load, save, fix
import der as D
from cryptography.hazmat.primitives.serialization import load_pem_private_key
def ld(d, name):
    c = x509.load_pem_x509_certificate(open(f"{d}/{name}.pem", "rb").read())
    return Cert(c, load_pem_private_key(open(f"{d}/{name}.key", "rb").read(), None))
root1, root2, tsa1, tsa2 = ld("tsa", "root"), ld("tsa2", "root"), ld("tsa", "tsa"), ld("tsa2", "tsa")
def gentime_of(tst):  # TSTInfo node -> (datetime, text)
    g = tst.children[4].value.decode(); return dt.datetime.strptime(g[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc), g
def tst_in(node): return [n for n in node.walk() if n.tag == 0x04 and n.encap][0].children[0]
e0 = load("b2.evb")
(aname, atsr), = [x for x in e0 if x[0].startswith("anchors/") and x[0].endswith(".tsr")]
G, gtxt = gentime_of(tst_in(D.parse(atsr)))
print("anchor genTime", gtxt, "accuracy node", tst_in(D.parse(atsr)).children[5].encode().hex() if len(tst_in(D.parse(atsr)).children) > 5 else None)
S = now() - dt.timedelta(seconds=1)
P = S
def forged(out, crls=(), gen_time=None):  # the bundle with its record's time-stamp re-forged (record_bytes)
    e = load("b2.evb")
    for x in e:
        if x[0].startswith("evidence-records/"): x[1] = record_bytes(crls=crls, gen_time=gen_time)
    fix(e); save(e, out)
def stripped(src, out):
    e = [x for x in load(src) if not x[0].startswith("evidence-records/")]
    for x in e:
        if x[0] == "manifest.json":
            m = json.loads(x[1]); m.pop("evidence_records", None)
            m["files"] = {k: v for k, v in m["files"].items() if not k.startswith("evidence-records/")}
            x[1] = json.dumps(m, indent=2).encode()
    fix(e); save(e, out)
sec = lambda n: dt.timedelta(seconds=n)
clean = lambda t: raw_crl(root1, [], this_update=t)
def revoked(t, r, reason, dup_inv=False, number=1):
    exts = [reason_ext(reason)]
    if dup_inv: exts += [inv_ext(gen(r)), inv_ext(gen(r))]
    return raw_crl(root1, [entry(tsa1.cert.serial_number, r, exts)], this_update=t, number=number)
write("crl-archive-tsa.pem", pem_crl(raw_crl(root2, [], this_update=S + sec(1))))
print("G", G, "S=P", S, "expiry", tsa1.cert.not_valid_after_utc)
def record_bytes(crls=(), signer=None, certs=None, gen_time=None, accuracy=None):
    e = load("b2.evb")
    (name, er), = [x for x in e if x[0].startswith("evidence-records/")]
    rec = D.parse(er)
    ats = rec.children[-1].children[0].children[0]
    old = tst_in(ats.children[-1])
    imprint = old.children[2].children[1].value
    tst = D.parse(tstinfo(imprint, gen_time=gen_time or gt(S, ""), accuracy=accuracy, serial=int.from_bytes(os.urandom(8), "big") >> 1))
    tst.children[1] = old.children[1]
    s = signer or tsa2
    ats.children[-1] = D.parse(token(tst.encode(), s, certs=certs or [s], crls=list(crls) or None))
    return rec.encode()
def with_records(out, extra):  # the bundle's own record plus `extra` (bytes each), re-digested
    e = load("b2.evb")
    for x in e:
        if x[0] == "manifest.json":
            m = json.loads(x[1])
            for i, b in enumerate(extra):
                nm = f"evidence-records/4-1.{i + 2}.ers"
                m["evidence_records"].append({"anchor": "anchors/4-1.tsr", "record": nm, "slot": i + 2})
                m["files"][nm] = m["files"]["evidence-records/4-1.1.ers"]
            x[1] = json.dumps(m, indent=2).encode()
    for i, b in enumerate(extra): e.append([f"evidence-records/4-1.{i + 2}.ers", b])
    fix(e); save(e, out)
def rogue_tsa():
    k = eckey()
    ca = make_cert(name("Rogue Root"), k, ca=True)
    k2 = eckey()
    t = make_cert(name("Rogue TSA"), k2, issuer=ca)
    return t
