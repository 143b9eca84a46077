# Round 25's forging, exec'd by its scripts in W (round 24's set-up), on round24/forge.py: the record's
# only archive time-stamp re-forged with genTime S (whole second, no accuracy: P = S) by default,
# optionally carrying CRLs in its SignedData crls field; second records; a rogue TSA.
import sys, os, json, datetime as dt
sys.path[:0] = [sys.argv[1], os.path.join(sys.argv[1], "..", "round24")]
import forge as F
from forge import *
from rawcrl import raw_crl, pem_crl, entry, reason_ext, inv_ext, gen, ext
root1, root2, tsa1, tsa2 = setup_keys()
def gentime_of(tst):  # TSTInfo node -> (datetime, text)
    g = tst.children[4].value.decode(); return dt.datetime.strptime(g[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc), g
e0 = load("b2.evb")
(aname, atsr), = [x for x in e0 if x[0].startswith("anchors/") and x[0].endswith(".tsr")]
G, gtxt = gentime_of(tst_in(D.parse(atsr)))
print("anchor genTime", gtxt, "accuracy node", tst_in(D.parse(atsr)).children[5].encode().hex() if len(tst_in(D.parse(atsr)).children) > 5 else None)
S = now() - dt.timedelta(seconds=1)
P = S
def forged(out, crls=(), gen_time=None):  # the bundle with its record's time-stamp re-forged (record_bytes)
    with_record(record_bytes(crls=crls, gen_time=gen_time), out)
sec = lambda n: dt.timedelta(seconds=n)
clean = lambda t: raw_crl(root1, [], this_update=t)
def revoked(t, r, reason, dup_inv=False, number=1):
    exts = [reason_ext(reason)]
    if dup_inv: exts += [inv_ext(gen(r)), inv_ext(gen(r))]
    return raw_crl(root1, [entry(tsa1.cert.serial_number, r, exts)], this_update=t, number=number)
write("crl-archive-tsa.pem", pem_crl(raw_crl(root2, [], this_update=S + sec(1))))
print("G", G, "S=P", S, "expiry", tsa1.cert.not_valid_after_utc)
def record_bytes(crls=(), signer=None, certs=None, gen_time=None, accuracy=None):  # by tsa2, at S by default
    return F.record_bytes(gen_time or gt(S, ""), signer or tsa2, accuracy=accuracy, certs=certs, crls=crls)
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
