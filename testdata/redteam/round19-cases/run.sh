#!/bin/bash
# Red team round 19 (README "Round 19"), kept as a regression case: each repro of round19/ run
# against the binary (the CLI only: the browser verifier is held by the conformance cases),
# every command's exit status in order.
cd "$(dirname "$0")"
export NO_BROWSER=1
for c in hold-matrix tsa-field-printable-browser; do
  echo "### $c: $(bash ../round19/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
