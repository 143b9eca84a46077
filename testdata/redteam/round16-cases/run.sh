#!/bin/bash
# Red team round 16 (README "Round 16"), kept as a regression case: each repro of round16/ run
# against the binary, every command's exit status in order.
cd "$(dirname "$0")"
for c in equivocation-revoked-key tlog-proof-policy-ended-key; do
  echo "### $c: $(bash ../round16/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
