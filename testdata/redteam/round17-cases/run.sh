#!/bin/bash
# Red team round 17 (README "Round 17"), kept as a regression case: each repro of round17/ run
# against the binary, every command's exit status in order.
cd "$(dirname "$0")"
for c in ocsp-ca-signed-revocation-ignored bundle-ocsp-before-gentime-revocation-dropped \
  ocsp-sha256-certid-revocation-ignored tsa-field-generalname-unchecked; do
  echo "### $c: $(bash ../round17/$c/repro.sh 2>&1 | grep -oE -- '-> exit [0-9]+' | paste -sd' ')"
done
