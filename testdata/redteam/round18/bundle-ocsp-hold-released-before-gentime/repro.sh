#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# F2 on an honest bundle: the TSA certificate was on hold (certificateHold) at T0, the hold was
# released at T1 (the CA's OCSP responder says "good" from T1 on), and only later, at G > T1, the
# checkpoint was anchored. The regulator has both of the CA's responses (the old "on hold" one, and
# the "good" one produced at T1), plus a clean CRL after G in the bundle. The TSA certificate was
# NOT on hold at genTime; the verifier now says invalid (the old hold response is "decisive").
set -uo pipefail
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}; 
source $LIB18/tsa-setup.sh; source $LIB18/browser.sh
make_ledger
$PY - $LIB18 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
t0 = now() - dt.timedelta(minutes=1)
write("ocsp-hold.der", make_ocsp(tsa, root, root, certs=[root], status="revoked", revoked_at=t0, reason=x509.ReasonFlags.certificate_hold, this_update=t0).public_bytes(serialization.Encoding.DER))
PY
sleep 2
$PY - $LIB18 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
write("ocsp-released.der", make_ocsp(tsa, root, root, certs=[root], status="good").public_bytes(serialization.Encoding.DER))
PY
sleep 2
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 2   # issued after genTime plus the token's accuracy (1 s)
"$EV" tsa crl --dir tsa -o clean-crl.pem >/dev/null
$PY - $LIB18 <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); from bundle import *
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
PY
for f in ocsp-hold ocsp-released; do openssl ocsp -respin $f.der -CAfile root.pem -issuer root.pem -cert tsa/tsa.pem 2>&1 | grep -E "Produced|tsa.pem|Reason|Revocation Time" | tr '\n' ' ' | sed "s/^/    $f: /"; echo; done
echo "    anchor genTime: $("$EV" ts inspect anchor.tsr 2>/dev/null | grep -m1 -iE 'time')"
run "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json --crl clean-crl.pem --ocsp ocsp-hold.der --ocsp ocsp-released.der
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-hold.der --ocsp ocsp-released.der
set +e
browser b.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --crl $W/clean-crl.pem --ocsp $W/ocsp-hold.der --ocsp $W/ocsp-released.der
