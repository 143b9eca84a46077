#!/usr/bin/env bash
# Round 25: a renewed anchor whose TSA certificate has expired (only the record proves it), the
# record's archive time-stamp re-forged at S (P = S): revocation data given or carried (the archive
# time-stamp's SignedData crls field) at P-1 / P, benign and keyCompromise revocations, a revocation
# of unknown start carried in the record, and the record removed.
# Usage: EVIDENT=.build/debug/evident bash expired.sh   (NO_BROWSER=1: CLI only)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/common.sh"
python3 - "$LIB24" <<'PY'
import sys
exec(open(__import__("os").environ["FORGE"]).read())
forged("forged.evb")
forged("carried-crl-P.evb", crls=[clean(P)])
forged("carried-crl-P-1.evb", crls=[clean(P - sec(1))])
forged("carried-unknown-start.evb", crls=[revoked(P, P - sec(1), 4, dup_inv=True)])
stripped("forged.evb", "stripped.evb")
write("crl-P.pem", pem_crl(clean(P)))
write("crl-P-1.pem", pem_crl(clean(P - sec(1))))
write("crl-benign-between.pem", pem_crl(revoked(P, P - sec(1), 4)))
write("crl-keycomp-after-P.pem", pem_crl(revoked(P + sec(2), P + sec(1), 1)))
PY
wait_expiry
v crl-P-given valid forged.evb --crl crl-P.pem
v crl-P-1-given indeterminate forged.evb --crl crl-P-1.pem
v carried-crl-P valid carried-crl-P.evb
v carried-crl-P-1 indeterminate carried-crl-P-1.evb
v benign-between valid forged.evb --crl crl-benign-between.pem
v keycomp-after-P invalid forged.evb --crl crl-keycomp-after-P.pem
v carried-unknown-start indeterminate carried-unknown-start.evb --crl crl-P.pem
v stripped-crl-P indeterminate stripped.evb --crl crl-P.pem
