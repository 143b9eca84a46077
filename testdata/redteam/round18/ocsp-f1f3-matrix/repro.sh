#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# F1/F3 matrix on `ts verify`: OCSP responses from the wrong root, delegated responders of another
# root, mixed-issuer / mixed-hash responses, unsupported CertID hashes, a huge response.
# Root A issued the TSA certificate; root B is another root the regulator also trusts.
set -uo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}; 
W=$(mktemp -d /tmp/rt18-f1f3.XXXXXX); trap 'rm -rf "$W"' EXIT; cd "$W"
python3 - $LIB18 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
A = make_cert(name("Root A"), eckey(), ca=True)
B = make_cert(name("Root B"), eckey(), ca=True)
tsa = make_cert(name("TSA"), eckey(), A)
other = make_cert(name("Other TSA"), eckey(), B, serial=tsa.cert.serial_number)   # same serial, other CA
respB = make_cert(name("B responder"), eckey(), B, eku=("ocsp",), eku_critical=False)
respA = make_cert(name("A responder"), eckey(), A, eku=("ocsp",), eku_critical=False)
write("A.pem", A.pem); write("tsa.pem", tsa.pem); write("AB.pem", A.pem + B.pem)
data = b"hello\n"; write("data", data)
gen = now() - dt.timedelta(minutes=2)
write("t.tsr", response(token(tstinfo(H("sha256", data), gen_time=gt(gen)), tsa, certs=[tsa])))
write("clean.pem", make_crl(A, [], this_update=now() - dt.timedelta(minutes=1)).public_bytes(serialization.Encoding.PEM))
KC = x509.ReasonFlags.key_compromise
def single(b, cert, issuer, st, alg=hashes.SHA1(), at=None):
    return b.add_response(cert=cert.cert, issuer=issuer.cert, algorithm=alg,
        cert_status={"good": ocsp.OCSPCertStatus.GOOD, "revoked": ocsp.OCSPCertStatus.REVOKED}[st],
        this_update=now(), next_update=now() + dt.timedelta(days=7),
        revocation_time=(at or now()) if st == "revoked" else None, revocation_reason=KC if st == "revoked" else None)
def sign(b, signer, certs=(), enc=ocsp.OCSPResponderEncoding.HASH):
    b = b.responder_id(enc, signer.cert)
    if certs: b = b.certificates([c.cert for c in certs])
    return b.sign(signer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
O = ocsp.OCSPResponseBuilder
write("B-good-for-tsa.der", sign(single(O(), tsa, A, "good"), B, [B]))          # B signs, CertID names A
write("B-revoked-for-tsa.der", sign(single(O(), tsa, A, "revoked"), B, [B]))
write("Bdeleg-good-for-tsa.der", sign(single(O(), tsa, A, "good"), respB, [respB]))
write("Bdeleg-revoked-for-tsa.der", sign(single(O(), tsa, A, "revoked"), respB, [respB]))
write("B-revoked-same-serial.der", sign(single(O(), other, B, "revoked"), B))     # B's own cert with the TSA's serial
write("A-good.der", sign(single(O(), tsa, A, "good"), A))
write("Adeleg-good.der", sign(single(O(), tsa, A, "good"), respA, [respA]))
from ocspraw import basic, single as sg, certid
write("A-mixed-good-sha1-revoked-sha256.der", basic([sg(certid(tsa, A, "sha1"), "good"), sg(certid(tsa, A, "sha256"), "revoked")], A))
write("A-mixed-revoked-sha512-good-sha1.der", basic([sg(certid(tsa, A, "sha512"), "revoked"), sg(certid(tsa, A, "sha1"), "good")], A))
# mixed issuers: TSA revoked (A) + B's certificate good, signed by A
write("A-mixed-issuers.der", basic([sg(certid(tsa, A), "revoked"), sg(certid(other, B), "good")], A))
# CertIDs of other hashes (RFC 6960 allows any): SHA-224, SHA3-256, MD5
for alg in ("sha224", "sha3_256", "md5"):
    write(f"A-revoked-{alg}.der", basic([sg(certid(tsa, A, alg), "revoked")], A))
    write(f"A-good-{alg}.der", basic([sg(certid(tsa, A, alg), "good")], A))
# issuerNameHash of A, issuerKeyHash of B (serial of the TSA), signed by A: must not match
import hashlib
from ocspraw import keybits
write("A-revoked-keyhash-of-B.der", basic([sg(certid(tsa, A, key_hash=hashlib.sha1(keybits(B.cert)).digest()), "revoked")], A))
# 20000 single responses (random serials) and the TSA's revocation last
import random
many = [sg(certid(tsa, A, serial=random.getrandbits(63) + 1), "good") for _ in range(9000)]
write("A-many-then-revoked.der", basic(many + [sg(certid(tsa, A), "revoked")], A))
PY
r() { "$@" >out 2>&1; rc=$?; echo "### ${*#$EV } -> exit $rc"; grep -E "^Verification|^Failed|^Undecided|chain" out | head -2 | sed 's/^/    /'; }
T="ts verify --in t.tsr --data data"
echo "--- controls"
r $EV $T --tsa-roots A.pem --crl clean.pem
r $EV $T --tsa-roots AB.pem --ocsp A-good.der
r $EV $T --tsa-roots AB.pem --ocsp Adeleg-good.der
echo "--- root B / B's delegated responder answering for A's certificate: must prove nothing (indeterminate) / revoke nothing (valid)"
r $EV $T --tsa-roots AB.pem --ocsp B-good-for-tsa.der
r $EV $T --tsa-roots AB.pem --ocsp Bdeleg-good-for-tsa.der
r $EV $T --tsa-roots AB.pem --crl clean.pem --ocsp B-revoked-for-tsa.der
r $EV $T --tsa-roots AB.pem --crl clean.pem --ocsp Bdeleg-revoked-for-tsa.der
r $EV $T --tsa-roots AB.pem --crl clean.pem --ocsp B-revoked-same-serial.der
echo "--- mixed hash algorithms, one certificate: revocation must win (invalid)"
r $EV $T --tsa-roots A.pem --ocsp A-mixed-good-sha1-revoked-sha256.der
r $EV $T --tsa-roots A.pem --ocsp A-mixed-revoked-sha512-good-sha1.der
echo "--- one response for certificates of two issuers (A revoked TSA + B's cert), signed by A"
r $EV $T --tsa-roots AB.pem --crl clean.pem --ocsp A-mixed-issuers.der
echo "--- CertIDs in SHA-224 / SHA3-256 / MD5 (revoked + a clean CRL; good alone)"
for alg in sha224 sha3_256 md5; do
  r $EV $T --tsa-roots A.pem --crl clean.pem --ocsp A-revoked-$alg.der
  r $EV $T --tsa-roots A.pem --ocsp A-good-$alg.der
  printf "    openssl ocsp -$alg -cert TSA: "; openssl ocsp -respin A-revoked-$alg.der -CAfile A.pem -issuer A.pem -$alg -cert tsa.pem 2>&1 | grep -E "verify|tsa.pem" | tr '\n' ' '; echo
done
echo "--- CertID: A's name hash, B's key hash"
r $EV $T --tsa-roots AB.pem --crl clean.pem --ocsp A-revoked-keyhash-of-B.der
echo "--- 9001 single responses, the TSA's revocation last"
start=$(date +%s.%N); r $EV $T --tsa-roots A.pem --crl clean.pem --ocsp A-many-then-revoked.der; echo "    $(echo "$(date +%s.%N) - $start" | bc) s, $(stat -c %s A-many-then-revoked.der) bytes"
