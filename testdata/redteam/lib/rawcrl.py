"""Hand-built CRLs and OCSP single responses: every entry extension given as raw bytes (duplicates, critical, malformed values). Red team round 21."""
from tok import *
from cryptography.hazmat.primitives.asymmetric import ec, padding
INVALIDITY = "2.5.29.24"
def utc(t): return tlv(0x17, t.strftime("%y%m%d%H%M%SZ").encode())
def gen(t, fmt="%Y%m%d%H%M%SZ"): return tlv(0x18, t.strftime(fmt).encode())
def ext(o, value, critical=False):
    return seq(oid(o), *( [boolean(True)] if critical else [] ), octets(value))
def reason_ext(r): return ext("2.5.29.21", tlv(0x0A, bytes([r])))
def inv_ext(value, critical=False): return ext(INVALIDITY, value, critical)
def entry(serial, revoked, exts=()):
    parts = [integer(serial), utc(revoked)]
    if exts: parts.append(seq(*exts))
    return seq(*parts)
def raw_crl(issuer, entries, *, this_update=None, next_update=None, number=1):
    k = issuer.key
    if isinstance(k, ec.EllipticCurvePrivateKey): salg = algid(ECDSA["sha256"])
    else: salg = algid(RSA_PKCS1["sha256"], null())
    tu = this_update or now()
    crlexts = ctx(0, seq(ext("2.5.29.20", integer(number))))
    parts = [integer(1), salg, issuer.cert.subject.public_bytes(), utc(tu), utc(next_update or tu + dt.timedelta(days=30))]
    if entries: parts.append(seq(*entries))
    parts.append(crlexts)
    tbs = seq(*parts)
    if isinstance(k, ec.EllipticCurvePrivateKey): sig = k.sign(tbs, ec.ECDSA(hashes.SHA256()))
    else: sig = k.sign(tbs, padding.PKCS1v15(), hashes.SHA256())
    return seq(tbs, salg, tlv(0x03, b"\x00" + sig))
def pem_crl(der):
    import base64
    b = base64.encodebytes(der).decode().replace("\n", "")
    return ("-----BEGIN X509 CRL-----\n" + "\n".join(b[i:i+64] for i in range(0, len(b), 64)) + "\n-----END X509 CRL-----\n").encode()
from ocspraw import certid, basic, ocsptime
def single_raw(cid, status="revoked", revoked_at=None, reason=4, this_update=None, exts=None, raw_singleext=None):
    tu = this_update or now()
    if status == "good": st = tlv(0x80, b"")
    else:
        body = ocsptime(revoked_at or now())
        if reason is not None: body += ctx(0, tlv(0x0A, bytes([reason])))
        st = tlv(0xA1, body)
    parts = [cid, st, ocsptime(tu), ctx(0, ocsptime(tu + dt.timedelta(days=7)))]
    if raw_singleext is not None: parts.append(ctx(1, raw_singleext))
    elif exts: parts.append(ctx(1, seq(*exts)))
    return seq(*parts)
