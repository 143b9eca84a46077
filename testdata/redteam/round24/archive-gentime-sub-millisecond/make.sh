#!/usr/bin/env bash
# A renewed anchor whose TSA certificate has expired by now, so only its evidence record proves it:
# the record's archive time-stamp proves the anchor existed at P = that genTime plus its accuracy,
# the anchor is judged at P, and only revocation data issued at or after P shows its TSA good then
# (docs/evidence-records.md). The archive time-stamp is forged (the archive TSA's own key) with a
# genTime of S.0001Z and no accuracy, so P = S + 1 exactly.
# - Both verifiers computed P from genTime in whole milliseconds (S.000), so P was S and a CRL
#   issued at S, before the archive time-stamp was made, proved the anchor good: valid. Now
#   P is exact (TSTInfo.latestMillis; madeBy in tsp.js): indeterminate. A CRL at S + 1: valid.
# - Round 23, F1: an OCSP "good" as of a moment before P, produced after P: indeterminate.
# - Round 24, F1: removing the record from the bundle must not help: the anchor is then judged now,
#   with its certificate expired: indeterminate (the record only adds evidence; an anchor whose
#   certificate is still valid is judged now when the record leaves it undecided).
# Writes the conformance cases renewed-anchor-archive-gentime-sub-ms/ and
# renewed-anchor-ocsp-good-before-archive-time/ under OUT (default: the corpus; OUT= for none).
# Usage: EVIDENT=.build/debug/evident bash make.sh   (python3 with `cryptography`; ~50 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT-$HERE/../../../conformance/redteam}"
source "$HERE/../setup.sh"
sleep 2
python3 - "$LIB24" "$ROUND24" <<'PY'
import sys, datetime as dt
sys.path[:0] = sys.argv[1:3]
from forge import *
from rawcrl import raw_crl, pem_crl
from ocspraw import single, basic, certid
root1, root2, tsa1, tsa2 = setup_keys()
S = now() - dt.timedelta(seconds=1)   # after the anchor's genTime plus its accuracy; S + 1 before the expiry
assert S + dt.timedelta(seconds=1) <= tsa1.cert.not_valid_after_utc
with_record(record_bytes(gt(S, ".0001"), tsa2), "forged.evb")
write("crl-archive-tsa.pem", pem_crl(raw_crl(root2, [], this_update=now())))
write("crl-anchor-tsa-at-S.pem", pem_crl(raw_crl(root1, [], this_update=S)))
write("crl-anchor-tsa-at-S+1.pem", pem_crl(raw_crl(root1, [], this_update=S + dt.timedelta(seconds=1))))
# round 23, F1: good as of S - 1 (after the anchor's own dataFrom, before P), produced after P
P1 = S + dt.timedelta(seconds=1)
write("ocsp-good-before-archive-time.der",
      basic([single(certid(tsa1, root1), "good", this_update=S - dt.timedelta(seconds=1))], root1, by="name",
            produced=P1 + dt.timedelta(seconds=1)))
stripped("forged.evb", "stripped.evb")   # the record removed (anyone holding the bundle can)
print("archive genTime", gt(S, ".0001"), "; anchor TSA certificate expires", tsa1.cert.not_valid_after_utc)
PY
wait_expiry
v() {  # v LABEL BUNDLE DATA-OPTIONS...
  local label=$1 b=$2; shift 2
  "$EV" verify $b --tsa-roots roots.pem --ledger-key k.pub.json --crl crl-archive-tsa.pem "$@" > "v-$label.out" 2>&1
  printf '%-34s verify %s\n' "$label" "$(st $?)"; grep -m1 "^bundle " "v-$label.out" | cut -c1-220
}
v crl-at-S forged.evb --crl crl-anchor-tsa-at-S.pem
v crl-at-S+1 forged.evb --crl crl-anchor-tsa-at-S+1.pem
v ocsp-good-before-P forged.evb --ocsp ocsp-good-before-archive-time.der
v record-removed-crl-at-S+1 stripped.evb --crl crl-anchor-tsa-at-S+1.pem
echo "(expected: crl-at-S indeterminate, crl-at-S+1 valid, ocsp-good-before-P indeterminate, record-removed-crl-at-S+1 indeterminate)"
if [ -n "$OUT" ]; then
  d="$OUT/renewed-anchor-archive-gentime-sub-ms"; mkdir -p "$d"
  cp forged.evb "$d/bundle.evb"; cp roots.pem "$d/roots.pem"; cp k.pub.json "$d/key.pub.json"
  cp crl-archive-tsa.pem crl-anchor-tsa-at-S.pem crl-anchor-tsa-at-S+1.pem "$d/"
  cp stripped.evb "$d/bundle-record-removed.evb"
  d="$OUT/renewed-anchor-ocsp-good-before-archive-time"; mkdir -p "$d"
  cp forged.evb "$d/bundle.evb"; cp roots.pem "$d/roots.pem"; cp k.pub.json "$d/key.pub.json"
  cp crl-archive-tsa.pem ocsp-good-before-archive-time.der "$d/"
fi
