#!/usr/bin/env bash
# The TSA certificate is revoked for keyCompromise, and the regulator gives the CA's own OCSP
# response saying so (`--ocsp`). The response is signed directly by the CA that issued the TSA
# certificate (RFC 6960 §4.2.2.2 "the CA who issued the certificate in question"), without the CA
# certificate embedded (the `certs` field is optional; the verifier has the CA as a trust root).
# `openssl ocsp -CAfile root.pem -issuer root.pem` says "Response verify OK ... revoked".
# Evident cannot find the signer (OCSP_basic_verify is not handed the trusted roots as candidate
# signers), silently drops the response as "untrusted", and a CRL issued after genTime but before
# the revocation (carried in the bundle by the operator) proves the certificate "good":
#   evident verify  -> VALID (exit 0); evident ts verify -> VALID (exit 0).
# The operator strips the root from the token's (unsigned) certificates field and chain.pem.
# The same response with the CA certificate embedded -> invalid (exit 1), as it should be.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/tsa-setup.sh"
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
write("ocsp-revoked.der", make_ocsp(tsa, root, root, **kc).public_bytes(serialization.Encoding.DER))
write("ocsp-revoked-with-ca-cert.der", make_ocsp(tsa, root, root, certs=[root], **kc).public_bytes(serialization.Encoding.DER))
sys.path.insert(0, sys.argv[1]); from bundle import *
from der import parse
e = load("b.evb"); get(e, "anchors/4-1.revocation.pem")[1] = open("clean-crl.pem","rb").read()
# The token's `certificates` and the bundle's chain.pem are not signed: keep only the TSA certificate
# there (as many real TSAs send it: no root in the token). The root is the regulator's --tsa-roots.
t = parse(get(e, "anchors/4-1.tsr")[1])
certset = [n for n in t.walk() if n.tag == 0xA0 and n.children and all(c.tag == 0x30 and len(c.children) == 3 for c in n.children)][0]
certset.children = [c for c in certset.children if c.encode() != root.der]
assert len(certset.children) == 1
get(e, "anchors/4-1.tsr")[1] = t.encode()
get(e, "anchors/4-1.chain.pem")[1] = open("tsa/tsa.pem","rb").read()
fix(e); save(e, "b2.evb")
tok = get(e, "anchors/4-1.tsr")[1]; open("anchor.tsr","wb").write(tok); open("note","wb").write(get(e,"checkpoints/4.note")[1])
PY
echo "--- openssl's view of the regulator's OCSP response:"
openssl ocsp -respin ocsp-revoked.der -CAfile root.pem -issuer root.pem -cert tsa/tsa.pem 2>&1 | grep -E "verify|tsa/tsa.pem|Reason|Revocation Time" | sed 's/^/    /'
echo "--- bundle (carries the clean CRL), regulator gives the OCSP response:"
run "$EV" verify b2.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-revoked.der
run "$EV" verify b2.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp ocsp-revoked-with-ca-cert.der
echo "--- ts verify, same inputs:"
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-revoked.der
run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem --ocsp ocsp-revoked-with-ca-cert.der
