#!/usr/bin/env bash
# Round 23 accuracy matrix: every case through `verify`, `ts verify` and the browser (NO_BROWSER=1 skips it).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../setup.sh"
kill $tsa_pid 2>/dev/null; tsa_pid=""
sleep 3
python3 "$HERE/cases.py" || exit 1
st() { case $1 in 0) echo valid;; 1) echo invalid;; 3) echo indeterminate;; *) echo "exit$1";; esac; }
while IFS=$'\t' read -r name expect opts; do
  "$EV" verify $name/bundle.evb --tsa-roots root.pem --ledger-key k.pub.json $opts >$name/verify.out 2>&1; a=$?
  "$EV" ts verify --in $name/token.tsr --data note --tsa-roots root.pem $opts >$name/tsverify.out 2>&1; b=$?
  c=-
  if [ -z "${NO_BROWSER:-}" ]; then
    bo=""; for o in $opts; do case $o in --*) bo="$bo $o";; *) bo="$bo $W/$o";; esac; done
    c=$(browser $name/bundle.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json $bo | sed -n 's/.*-> exit \([0-9]*\).*/\1/p'); c=$(st "$c")
  fi
  printf '%-48s expect %-15s verify %-13s ts-verify %-13s browser %s\n' "$name" "$expect" "$(st $a)" "$(st $b)" "$c"
done < cases.tsv
