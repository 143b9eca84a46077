#!/bin/bash
# Red team round 20 (README "Round 20"), kept as a regression case: the repro of round20/ run
# against the binary, every command's exit status in order.
cd "$(dirname "$0")"
for c in inlist-request-overrides-data; do
  echo "### $c: $(bash ../round20/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
