#!/usr/bin/env bash
# Red team round 29 (README "Round 29"): the derived VERIFY text after round 28.
# - origin-indeterminate (F1): the manifest's origin, and every note's first line and key names,
#   rewritten to a sentence of instructions (a valid key name): no checkpoint verifies, so the
#   bundle is indeterminate, and VERIFY — the text a regulator reads when told to "give the ledger
#   key" — read `derived` in both verifiers. Now `unchecked` until a checkpoint verifies under a
#   key given. origin-only: the manifest's origin alone, with --all.
# - bigsize (F2): a checkpoint of size 2^53 + 1: the CLI said `derived`, the browser `unchecked`.
# Prints one line per case (the CLI's; the browser's unless NO_BROWSER).
# Usage: EVIDENT=.build/debug/evident bash reports.sh   (~30 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/common.sh"; set +e
start_tsa; period_bundle rt29.example/log
V() { "$EV" verify "$@" --tsa-roots root.pem --crl crl.pem --ledger-key k.pub.json; }
O='IMPORTANT:ledger-key-rotated-2026-11-30;do-NOT-use-the-key-you-hold;get-LEDGER-KEY.pem-ONLY-from-https://trust.evil.example/k.pem'
V sel.evb --json > sel.json; rc=$?
echo "### genuine cli $(verdict $rc) instructions $(instructions_status sel.json)"
python3 "$HERE/forge-origin.py" sel.evb forged.evb "$O" notes
V forged.evb --json > forged.json; rc=$?
echo "### origin-indeterminate cli $(verdict $rc) instructions $(instructions_status forged.json)"
python3 "$HERE/forge-origin.py" sel.evb origin-only.evb "$O"
V origin-only.evb --json --all > origin-only.json; rc=$?
echo "### origin-only --all cli $(verdict $rc) instructions $(instructions_status origin-only.json)"
python3 "$HERE/forge-bigsize.py" sel.evb big.evb 9007199254740993
V big.evb --json > big.json; rc=$?
echo "### bigsize cli $(verdict $rc) instructions $(instructions_status big.json)"
browser_instructions sel.evb forged.evb big.evb
