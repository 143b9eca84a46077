#!/usr/bin/env bash
# Noticed after round 20 (README "Round 20"): a CRL entry's or OCSP single response's
# invalidityDate (RFC 5280 §5.3.2: when the key is known or suspected compromised, or the
# certificate otherwise became invalid) was not read. The CA revokes the TSA certificate after the
# anchor's genTime G for a benign reason (superseded), but says it has been invalid since before G:
# the anchor must not be valid (it was: a revocation after genTime for a benign reason keeps
# earlier tokens valid, RFC 3161 §4). Controls: the same with an invalidityDate after G: valid.
# With OUT=DIR, the bundles and inputs are also copied there (the conformance cases).
set -uo pipefail
LIB20="$(cd "$(dirname "$0")/../../lib" && pwd)"
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source $LIB20/tsa-setup.sh; source $LIB20/browser.sh
make_ledger
before=$(date -u +%s)
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
sleep 3
$PY - $LIB20 "$before" <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *; from ocspraw import *; from bundle import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
root = Cert(x509.load_pem_x509_certificate(open("tsa/root.pem","rb").read()), load_pem_private_key(open("tsa/root.key","rb").read(), None))
tsa = Cert(x509.load_pem_x509_certificate(open("tsa/tsa.pem","rb").read()), None)
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
G = dt.datetime.fromtimestamp(int(sys.argv[2]), UTC)   # at or before genTime
early, late, revoked = G - dt.timedelta(minutes=10), now() - dt.timedelta(seconds=1), now()
SUP = x509.ReasonFlags.superseded
pem = lambda c: c.public_bytes(serialization.Encoding.PEM)
write("crl-invalid-before.pem", pem(make_crl(root, [(tsa, revoked, SUP, early)], number=5)))
write("crl-invalid-after.pem", pem(make_crl(root, [(tsa, revoked, SUP, late)], number=6)))
cid = certid(tsa, root)
write("ocsp-invalid-before.der", basic([single(cid, "revoked", revoked_at=revoked, reason=4, invalidity=early)], root, by="name"))
write("ocsp-invalid-after.der", basic([single(cid, "revoked", revoked_at=revoked, reason=4, invalidity=late)], root, by="name"))
PY
for c in crl-invalid-before crl-invalid-after; do
  run "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json --crl $c.pem
  run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --crl $c.pem
  browser b.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --crl $W/$c.pem
done
for c in ocsp-invalid-before ocsp-invalid-after; do
  run "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json --ocsp $c.der
  run "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem --ocsp $c.der
  browser b.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json --ocsp $W/$c.der
done
if [ -n "${OUT:-}" ]; then
  for c in crl-invalid-before crl-invalid-after ocsp-invalid-before ocsp-invalid-after; do
    d="$OUT/$c"; mkdir -p "$d"; cp b.evb "$d/bundle.evb"; cp root.pem "$d/root.pem"; cp k.pub.json "$d/key.pub.json"
    cp $c.* "$d/"
  done
fi
