#!/bin/bash
# Red team round 20 (README "Round 20"), kept as a regression case: each repro of round20/ run
# against the binary (the CLI only: the browser verifier is held by the conformance cases),
# every command's exit status in order.
cd "$(dirname "$0")"
export NO_BROWSER=1
for c in inlist-request-overrides-data invalidity-date; do
  echo "### $c: $(bash ../round20/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
