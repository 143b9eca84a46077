#!/bin/bash
# Honest exports of the base ledger, v5 and v2 (--per-receipt-proofs). Writes /tmp/rt13/base/honest/*.evb.
set -u
source /tmp/rt13/env.sh
D=/tmp/rt13/base; G=$D/ledger; O=$D/honest; mkdir -p $O
t1=$(awk '$1==0{print $4}' $D/minted.txt); t2=$(awk '$1==7{print $4}' $D/minted.txt); t3=$(awk '$2=="S"&&$3==6{print $4}' $D/minted.txt)
tF=$(awk '$2=="F"&&$3==2{print $4}' $D/minted.txt)
t2p=$(python3 -c "import sys;s=sys.argv[1];print(s[:20]+'%03dZ'%(int(s[20:23])+1))" $t2)
zmid=$(python3 -c '
import json
for l in open("/tmp/rt13/base/minted.jsonl"):
    j=json.loads(l)
    if j["stream"]=="Z" and j["seq"]==5000: print(j["receipt"]["issued_at"])')
echo "t1=$t1 t2=$t2 t2p=$t2p t3=$t3 tF=$tF zmid=$zmid" | tee $O/times.txt
run() { # name, export args...
  local n=$1; shift
  for layout in v5 v2; do
    extra=""; [ $layout = v2 ] && extra=--per-receipt-proofs
    $E export --dir $G "$@" $extra -o $O/$n.$layout.evb --force >/dev/null 2>$O/$n.$layout.err || { echo "$n.$layout: export failed: $(cat $O/$n.$layout.err)"; continue; }
    echo "$n.$layout [$*]"
  done
}
run full
run S --stream S
run S-from-t1 --stream S --from $t1
run S-from-epoch --stream S --from 1970-01-01T00:00:00.000Z
run S-from-t2 --stream S --from $t2
run S-from-t2p --stream S --from $t2p
run S-from-t3 --stream S --from $t3
run S-from-t2-to-t3 --stream S --from $t2 --to $t3
run S-from-t2-to-t3p --stream S --from $t2p --to 2099-01-01T00:00:00Z
run S-from-t2-lenient --stream S --from ${t2%.*}Z
run F-from-t2 --stream F --from $t2
run F-from-tF --stream F --from $tF
run U-from-t2 --stream U --from $t2
run U-from-t3 --stream U --from $t3
run Z-from-mid --stream Z --from $zmid
run Z-from-mid-to-t3 --stream Z --from $zmid --to $t3
run M17-from-t3 --stream M17 --from $t3
run cafeNFC-from-t1 --stream "$(printf 'caf\xc3\xa9')" --from $t1
run cafeNFD-from-t1 --stream "$(printf 'cafe\xcc\x81')" --from $t1
run period-from-t2 --from $t2
run period-from-t2-to-t3 --from $t2 --to $t3
run period-from-zmid --from $zmid
run deny-from-t2 --decision deny --from $t2
run S-deny-from-t2 --stream S --decision deny --from $t2
run S-action-from-t2 --stream S --action x --from $t2
run S-to-t3 --stream S --to $t3
