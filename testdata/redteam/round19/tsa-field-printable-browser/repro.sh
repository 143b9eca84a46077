#!/usr/bin/env bash
# TSTInfo `tsa` directoryName vs the signer's subject, CLI (OpenSSL X509_NAME_cmp) vs the browser
# verifier (canonName in x509.js). OpenSSL canonicalises PrintableString/IA5String/VisibleString
# values as Latin-1 whatever characters they hold; the browser's DER reader refuses a PrintableString
# with a character outside its alphabet (e.g. '&', '@', '_', very common in real CA names: "AT&T"),
# an IA5String with an octet > 0x7f, and then compares the raw bytes *with their tag*: so a name
# that differs only in string type or ASCII case — the same name for OpenSSL, RFC 5280 and the CLI —
# is a mismatch in the browser.
set -uo pipefail
LIB19="$(cd "$(dirname "$0")/../../lib" && pwd)"
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source $LIB19/tsa-setup.sh; source $LIB19/browser.sh
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
$PY - $LIB19 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from bundle import *
from der import parse
from cryptography.x509.oid import NameOID
from cryptography.x509.name import _ASN1Type
O, CN = "2.5.4.10", "2.5.4.3"
PR, UTF8, IA5 = 0x13, 0x0C, 0x16
def rawname(*atvs):  # [(oid, tag, bytes)]
    return seq(*[set_(seq(oid(o), tlv(t, v))) for o, t, v in atvs])
R = make_cert(name("Root R"), eckey(), ca=True); write("R.pem", R.pem)
tmp = make_cert(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ATxT Corp", _ASN1Type.PrintableString),
                           x509.NameAttribute(NameOID.COMMON_NAME, "ATxT TSA", _ASN1Type.PrintableString)]), eckey(), R)
# cryptography refuses '&' in a PrintableString: patch the TBS and sign it again with R's key
tbs = tmp.cert.tbs_certificate_bytes.replace(b"\x13\x09ATxT Corp", b"\x13\x09AT&T Corp").replace(b"\x13\x08ATxT TSA", b"\x13\x08AT&T TSA")
der_ = seq(tbs, algid(ECDSA["sha256"]), tlv(0x03, b"\x00" + R.key.sign(tbs, ec.ECDSA(hashes.SHA256()))))
import base64
class Shim:  # cryptography will not load the patched certificate: keep the fields token() needs
    def __init__(s, der, base): s.der, s.key, s.cert = der, base.key, base.cert
    @property
    def pem(s):
        b = base64.encodebytes(s.der).decode().replace("\n", "")
        return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i+64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----\n").encode()
amp = Shim(der_, tmp)
amp_subject = rawname((O, PR, b"AT&T Corp"), (CN, PR, b"AT&T TSA"))
zur = make_cert(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Red Team"),
                           x509.NameAttribute(NameOID.COMMON_NAME, "Zürich TSA")]), eckey(), R)

cases = {
  "amp-exact":  (amp, ctx(4, amp_subject)),                                    # control: same bytes
  "amp-utf8":   (amp, ctx(4, rawname((O, UTF8, b"AT&T Corp"), (CN, UTF8, b"AT&T TSA")))),         # string type only
  "amp-case":   (amp, ctx(4, rawname((O, PR, b"AT&T CORP"), (CN, PR, b"AT&T TSA")))),             # ASCII case only
  "latin1-ia5": (zur, ctx(4, rawname((O, UTF8, b"Red Team"), (CN, IA5, "Zürich TSA".encode("latin-1"))))),
}
e0 = load("b.evb")
req = parse(get(e0, "anchors/4-1.tsq")[1])
nonce = int.from_bytes([c for c in req.children[2:] if c.tag == 0x02][0].value, "big", signed=True)
note = get(e0, "checkpoints/4.note")[1]; open("note", "wb").write(note)
gen = now()
crl = make_crl(R, [], this_update=gen + dt.timedelta(seconds=2)).public_bytes(serialization.Encoding.PEM)
for label, (signer, tsa) in cases.items():
    e = [list(x) for x in e0]
    tsr = response(token(tstinfo(H("sha256", note), gen_time=gt(gen), tsa=tsa, nonce=nonce), signer, certs=[signer]))
    get(e, "anchors/4-1.tsr")[1] = tsr
    get(e, "anchors/4-1.chain.pem")[1] = signer.pem
    get(e, "anchors/4-1.revocation.pem")[1] = crl
    fix(e); save(e, f"{label}.evb"); open(f"{label}.tsr", "wb").write(tsr)
PY
for b in amp-exact amp-utf8 amp-case latin1-ia5; do
  echo "=== $b"
  set +e; printf '    openssl ts -verify: '; openssl ts -verify -in $b.tsr -data note -CAfile R.pem 2>&1 | grep -oE "Verification: OK|tsa name mismatch" | head -1
  HEADN=0 run "$EV" ts verify --in $b.tsr --data note --tsa-roots R.pem
  HEADN=1 run "$EV" verify $b.evb --tsa-roots R.pem --ledger-key k.pub.json
  browser $b.evb --tsa-roots $W/R.pem --ledger-key $W/k.pub.json
done
