#!/bin/bash
# Red team round 15 (README "Round 15"), kept as a regression case: each repro of round15/ run
# against the binary, and the one line that decides it.
cd "$(dirname "$0")"
for c in revoked-key-unanchored-checkpoint accuracy-overflow-crash verify-file-unchecked-ber origin-bidi; do
  out=$(bash ../round15/$c/repro.sh 2>&1)
  case $c in
    verify-file-unchecked-ber) line=$(printf '%s\n' "$out" | grep -E -- '^--json' | sed -E "s/'line': [0-9]+/'line': N/") ;;
    origin-bidi) line=$(printf '%s\n' "$out" | grep -E '^(summary.instructions|raw U\+202E|ledger init refused)' | paste -sd';') ;;
    *) line=$(printf '%s\n' "$out" | grep -oE -- '-> exit [0-9]+' | tail -1) ;;
  esac
  echo "### $c: $line"
done
