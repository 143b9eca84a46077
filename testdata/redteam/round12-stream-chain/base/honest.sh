#!/bin/bash
# Honest exports of the base ledger, v5 and v2, verified with the original key + rotation record.
set -u
source /tmp/rt12/env.sh
D=/tmp/rt12/base; G=$D/ledger; O=$D/honest; mkdir -p $O
t2=2026-12-02T18:28:26.655Z; t3=2026-12-02T18:28:28.152Z; tm=2026-12-02T18:28:25.000Z
i=0
run() { # name, export args...
  local n=$1; shift
  for layout in v5 v2; do
    extra=""; [ $layout = v2 ] && extra=--per-receipt-proofs
    $E export --dir $G "$@" $extra -o $O/$n.$layout.evb --force >/dev/null 2>$O/$n.$layout.err || { echo "$n.$layout: export failed: $(cat $O/$n.$layout.err)"; continue; }
    out=$($E verify $O/$n.$layout.evb --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --ledger-key $D/rot.json --crl $W/crl.pem 2>&1); rc=$?
    echo "$n.$layout [$*]: exit=$rc $(echo "$out" | grep '^verdict' )"
  done
}
run full
run streamS --stream S
run streamT --stream T
run streamU --stream U
run streamU-to --stream U --to $t3
run streamS-from2 --stream S --from $t2
run streamS-from-mid --stream S --from $tm
run streamS-from2-to3 --stream S --from $t2 --to $t3
run streamS-to2 --stream S --to $t2
run period-from2 --from $t2
run period-from2-to3 --from $t2 --to $t3
run period-to3 --to $t3
run period-to2 --to $t2
run period-frommid --from $tm
run deny --decision deny
run streamS-deny --stream S --decision deny
run streamS-action --stream S --action x
