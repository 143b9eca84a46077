#!/usr/bin/env bash
# docs/verification.md, "TSA revocation": "A revocation is decisive, whatever else is there. Every
# CRL given or carried — of any date, also one issued before genTime — ... and every trusted OCSP
# response, is searched ...: one listed as revoked at or before genTime (any reason) ... makes the
# anchor invalid." The bundle verifier (EvidenceTokenCheck) drops every OCSP response produced before
# genTime BEFORE that search (`ocspResponses.filter { $0.producedAt >= from }`), so a trusted OCSP
# response proving the TSA certificate was revoked (on hold) at genTime is ignored, and a clean CRL
# issued after the hold was lifted makes the anchor valid.
#   same facts as a CRL (issued before genTime)      -> evident verify: invalid (exit 1)
#   same facts as an OCSP response (before genTime)  -> evident verify: VALID (exit 0)
#   ts verify with the same OCSP response            -> invalid (exit 1): the two verifiers disagree
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/tsa-setup.sh"
make_ledger
# T0: the CA puts the TSA certificate on hold (reason 6); its OCSP responder (the CA key; the CA
# certificate embedded) says so. The same fact as a CRL, for the control.
$PY - "$LIB17" <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
t0 = now() - dt.timedelta(minutes=1)
r = make_ocsp(tsa, root, root, certs=[root], status="revoked", revoked_at=t0, reason=x509.ReasonFlags.certificate_hold)
write("ocsp-hold.der", r.public_bytes(serialization.Encoding.DER))
write("crl-hold.pem", make_crl(root, [(tsa, t0, x509.ReasonFlags.certificate_hold)], this_update=now(), number=1).public_bytes(serialization.Encoding.PEM))
PY
sleep 1.5
# G: the checkpoint is anchored while the certificate is on hold.
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 1.5
# Later the hold is lifted; the CA's next CRL no longer lists the certificate.
"$EV" tsa crl --dir tsa -o clean-crl.pem >/dev/null
$PY - "$LIB17" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from bundle import *
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
PY
openssl ocsp -respin ocsp-hold.der -CAfile root.pem -issuer root.pem -cert tsa/tsa.pem 2>&1 | grep -E "verify|Produced|tsa.pem|Reason|Revocation Time" | sed 's/^/    ocsp: /'
echo "    anchor genTime: $("$EV" ts inspect anchor.tsr 2>/dev/null | grep -m1 'Time stamp:')"
echo "--- control: the hold as a CRL issued before genTime"
run "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json --crl clean-crl.pem --crl crl-hold.pem
echo "--- the hold as the CA's OCSP response produced before genTime"
run "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json --crl clean-crl.pem --ocsp ocsp-hold.der
echo "--- ts verify, same inputs"
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-hold.der
