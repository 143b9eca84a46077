#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# Round 17 F3 with a SHA-224 CertID (RFC 6960 allows any hash; `openssl ocsp -sha224`): the CA says the TSA
# certificate is revoked (keyCompromise); a clean CRL after genTime is in the bundle. Expected invalid.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source $LIB18/tsa-setup.sh; source $LIB18/browser.sh
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 1
# The operator's clean CRL, issued after genTime (before the compromise was reported), put into the bundle.
"$EV" tsa crl --dir tsa -o clean-crl.pem >/dev/null
sleep 1
# Later: the TSA key is reported compromised; the CA's OCSP responder (the CA key itself) answers "revoked".
$PY - "$LIB17" <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
kc = dict(status="revoked", revoked_at=now(), reason=x509.ReasonFlags.key_compromise)
def mk(alg):
    b = ocsp.OCSPResponseBuilder().add_response(cert=tsa.cert, issuer=root.cert, algorithm=alg,
        cert_status=ocsp.OCSPCertStatus.REVOKED, this_update=now(), next_update=now() + dt.timedelta(days=7),
        revocation_time=now(), revocation_reason=x509.ReasonFlags.key_compromise)
    b = b.responder_id(ocsp.OCSPResponderEncoding.HASH, root.cert).certificates([root.cert])
    return b.sign(root.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
write("ocsp-revoked.der", mk(hashes.SHA224()))
write("ocsp-revoked-sha1-certid.der", mk(hashes.SHA1()))   # control: SHA-1 CertID
sys.path.insert(0, sys.argv[1]); from bundle import *
from der import parse
e = load("b.evb"); get(e, "anchors/4-1.revocation.pem")[1] = open("clean-crl.pem","rb").read()
fix(e); save(e, "b2.evb")
tok = get(e, "anchors/4-1.tsr")[1]; open("anchor.tsr","wb").write(tok); open("note","wb").write(get(e,"checkpoints/4.note")[1])
PY
echo "--- openssl's view of the regulator's OCSP response:"
openssl ocsp -respin ocsp-revoked.der -CAfile root.pem -issuer root.pem -resp_text 2>&1 | grep -E "verify|Hash Algorithm|Cert Status|Reason" | sed 's/^/    /'
echo "--- bundle (carries the clean CRL), regulator gives the OCSP response:"
run "$EV" verify b2.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-revoked.der
run "$EV" verify b2.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-revoked-sha1-certid.der
echo "--- ts verify, same inputs:"
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-revoked.der
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-revoked-sha1-certid.der
echo "--- browser verifier"
browser b2.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-revoked.der
browser b2.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/ocsp-revoked-sha1-certid.der
