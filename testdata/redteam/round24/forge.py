# Round 24's forging, shared with round 25: imported by the Python of the scripts that run in W after
# setup.sh, with ../lib and this directory on sys.path. The set-up's keys, and the bundle's evidence
# record with its only archive time-stamp re-signed (its hash tree and the archive TSA's policy kept).
import os, json
from tok import *
from bundle import load, save, fix
import der as D
from cryptography.hazmat.primitives.serialization import load_pem_private_key


def ld(d, name):
    c = x509.load_pem_x509_certificate(open(f"{d}/{name}.pem", "rb").read())
    return Cert(c, load_pem_private_key(open(f"{d}/{name}.key", "rb").read(), None))


def setup_keys():
    """root1, root2, tsa1, tsa2: the anchor TSA's root and certificate (tsa/), the archive TSA's (tsa2/)."""
    return ld("tsa", "root"), ld("tsa2", "root"), ld("tsa", "tsa"), ld("tsa2", "tsa")


def tst_in(node):
    """The TSTInfo inside a token (the eContent OCTET STRING's encapsulated value)."""
    return [n for n in node.walk() if n.tag == 0x04 and n.encap][0].children[0]


def record_bytes(gen_time, signer, accuracy=None, certs=None, crls=(), src="b2.evb"):
    """The evidence record of bundle `src`, its first (only) ArchiveTimeStamp's timeStamp replaced by
    a token of `signer` (a tok.Cert) with genTime `gen_time` (tok.gt's text), `accuracy` (tok.tstinfo's
    form) and `crls` carried in its SignedData; the TSTInfo's imprint and policy are the old one's."""
    (name, er), = [x for x in load(src) if x[0].startswith("evidence-records/")]
    rec = D.parse(er)
    ats = rec.children[-1].children[0].children[0]
    old = tst_in(ats.children[-1])
    imprint = old.children[2].children[1].value
    assert imprint is not None and len(imprint) == 32
    raw = tstinfo(imprint, gen_time=gen_time, accuracy=accuracy, serial=int.from_bytes(os.urandom(8), "big") >> 1)
    tst = D.parse(raw)
    tst.children[1] = old.children[1]
    ats.children[-1] = D.parse(token(tst.encode(), signer, certs=certs or [signer], crls=list(crls) or None))
    return rec.encode()


def with_record(record, out, src="b2.evb"):
    """Bundle `src` with its evidence record replaced by `record`, the manifest re-digested, as `out`."""
    e = load(src)
    for x in e:
        if x[0].startswith("evidence-records/"):
            x[1] = record
    fix(e)
    save(e, out)


def stripped(src, out):
    """Bundle `src` without its evidence records, the manifest re-digested (anyone holding it can)."""
    e = [x for x in load(src) if not x[0].startswith("evidence-records/")]
    for x in e:
        if x[0] == "manifest.json":
            m = json.loads(x[1])
            m.pop("evidence_records", None)
            m["files"] = {k: v for k, v in m["files"].items() if not k.startswith("evidence-records/")}
            x[1] = json.dumps(m, indent=2).encode()
    fix(e)
    save(e, out)
