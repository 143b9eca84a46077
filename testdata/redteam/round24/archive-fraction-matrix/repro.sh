#!/usr/bin/env bash
# Round 24 red team: the archive time-stamp's genTime fraction and accuracy -> P, the time a renewed
# anchor is judged at. For each variant the record's only archive time-stamp is re-forged (the
# archive TSA's own key) with genTime S<frac> and the accuracy given; the anchor's TSA certificate
# has expired by the time of verification (../setup.sh), so only the record proves it: a clean CRL
# for the anchor's TSA issued at P-1 must leave the anchor indeterminate, one issued at P must
# make the bundle valid.
# Usage: EVIDENT=.build/debug/evident bash repro.sh   (NO_BROWSER=1 to skip the browser; ~70 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../setup.sh"
source "$LIB24/browser.sh"
sleep 2
# name | fraction | accuracy (s,ms,us) or none/empty | expected P - S (seconds)
cat > variants.txt <<'V'
sub-ms-noacc|.0001|none|1
nines7-us1|.9999999|0,0,1|2
ms999-ms1|.999|0,1,0|1
us999999-us1|.999999|0,0,1|1
beyond-us1|.9999991|0,0,1|2
half-s2ms500|.5|2,500,0|3
whole-empty-acc|-|empty|0
tenth-digit|.0000000001|none|1
long-nines-us999|.999999999999999999999|0,0,999|2
ms1-us999-frac|.000001|0,999,999|1
ms1-us999-frac2|.000002|0,999,999|2
V
python3 - "$LIB24" "$ROUND24" <<'PY'
import sys, datetime as dt
sys.path[:0] = sys.argv[1:3]
from forge import *
from rawcrl import raw_crl, pem_crl
root1, root2, tsa1, tsa2 = setup_keys()
S = now() - dt.timedelta(seconds=1)   # after the anchor; S + 3 before the expiry
write("crl-archive-tsa.pem", pem_crl(raw_crl(root2, [], this_update=S + dt.timedelta(seconds=4))))  # after every P; past by the time of verification
assert tstinfo(bytes(32), accuracy=(0, None, None)).endswith(b"\x30\x00")   # "empty": an Accuracy with no field
for line in open("variants.txt"):
    nm, frac, acc, dp = line.strip().split("|")
    frac = "" if frac == "-" else frac
    a = None if acc == "none" else (0, None, None) if acc == "empty" else tuple(int(x) or None for x in acc.split(","))
    with_record(record_bytes(gt(S, frac), tsa2, accuracy=a), f"{nm}.evb")
    P = S + dt.timedelta(seconds=int(dp))
    write(f"{nm}-crl-P-1.pem", pem_crl(raw_crl(root1, [], this_update=P - dt.timedelta(seconds=1))))
    write(f"{nm}-crl-P.pem", pem_crl(raw_crl(root1, [], this_update=P)))
    print(nm, "archive genTime", gt(S, frac), "accuracy", acc, "P = S +", dp)
PY
wait_expiry
while IFS='|' read -r nm frac acc dp; do
  for c in P-1 P; do
    exp=$([ $c = P ] && echo valid || echo indeterminate)
    "$EV" verify $nm.evb --tsa-roots roots.pem --ledger-key k.pub.json --crl crl-archive-tsa.pem --crl $nm-crl-$c.pem > v-$nm-$c.out 2>&1; a=$?
    printf '%-18s crl@%-4s cli %-13s (expected %s)\n' "$nm" "$c" "$(st $a)" "$exp"
    [ "$(st $a)" = "$exp" ] || { echo "  MISMATCH"; head -3 v-$nm-$c.out | cut -c1-300; }
    [ -z "${NO_BROWSER:-}" ] && browser $nm.evb --tsa-roots "$W/roots.pem" --ledger-key "$W/k.pub.json" --crl "$W/crl-archive-tsa.pem" --crl "$W/$nm-crl-$c.pem"
  done
done < variants.txt
