#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# The regulator holds the CA's own OCSP response revoking the TSA certificate (keyCompromise), the
# case round 17 F1 fixed. The operator (who assembles the bundle / token) adds ONE unsigned
# certificate to the token's `certificates` field (and chain.pem): a self-made cert that matches the
# response's ResponderID — same subject as the CA (ResponderID byName) or carrying the CA's public
# key (byKey) — but is not the CA. OpenSSL's OCSP_basic_verify (and the browser's ocspTrusted) take the
# FIRST candidate matching the ResponderID, and the operator's certificates come before the roots:
# the signature then fails (byName) or the path fails (byKey), the response is dropped as
# "untrusted", and the clean CRL (after genTime, before the compromise) proves the TSA good.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}

source $LIB18/tsa-setup.sh
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 2   # issued after genTime plus the token's accuracy (1 s)
"$EV" tsa crl --dir tsa -o clean-crl.pem >/dev/null
sleep 1
$PY - "$LIB17" <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from bundle import *
from der import parse
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
def resp(enc, certs=()):
    b = ocsp.OCSPResponseBuilder().add_response(cert=tsa.cert, issuer=root.cert, algorithm=hashes.SHA1(),
        cert_status=ocsp.OCSPCertStatus.REVOKED, this_update=now(), next_update=now() + dt.timedelta(days=7),
        revocation_time=now(), revocation_reason=x509.ReasonFlags.key_compromise)
    b = b.responder_id(enc, root.cert)
    if certs: b = b.certificates([c.cert for c in certs])
    return b.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
write("ocsp-byname.der", resp(ocsp.OCSPResponderEncoding.NAME))
write("ocsp-bykey.der", resp(ocsp.OCSPResponderEncoding.HASH))
write("ocsp-bykey-with-ca.der", resp(ocsp.OCSPResponderEncoding.HASH, [root]))
write("ocsp-byname-with-ca.der", resp(ocsp.OCSPResponderEncoding.NAME, [root]))
# The operator's decoys (no CA key needed).
ak = eckey()
same_name = make_cert(root.cert.subject, ak, ca=True)                       # CA's name, attacker key, self-signed
atk_ca = make_cert(name("Attacker"), ak, ca=True)
b = (x509.CertificateBuilder().subject_name(root.cert.subject).issuer_name(atk_ca.cert.subject)
     .public_key(root.cert.public_key()).serial_number(x509.random_serial_number())
     .not_valid_before(now() - dt.timedelta(days=1)).not_valid_after(now() + dt.timedelta(days=365)))
same_key = Cert(b.sign(ak, hashes.SHA256()), None)                          # CA's public key, signed by the attacker
e0 = load("b.evb")
for label, decoy in (("byname", same_name), ("bykey", same_key)):
    e = [list(x) for x in e0]
    get(e, "anchors/4-1.revocation.pem")[1] = open("clean-crl.pem","rb").read()
    t = parse(get(e, "anchors/4-1.tsr")[1])
    certset = [n for n in t.walk() if n.tag == 0xA0 and n.children and all(c.tag == 0x30 and len(c.children) == 3 for c in n.children)][0]
    certset.children = [c for c in certset.children if c.encode() != root.der]
    certset.children.insert(0, parse(decoy.der))
    get(e, "anchors/4-1.tsr")[1] = t.encode()
    get(e, "anchors/4-1.chain.pem")[1] = open("tsa/tsa.pem","rb").read() + decoy.pem
    fix(e); save(e, f"b-{label}.evb")
    open(f"anchor-{label}.tsr","wb").write(get(e, "anchors/4-1.tsr")[1])
    open(f"decoy-{label}.pem","wb").write(decoy.pem)
    open("note","wb").write(get(e,"checkpoints/4.note")[1])
# control: token without decoy
e = [list(x) for x in e0]; get(e, "anchors/4-1.revocation.pem")[1] = open("clean-crl.pem","rb").read(); fix(e); save(e, "b-control.evb")
open("anchor-control.tsr","wb").write(get(e, "anchors/4-1.tsr")[1])
PY
echo "--- openssl's view of the regulator's responses:"
for f in ocsp-byname ocsp-bykey; do printf "    $f: "; openssl ocsp -respin $f.der -CAfile root.pem -issuer root.pem -cert tsa/tsa.pem 2>&1 | grep -E "verify|tsa/tsa.pem" | tr '\n' ' '; echo; done
echo "--- control (no decoy): must be invalid"
run "$EV" verify b-control.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-byname.der
run "$EV" ts verify --in anchor-control.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-byname.der
echo "--- ResponderID byName, decoy = self-signed cert with the CA's subject in the token/chain.pem"
run "$EV" verify b-byname.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-byname.der
run "$EV" ts verify --in anchor-byname.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-byname.der
run "$EV" verify b-byname.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-byname-with-ca.der
echo "--- ResponderID byKey, decoy = the CA's public key in a cert the attacker signed"
run "$EV" verify b-bykey.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-bykey.der
run "$EV" ts verify --in anchor-bykey.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-bykey.der
run "$EV" verify b-bykey.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-bykey-with-ca.der
run "$EV" ts verify --in anchor-bykey.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-bykey-with-ca.der

echo "--- browser verifier (same bundles and inputs)"
source $LIB18/browser.sh
browser b-control.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-byname.der
browser b-byname.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-byname.der
browser b-bykey.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-bykey.der
browser b-bykey.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-bykey-with-ca.der
