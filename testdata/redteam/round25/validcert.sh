#!/usr/bin/env bash
# Round 25: a renewed anchor whose TSA certificate is still valid now (LIFETIME=3600), the record's
# archive time-stamp re-forged at S (P = S). The fallback ("a record only adds evidence") judges the
# anchor now when it is indeterminate at P — still with the data the records carry (F1: it had
# dropped it, so a carried revocation of unknown start was valid; `carried-unknown-start`).
# Usage: EVIDENT=.build/debug/evident bash validcert.sh   (NO_BROWSER=1: CLI only)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export LIFETIME=3600
source "$HERE/common.sh"
python3 - "$LIB24" <<'PY'
import sys
exec(open(__import__("os").environ["FORGE"]).read())
forged("forged.evb")
forged("carried-unknown-start.evb", crls=[revoked(P, P - sec(1), 4, dup_inv=True)])
forged("carried-keycomp.evb", crls=[revoked(P, P - sec(1), 1)])
forged("carried-hold.evb", crls=[revoked(P, P - sec(1), 6)])
stripped("carried-unknown-start.evb", "stripped.evb")
write("crl-before-P.pem", pem_crl(clean(P - sec(1))))
write("crl-after-P.pem", pem_crl(clean(P + sec(1))))
write("crl-unknown-start.pem", pem_crl(revoked(P, P - sec(1), 4, dup_inv=True)))
PY
sleep 3
v no-anchor-data indeterminate forged.evb
v crl-before-P valid forged.evb --crl crl-before-P.pem
v given-unknown-start indeterminate forged.evb --crl crl-unknown-start.pem --crl crl-after-P.pem
v carried-unknown-start indeterminate carried-unknown-start.evb --crl crl-after-P.pem
v stripped-unknown-start valid stripped.evb --crl crl-after-P.pem
v carried-keycomp invalid carried-keycomp.evb --crl crl-after-P.pem
v carried-hold invalid carried-hold.evb --crl crl-after-P.pem
