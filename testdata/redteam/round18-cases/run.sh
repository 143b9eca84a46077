#!/bin/bash
# Red team round 18 (README "Round 18"), kept as a regression case: each repro of round18/ run
# against the binary (the CLI only: the browser verifier is held by the conformance cases),
# every command's exit status in order.
cd "$(dirname "$0")"
export NO_BROWSER=1
for c in ocsp-signer-shadowed bundle-ocsp-hold-released-before-gentime ocsp-sha224-certid-bundle \
  tsa-field-matrix tsa-field-bundle ocsp-f1f3-matrix; do
  echo "### $c: $(bash ../round18/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
