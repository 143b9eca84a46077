"""Red-team PKI and RFC 3161 token forge (round 17). Everything by hand so every field can be bent.

Certificates, CRLs and OCSP responses via `cryptography`; the token (TSTInfo, CMS SignedData) by our
own DER writer. Import it from a repro script: sys.path.insert(0, "testdata/redteam/lib").
"""
import datetime as dt, hashlib, os
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa, padding
from cryptography.x509 import ocsp

UTC = dt.timezone.utc
def now(): return dt.datetime.now(UTC).replace(microsecond=0)

# ---------------------------------------------------------------- DER
def L(n):
    if n < 0x80: return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big"); return bytes([0x80 | len(b)]) + b
def tlv(tag, body): return bytes([tag]) + L(len(body)) + body
def seq(*xs): return tlv(0x30, b"".join(xs))
def set_(*xs, sort=True):
    xs = list(xs)
    if sort: xs.sort()
    return tlv(0x31, b"".join(xs))
def integer(v):
    n = (v.bit_length() + 8) // 8 if v >= 0 else ((-v - 1).bit_length() + 8) // 8
    return tlv(0x02, v.to_bytes(max(n, 1), "big", signed=True))
def oid(s):
    p = [int(x) for x in s.split(".")]
    out = bytes([40 * p[0] + p[1]])
    for v in p[2:]:
        enc = [v & 0x7F]; v >>= 7
        while v: enc.append(0x80 | (v & 0x7F)); v >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)
def octets(b): return tlv(0x04, b)
def null(): return b"\x05\x00"
def boolean(v): return tlv(0x01, b"\xff" if v else b"\x00")
def gentime(s): return tlv(0x18, s.encode())
def ctx(n, body, constructed=True): return tlv((0xA0 if constructed else 0x80) | n, body)
def algid(o, params=None): return seq(oid(o), params) if params is not None else seq(oid(o))

SHA = {"sha1": ("1.3.14.3.2.26", hashes.SHA1()), "sha256": ("2.16.840.1.101.3.4.2.1", hashes.SHA256()),
       "sha384": ("2.16.840.1.101.3.4.2.2", hashes.SHA384()), "sha512": ("2.16.840.1.101.3.4.2.3", hashes.SHA512())}
ECDSA = {"sha1": "1.2.840.10045.4.1", "sha256": "1.2.840.10045.4.3.2", "sha384": "1.2.840.10045.4.3.3", "sha512": "1.2.840.10045.4.3.4"}
RSA_PKCS1 = {"sha1": "1.2.840.113549.1.1.5", "sha256": "1.2.840.113549.1.1.11", "sha384": "1.2.840.113549.1.1.12", "sha512": "1.2.840.113549.1.1.13"}
def H(name, data):
    return hashlib.new(name, data).digest()

# ---------------------------------------------------------------- PKI
def eckey(): return ec.generate_private_key(ec.SECP256R1())
def name(cn, o="Red Team 17"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o), x509.NameAttribute(NameOID.COMMON_NAME, cn)])

class Cert:
    def __init__(s, cert, key): s.cert, s.key = cert, key
    @property
    def der(s): return s.cert.public_bytes(serialization.Encoding.DER)
    @property
    def pem(s): return s.cert.public_bytes(serialization.Encoding.PEM)

