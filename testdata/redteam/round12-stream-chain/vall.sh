#!/bin/bash
# vall.sh FILE... : verify each with the base trust inputs; print exit + verdict line + completeness
source /tmp/rt12/env.sh
for f in "$@"; do
  out=$($E verify $f --tsa-roots $W/tsa/root.pem --ledger-key $W/key.pub.json --ledger-key /tmp/rt12/base/rot.json --crl $W/crl.pem 2>&1); rc=$?
  echo "$(basename $f): exit=$rc | $(echo "$out" | grep '^verdict' | cut -c1-150)"
done
