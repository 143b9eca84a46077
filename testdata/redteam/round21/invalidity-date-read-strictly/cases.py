# Round 21's cases (README "Round 21"): CRLs and OCSP responses whose entry for the TSA certificate
# carries an invalidityDate written every way a CA (or a forger holding its key) might, built by
# hand (lib/rawcrl.py). Run from repro.sh: argv[1] the lib dir, the environment's GT the genTime.
# Names: c = CRL, o = OCSP; E = 10 minutes before genTime, L = three seconds after (beyond the
# built-in TSA's 1 s accuracy; it was one second before the accuracy rule of round 23); the
# revocation itself is dated after genTime with reason superseded (4) unless the name says otherwise.
import sys, os; sys.path.insert(0, sys.argv[1])
from rawcrl import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
G = dt.datetime.strptime(os.environ["GT"][:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)  # genTime, floored
early, rev, late = G - dt.timedelta(minutes=10), now(), G + dt.timedelta(seconds=3)
S = tsa.cert.serial_number
only = set(sys.argv[2:])
def crl(name, entries, **kw):
    if only and name not in only: return
    write(name + ".pem", pem_crl(raw_crl(root, entries, **kw)))
R = lambda r=4: reason_ext(r)
E = gen(early); Lt = gen(late)
junk_ext = ext("1.3.6.1.4.1.99999.7", tlv(0x05, b""))
explicit_false = seq(oid("1.3.6.1.4.1.99999.8"), boolean(False), octets(tlv(0x05, b"")))
crl("c00-none", [entry(S, rev, [R()])])
crl("c01-after", [entry(S, rev, [R(), inv_ext(Lt)])])
crl("c02-before", [entry(S, rev, [R(), inv_ext(E)])])
crl("c03-dup-EE", [entry(S, rev, [R(), inv_ext(E), inv_ext(E)])])
crl("c04-dup-LE", [entry(S, rev, [R(), inv_ext(Lt), inv_ext(E)])])
crl("c05-dup-EL", [entry(S, rev, [R(), inv_ext(E), inv_ext(Lt)])])
crl("c06-utc", [entry(S, rev, [R(), inv_ext(utc(early))])])
crl("c07-offset-shift", [entry(S, rev, [R(), inv_ext(gen(G + dt.timedelta(hours=1), "%Y%m%d%H%M%S+0200"))])])
crl("c08-noseconds", [entry(S, rev, [R(), inv_ext(gen(early, "%Y%m%d%H%MZ"))])])
crl("c09-frac-0", [entry(S, rev, [R(), inv_ext(gen(early, "%Y%m%d%H%M%S.50Z"))])])
crl("c10-frac", [entry(S, rev, [R(), inv_ext(gen(early, "%Y%m%d%H%M%S.5Z"))])])
crl("c11-trailing", [entry(S, rev, [R(), inv_ext(E + b"\x05\x00")])])
crl("c12-berlen", [entry(S, rev, [R(), inv_ext(b"\x18\x81\x0f" + early.strftime("%Y%m%d%H%M%SZ").encode())])])
crl("c13-crit-early", [entry(S, rev, [R(), inv_ext(E, True)])])
crl("c14-crit-late", [entry(S, rev, [R(), inv_ext(Lt, True)])])
crl("c15-crit-other", [entry(12345, rev, [R(), inv_ext(Lt, True)])])
crl("c16-inv-after-rev", [entry(S, rev, [R(), inv_ext(gen(rev + dt.timedelta(days=1)))])])
crl("c17-hold-early", [entry(S, rev, [R(6), inv_ext(E)])])
crl("c18-remove-early", [entry(S, rev, [R(8), inv_ext(E)])])
crl("c19-other-early", [entry(12345, rev, [R(), inv_ext(E)]), entry(S, rev, [R()])])
crl("c20-eqG", [entry(S, rev, [R(), inv_ext(gen(G))])])
crl("c21-eqG+1", [entry(S, rev, [R(), inv_ext(gen(G + dt.timedelta(seconds=1)))])])
crl("c22-wrongtype", [entry(S, rev, [R(), inv_ext(integer(5))])])
crl("c23-year0", [entry(S, rev, [R(), inv_ext(tlv(0x18, b"00000101000000Z"))])])
crl("c24-dup-Ejunk", [entry(S, rev, [R(), inv_ext(E), inv_ext(integer(5))])])
crl("c25-explicitfalse", [entry(S, rev, [R(), explicit_false, inv_ext(E)])])
crl("c26-33ext", [entry(S, rev, [R(), inv_ext(E)] + [ext("1.3.6.1.4.1.99999.%d" % i, tlv(0x05, b"")) for i in range(31)])])
crl("c27-dupother", [entry(S, rev, [R(), junk_ext, junk_ext, inv_ext(E)])])
crl("c28-dupreason", [entry(S, rev, [R(), R(), inv_ext(E)])])
crl("c29-ced-early", [entry(S, rev, [R(5), inv_ext(E)])])
crl("c30-noreason-G+1", [entry(S, rev, [inv_ext(Lt)])])
# two CRLs: the newer without invalidityDate, the older with
if not only or "c31-two" in only:
    a = pem_crl(raw_crl(root, [entry(S, rev, [R()])], number=9))
    b = pem_crl(raw_crl(root, [entry(S, rev, [R(), inv_ext(E)])], this_update=rev - dt.timedelta(seconds=1), number=8))
    write("c31-two.pem", a + b)
# OCSP
cid = certid(tsa, root); ocid = certid(Cert(tsa.cert, None), root, serial=12345)
def oc(name, singles):
    if only and name not in only: return
    write(name + ".der", basic(singles, root, by="name"))
SR = lambda exts=None, **kw: single_raw(cid, "revoked", revoked_at=rev, reason=kw.pop("reason", 4), exts=exts, **kw)
oc("o00-none", [SR()])
oc("o01-after", [SR([inv_ext(Lt)])])
oc("o02-before", [SR([inv_ext(E)])])
oc("o03-dup-EE", [SR([inv_ext(E), inv_ext(E)])])
oc("o04-dup-LE", [SR([inv_ext(Lt), inv_ext(E)])])
oc("o05-dup-EL", [SR([inv_ext(E), inv_ext(Lt)])])
oc("o06-utc", [SR([inv_ext(utc(early))])])
oc("o07-offset-shift", [SR([inv_ext(gen(G + dt.timedelta(hours=1), "%Y%m%d%H%M%S+0200"))])])
oc("o08-noseconds", [SR([inv_ext(gen(early, "%Y%m%d%H%MZ"))])])
oc("o09-frac-0", [SR([inv_ext(gen(early, "%Y%m%d%H%M%S.50Z"))])])
oc("o10-trailing", [SR([inv_ext(E + b"\x05\x00")])])
oc("o11-crit-early", [SR([inv_ext(E, True)])])
oc("o12-crit-late", [SR([inv_ext(Lt, True)])])
oc("o13-other-certid", [single_raw(ocid, "revoked", revoked_at=rev, reason=4, exts=[inv_ext(E)]), SR()])
oc("o14-inv-after-rev", [SR([inv_ext(gen(rev + dt.timedelta(days=1)))])])
oc("o15-hold-early", [SR([inv_ext(E)], reason=6)])
oc("o16-explicitfalse", [SR([explicit_false, inv_ext(E)])])
oc("o17-33ext", [SR([inv_ext(E)] + [ext("1.3.6.1.4.1.99999.%d" % i, tlv(0x05, b"")) for i in range(32)])])
oc("o18-dupother", [SR([junk_ext, junk_ext, inv_ext(E)])])
oc("o19-eqG", [SR([inv_ext(gen(G))])])
oc("o20-wrongtype", [SR([inv_ext(integer(5))])])
oc("o21-dup-Ejunk", [SR([inv_ext(E), inv_ext(integer(5))])])
oc("o23-good-plus-inv", [single_raw(cid, "good", exts=[inv_ext(E)])])
oc("o24-frac", [SR([inv_ext(gen(early, "%Y%m%d%H%M%S.5Z"))])])
oc("o25-ced-early", [SR([inv_ext(E)], reason=5)])
oc("o26-year0", [SR([inv_ext(tlv(0x18, b"00000101000000Z"))])])
# Round 22 (README "Round 22"): a critical crlReason is an unhandled critical extension in both
# verifiers (OpenSSL handles a critical entry extension only for certificateIssuer).
R_crit = lambda r=4: ext("2.5.29.21", tlv(0x0A, bytes([r])), True)
crl("c32-sup-late-critreason", [entry(S, rev, [R_crit(4)])])
crl("c33-other-critreason", [entry(12345, rev, [R_crit(1)])])
crl("c34-critreason-kc-early", [entry(S, early, [R_crit(1)])])
# Round 23 (README "Round 23"): the token was made at genTime ± its accuracy (1 s here), so it may
# have been made as late as G+1 (G is genTime floored). A benign revocation dated there does not
# show the token made before it (indeterminate); one at G+2 does (valid); a key compromise at G+1
# is invalid. Revocation data proves good status only when issued at or after genTime plus the
# accuracy: an empty CRL issued at G proves nothing in a bundle (ts verify keeps OpenSSL's reading
# of a CRL's validity period), nor does an OCSP "good" as of G in either.
G1, G2 = G + dt.timedelta(seconds=1), G + dt.timedelta(seconds=2)
crl("c35-rev-in-accuracy", [entry(S, G1, [R()])])
crl("c36-rev-past-accuracy", [entry(S, G2, [R()])])
crl("c37-kc-in-accuracy", [entry(S, G1, [R(1)])])
crl("c38-inv-in-accuracy", [entry(S, rev, [R(), inv_ext(gen(G1))])])
crl("c39-clean-at-G", [], this_update=G)
oc("o27-rev-in-accuracy", [single_raw(cid, "revoked", revoked_at=G1, reason=4)])
oc("o28-rev-past-accuracy", [single_raw(cid, "revoked", revoked_at=G2, reason=4)])
oc("o29-good-as-of-G", [single_raw(cid, "good", this_update=G)])
oc("o30-inv-in-accuracy", [SR([inv_ext(gen(G1))])])