def make_cert(subject, key, issuer=None, *, not_before=None, not_after=None, ca=False, pathlen=None,
              bc=True, bc_critical=True, ku=None, eku=("ts",), eku_critical=True, serial=None,
              name_constraints=None, ski=True, aki=True, hash_alg=None, extra=()):
    """issuer: a Cert (None: self-signed with `key`)."""
    nb = not_before or now() - dt.timedelta(days=1)
    na = not_after or now() + dt.timedelta(days=7300)  # 20 years: kept cases stay valid
    b = x509.CertificateBuilder().subject_name(subject).public_key(key.public_key())
    b = b.issuer_name(issuer.cert.subject if issuer else subject)
    b = b.serial_number(serial or x509.random_serial_number()).not_valid_before(nb).not_valid_after(na)
    if bc: b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=pathlen if ca else None), critical=bc_critical)
    if ku is None: ku = ("certsign", "crlsign") if ca else ("sig",)
    if ku:
        b = b.add_extension(x509.KeyUsage(digital_signature="sig" in ku, content_commitment="nr" in ku,
                                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                                          key_cert_sign="certsign" in ku, crl_sign="crlsign" in ku,
                                          encipher_only=False, decipher_only=False), critical=True)
    if eku and not ca:
        m = {"ts": ExtendedKeyUsageOID.TIME_STAMPING, "ocsp": ExtendedKeyUsageOID.OCSP_SIGNING,
             "server": ExtendedKeyUsageOID.SERVER_AUTH, "any": ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE}
        b = b.add_extension(x509.ExtendedKeyUsage([m[e] for e in eku]), critical=eku_critical)
    if name_constraints is not None:
        b = b.add_extension(name_constraints, critical=True)
    if ski: b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    if aki:
        ik = (issuer.key if issuer else key).public_key()
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ik), critical=False)
    for e, crit in extra: b = b.add_extension(e, critical=crit)
    signer = issuer.key if issuer else key
    return Cert(b.sign(signer, hash_alg or hashes.SHA256()), key)

def make_crl(issuer, revoked=(), *, this_update=None, next_update=None, number=1):
    """revoked: [(cert_or_serial, revocation_date, reason or None[, invalidity_date])]"""
    tu = this_update or now()
    b = x509.CertificateRevocationListBuilder().issuer_name(issuer.cert.subject)
    b = b.last_update(tu).next_update(next_update or tu + dt.timedelta(days=30))
    b = b.add_extension(x509.CRLNumber(number), critical=False)
    b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    for c, when, reason, *invalid in revoked:
        serial = c.cert.serial_number if isinstance(c, Cert) else c
        r = x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when)
        if reason is not None: r = r.add_extension(x509.CRLReason(reason), critical=False)
        if invalid and invalid[0] is not None: r = r.add_extension(x509.InvalidityDate(invalid[0]), critical=False)
        b = b.add_revoked_certificate(r.build())
    return b.sign(issuer.key, hashes.SHA256())

def make_ocsp(cert, issuer, responder, *, status="good", this_update=None, next_update=None,
              revoked_at=None, reason=None, certs=()):
    """responder: the Cert that signs (the CA itself, a delegated responder, anything)."""
    tu = this_update or now()
    b = ocsp.OCSPResponseBuilder()
    st = {"good": ocsp.OCSPCertStatus.GOOD, "revoked": ocsp.OCSPCertStatus.REVOKED,
          "unknown": ocsp.OCSPCertStatus.UNKNOWN}[status]
    b = b.add_response(cert=cert.cert, issuer=issuer.cert, algorithm=hashes.SHA1(), cert_status=st,
                       this_update=tu, next_update=next_update or tu + dt.timedelta(days=7),
                       revocation_time=revoked_at if status == "revoked" else None,
                       revocation_reason=reason if status == "revoked" else None)
    b = b.responder_id(ocsp.OCSPResponderEncoding.HASH, responder.cert)
    if certs: b = b.certificates([c.cert for c in certs])
    return b.sign(responder.key, hashes.SHA256())

def ocsp_pem(resp):
    import base64
    d = resp.public_bytes(serialization.Encoding.DER)
    b64 = base64.encodebytes(d).decode().replace("\n", "")
    return ("-----BEGIN OCSP RESPONSE-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
            + "\n-----END OCSP RESPONSE-----\n").encode()

# ---------------------------------------------------------------- tokens
TSTINFO = "1.2.840.113549.1.9.16.1.4"
def gt(t, frac=".123"):
    """GeneralizedTime text for a datetime (UTC)."""
    return t.strftime("%Y%m%d%H%M%S") + (frac or "") + "Z"

