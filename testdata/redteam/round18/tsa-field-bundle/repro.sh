#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# F4 in bundles, CLI vs browser. The anchor token is replaced by one from a second PKI (root R, regulator's
# --tsa-roots), covering the same checkpoint note:
#  - unicode.evb: signed by TSA B ("Zu\u0308rich TSA", NFD), its tsa field = TSA A's exact name
#    ("Zürich TSA", NFC; a different certificate of the same root). openssl ts -verify: tsa name mismatch.
#  - case.evb: signed by "TSA One", tsa field = its own subject in lower case (RFC 5280 §7.1 match;
#    openssl ts -verify: OK).
set -uo pipefail
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}; 
source $LIB18/tsa-setup.sh; source $LIB18/browser.sh
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
$PY - $LIB18 <<'PY'
import sys, unicodedata; sys.path.insert(0, sys.argv[1])
from tok import *
from bundle import *
from cryptography.x509.oid import NameOID
def N(cn, o="Red Team 17"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o), x509.NameAttribute(NameOID.COMMON_NAME, cn)])
R = make_cert(name("Root R"), eckey(), ca=True); write("R.pem", R.pem)
A_name, B_name = N(unicodedata.normalize("NFC", "Zürich TSA")), N(unicodedata.normalize("NFD", "Zürich TSA"))
tsaB = make_cert(B_name, eckey(), R)
one = make_cert(N("TSA One"), eckey(), R)
from der import parse
e0 = load("b.evb")
req = parse(get(e0, "anchors/4-1.tsq")[1])
nonce = int.from_bytes([c for c in req.children[2:] if c.tag == 0x02][0].value, "big", signed=True)
note = get(e0, "checkpoints/4.note")[1]; open("note", "wb").write(note)
gen = now()
crl = make_crl(R, [], this_update=gen + dt.timedelta(seconds=2)).public_bytes(serialization.Encoding.PEM)
for label, signer, tsa in (("unicode", tsaB, ctx(4, A_name.public_bytes())), ("case", one, ctx(4, N("tsa one", "red team 17").public_bytes()))):
    e = [list(x) for x in e0]
    tsr = response(token(tstinfo(H("sha256", note), gen_time=gt(gen), tsa=tsa, nonce=nonce), signer, certs=[signer]))
    get(e, "anchors/4-1.tsr")[1] = tsr
    get(e, "anchors/4-1.chain.pem")[1] = signer.pem
    get(e, "anchors/4-1.revocation.pem")[1] = crl
    fix(e); save(e, f"{label}.evb"); open(f"{label}.tsr", "wb").write(tsr)
PY
for b in unicode case; do
  run "$EV" verify $b.evb --tsa-roots R.pem --ledger-key k.pub.json
  grep -iE "tsa" "$W/last.out" | head -3 | sed 's/^/    /'
  set +e;   printf '    openssl ts -verify: '; openssl ts -verify -in $b.tsr -data note -CAfile R.pem 2>&1 | grep -oE "Verification: OK|tsa name mismatch" | head -1; set +e
  browser $b.evb --tsa-roots $W/R.pem --ledger-key $W/k.pub.json
done
