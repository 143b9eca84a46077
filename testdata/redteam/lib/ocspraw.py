"""Hand-built OCSP responses (any number of single responses, any CertID hash, raw ResponderID)."""
import hashlib
from tok import *
from cryptography.hazmat.primitives.asymmetric import ec, padding
HOID = {"sha1": "1.3.14.3.2.26", "sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2",
        "sha512": "2.16.840.1.101.3.4.2.3", "sha224": "2.16.840.1.101.3.4.2.4", "md5": "1.2.840.113549.2.5",
        "sha3_256": "2.16.840.1.101.3.4.2.8"}
def keybits(cert):
    pk = cert.public_key()
    if isinstance(pk, ec.EllipticCurvePublicKey):
        return pk.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return pk.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
def ocsptime(t): return gentime(t.strftime("%Y%m%d%H%M%SZ"))
def certid(cert, issuer, alg="sha1", serial=None, name_hash=None, key_hash=None):
    h = lambda d: hashlib.new(alg, d).digest()
    return seq(algid(HOID[alg], null()), octets(name_hash if name_hash is not None else h(issuer.cert.subject.public_bytes())),
               octets(key_hash if key_hash is not None else h(keybits(issuer.cert))),
               integer(serial if serial is not None else cert.cert.serial_number))
def single(cid, status="good", this_update=None, revoked_at=None, reason=1, next_update=None, invalidity=None):
    tu = this_update or now()
    if status == "good": st = tlv(0x80, b"")
    elif status == "unknown": st = tlv(0x82, b"")
    else:
        body = ocsptime(revoked_at or now())
        if reason is not None: body += ctx(0, tlv(0x0A, bytes([reason])))
        st = tlv(0xA1, body)
    parts = [cid, st, ocsptime(tu)]
    parts.append(ctx(0, ocsptime(next_update or tu + dt.timedelta(days=7))))
    if invalidity is not None:  # singleExtensions: an invalidityDate (RFC 5280 §5.3.2)
        parts.append(ctx(1, seq(seq(oid("2.5.29.24"), octets(ocsptime(invalidity))))))
    return seq(*parts)
def basic(singles, signer, *, by="key", rid_cert=None, certs=(), produced=None, bad_sig=False):
    rc = (rid_cert or signer).cert
    if by == "key": rid = ctx(2, octets(hashlib.sha1(keybits(rc)).digest()))
    else: rid = ctx(1, rc.subject.public_bytes())
    tbs = seq(rid, ocsptime(produced or now()), seq(*singles))
    k = signer.key
    if isinstance(k, ec.EllipticCurvePrivateKey):
        sig = k.sign(tbs, ec.ECDSA(hashes.SHA256())); salg = algid(ECDSA["sha256"])
    else:
        sig = k.sign(tbs, padding.PKCS1v15(), hashes.SHA256()); salg = algid(RSA_PKCS1["sha256"], null())
    if bad_sig: sig = sig[:-1] + bytes([sig[-1] ^ 1])
    parts = [tbs, salg, tlv(0x03, b"\x00" + sig)]
    if certs: parts.append(ctx(0, seq(*[c.der for c in certs])))
    b = seq(*parts)
    return seq(tlv(0x0A, b"\x00"), ctx(0, seq(oid("1.3.6.1.5.5.7.48.1.1"), octets(b))))