def tstinfo(imprint, *, hash_name="sha256", policy="1.3.6.1.4.1.99999.1", serial=1, gen_time=None,
            accuracy=(1, None, None), ordering=None, nonce=None, tsa=None, extensions=None, version=1,
            raw_gentime=None, imprint_params=True):
    alg = algid(SHA[hash_name][0], null()) if imprint_params else algid(SHA[hash_name][0])
    parts = [integer(version), oid(policy), seq(alg, octets(imprint)), integer(serial),
             raw_gentime if raw_gentime is not None else gentime(gen_time or gt(now()))]
    if accuracy:
        s, ms, us = accuracy
        a = b""
        if s: a += integer(s)
        if ms: a += tlv(0x80, integer(ms)[2:])
        if us: a += tlv(0x81, integer(us)[2:])
        parts.append(seq(a) if a else seq())
    if ordering is not None: parts.append(boolean(ordering))
    if nonce is not None: parts.append(integer(nonce))
    if tsa is not None: parts.append(ctx(0, tsa))
    if extensions is not None: parts.append(ctx(1, extensions))
    return seq(*parts)

def dn_der(cert):
    return cert.cert.subject.public_bytes()

def ess_v2(cert, *, hash_name="sha256", issuer_serial=True, other_cert=None, serial_delta=0):
    c = other_cert or cert
    h = H(hash_name, c.der)
    issuer = c.cert.issuer.public_bytes()
    body = b""
    if hash_name != "sha256": body += algid(SHA[hash_name][0])
    body += octets(h)
    if issuer_serial: body += seq(seq(ctx(4, issuer)), integer(c.cert.serial_number + serial_delta))
    return seq(seq(seq(body)))  # SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 }

def ess_v1(cert, *, other_cert=None):
    c = other_cert or cert
    body = octets(H("sha1", c.der)) + seq(seq(ctx(4, c.cert.issuer.public_bytes())), integer(c.cert.serial_number))
    return seq(seq(seq(body)))

def attr(o, *values): return seq(oid(o), set_(*values))

def token(tst, signer, *, certs=None, digest="sha256", sig_digest=None, content_type_attr=TSTINFO,
          ess=None, extra_attrs=(), md_override=None, sid="issuer_serial", unsigned_attrs=None,
          crls=None, sd_version=3, econtent_type=TSTINFO, sig_alg=None, corrupt_sig=False, signer_infos_extra=()):
    """A ContentInfo(SignedData) token over TSTInfo bytes `tst`, signed by `signer` (a Cert)."""
    dname = digest
    md = md_override if md_override is not None else H(dname, tst)
    attrs = [attr("1.2.840.113549.1.9.3", oid(content_type_attr)), attr("1.2.840.113549.1.9.4", octets(md))]
    attrs.append(attr("1.2.840.113549.1.9.16.2.47", ess if ess is not None else ess_v2(signer)))
    attrs += list(extra_attrs)
    attrs.sort()
    signed_set = set_(*attrs)
    sd_name = sig_digest or dname
    k = signer.key
    if isinstance(k, ec.EllipticCurvePrivateKey):
        sig = k.sign(signed_set, ec.ECDSA(SHA[sd_name][1]))
        salg = algid(sig_alg or ECDSA[sd_name])
    else:
        sig = k.sign(signed_set, padding.PKCS1v15(), SHA[sd_name][1])
        salg = algid(sig_alg or RSA_PKCS1[sd_name], null())
    if corrupt_sig: sig = sig[:-1] + bytes([sig[-1] ^ 1])
    if sid == "issuer_serial":
        sidb = seq(signer.cert.issuer.public_bytes(), integer(signer.cert.serial_number)); siv = 1
    else:
        ski = signer.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
        sidb = tlv(0x80, ski); siv = 3
    si = seq(integer(siv), sidb, algid(SHA[dname][0], null()), tlv(0xA0, b"".join(attrs)), salg, octets(sig),
             *( [ctx(1, b"".join(unsigned_attrs))] if unsigned_attrs else []))
    certs = [signer] if certs is None else certs
    parts = [integer(sd_version), set_(algid(SHA[dname][0], null())),
             seq(oid(econtent_type), ctx(0, octets(tst)))]
    if certs: parts.append(tlv(0xA0, b"".join(sorted(c.der for c in certs))))
    if crls: parts.append(tlv(0xA1, b"".join(crls)))
    parts.append(set_(si, *signer_infos_extra))
    sd = seq(*parts)
    return seq(oid("1.2.840.113549.1.7.2"), ctx(0, sd))

def response(tok): return seq(seq(integer(0)), tok)

def write(path, data):
    with open(path, "wb") as f: f.write(data)
