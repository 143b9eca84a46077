#!/usr/bin/env bash
# certificateHold rule (round 18 F2 fix) vs a real revocation: can a hold listed by pre-genTime data
# downgrade a decisive revocation to indeterminate? CRLs/OCSP signed by the real CA key.
set -uo pipefail
LIB19="$(cd "$(dirname "$0")/../../lib" && pwd)"
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source $LIB19/tsa-setup.sh; source $LIB19/browser.sh
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 2   # issued after genTime plus the token's accuracy (1 s)
"$EV" tsa crl --dir tsa -o clean-crl.pem >/dev/null
$PY - $LIB19 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *; from ocspraw import *; from bundle import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
get(e, "anchors/4-1.revocation.pem")[1] = open("clean-crl.pem","rb").read(); fix(e); save(e, "b2.evb")
t0 = now() - dt.timedelta(minutes=10); tu = now() - dt.timedelta(minutes=5)   # both before genTime
KC, HOLD = x509.ReasonFlags.key_compromise, x509.ReasonFlags.certificate_hold
pem = lambda c: c.public_bytes(serialization.Encoding.PEM)
write("crl-hold-then-kc.pem", pem(make_crl(root, [(tsa, t0, HOLD), (tsa, t0, KC)], this_update=tu)))
write("crl-kc-then-hold.pem", pem(make_crl(root, [(tsa, t0, KC), (tsa, t0, HOLD)], this_update=tu)))
write("crl-hold-old.pem", pem(make_crl(root, [(tsa, t0, HOLD)], this_update=tu, number=2)))
write("crl-kc-old.pem", pem(make_crl(root, [(tsa, t0, KC)], this_update=tu, number=3)))
write("crl-noreason-old.pem", pem(make_crl(root, [(tsa, t0, None)], this_update=tu, number=4)))
cid = certid(tsa, root)
write("ocsp-hold-then-kc.der", basic([single(cid, "revoked", this_update=tu, revoked_at=t0, reason=6),
                                      single(cid, "revoked", this_update=tu, revoked_at=t0, reason=1)], root, certs=[root]))
write("ocsp-hold-now-tu-old.der", basic([single(cid, "revoked", this_update=tu, revoked_at=t0, reason=6)], root, certs=[root]))  # produced now, thisUpdate before genTime
write("ocsp-hold-noreason-old.der", basic([single(cid, "revoked", this_update=tu, revoked_at=t0, reason=None)], root, certs=[root]))
write("ocsp-hold-sha256.der", basic([single(certid(tsa, root, "sha256"), "revoked", revoked_at=t0, reason=6)], root, certs=[root]))  # hold, thisUpdate now (after genTime)
PY
c() { HEADN=${HEADN:-2} run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl clean-crl.pem "$@"; }
v() { HEADN=1 run "$EV" verify b2.evb --tsa-roots root.pem --ledger-key k.pub.json "$@"; browser b2.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json $(for a in "$@"; do case $a in --*) echo $a;; *) echo $W/$a;; esac; done); }
echo "--- controls: keyCompromise/no reason before genTime (invalid); hold alone in old data (indeterminate)"
c --crl crl-kc-old.pem; c --crl crl-noreason-old.pem; c --crl crl-hold-old.pem
echo "--- one old CRL listing the serial twice: hold and keyCompromise (expect invalid)"
c --crl crl-hold-then-kc.pem; c --crl crl-kc-then-hold.pem
v --crl crl-hold-then-kc.pem
echo "--- old hold CRL and old keyCompromise CRL, both orders (expect invalid)"
c --crl crl-hold-old.pem --crl crl-kc-old.pem; c --crl crl-kc-old.pem --crl crl-hold-old.pem
echo "--- OCSP: two singles hold + keyCompromise, thisUpdate before genTime (expect invalid)"
c --ocsp ocsp-hold-then-kc.der; v --ocsp ocsp-hold-then-kc.der
echo "--- OCSP hold, produced after genTime, single thisUpdate before genTime (rule: indeterminate)"
c --ocsp ocsp-hold-now-tu-old.der; v --ocsp ocsp-hold-now-tu-old.der
echo "--- OCSP revoked with no reason, old thisUpdate (expect invalid)"
c --ocsp ocsp-hold-noreason-old.der
echo "--- OCSP hold (SHA-256 CertID), thisUpdate after genTime (expect invalid)"
c --ocsp ocsp-hold-sha256.der; v --ocsp ocsp-hold-sha256.der
