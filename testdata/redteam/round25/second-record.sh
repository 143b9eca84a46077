#!/usr/bin/env bash
# Round 25: a second evidence record for the anchor. The bundle's own record (honest, valid) proves
# the anchor; a second record, whose archive time-stamp is signed by a TSA the verifier does not
# trust (so the record is indeterminate and proves nothing), carries in its time-stamp's SignedData
# crls field a CRL genuinely signed by the anchor TSA's CA listing the anchor TSA certificate as
# revoked (keyCompromise / unreadable invalidityDate). Also: an archive time-stamp whose accuracy
# (1 day) puts P in the future. LIFETIME=40: the anchor's TSA certificate has expired by the time
# of verification (only the record proves it); LIFETIME=3600 (default here): still valid.
# Usage: EVIDENT=.build/debug/evident [LIFETIME=40] bash second-record.sh
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export LIFETIME=${LIFETIME:-3600}
source "$HERE/common.sh"
python3 - "$LIB24" <<'PY'
import sys
exec(open(__import__("os").environ["FORGE"]).read())
rogue = rogue_tsa()
kc = revoked(P, P - sec(1), 1)            # keyCompromise, dated after the anchor's genTime + accuracy
uk = revoked(P, P - sec(1), 4, dup_inv=True)  # superseded, invalidityDate unreadable
with_records("rogue-keycomp.evb", [record_bytes(crls=[kc], signer=rogue)])
with_records("rogue-unknown-start.evb", [record_bytes(crls=[uk], signer=rogue)])
with_records("valid2-unknown-start.evb", [record_bytes(crls=[uk])])
with_records("future-P-2rec.evb", [record_bytes(accuracy=(86400, None, None))])
write("crl-keycomp.pem", pem_crl(kc))
write("crl-after-P.pem", pem_crl(clean(P + sec(1))))
PY
[ "$LIFETIME" -lt 600 ] && wait_expiry
sleep 2
v control-b2 valid b2.evb --crl crl-after-P.pem
v control-keycomp-given invalid b2.evb --crl crl-after-P.pem --crl crl-keycomp.pem
v rogue-record-keycomp invalid rogue-keycomp.evb --crl crl-after-P.pem
v rogue-record-unknown-start indeterminate rogue-unknown-start.evb --crl crl-after-P.pem
v valid2-unknown-start indeterminate valid2-unknown-start.evb --crl crl-after-P.pem
v future-P-2rec valid future-P-2rec.evb --crl crl-after-P.pem
