#!/usr/bin/env bash
# Red team round 28 (README "Round 28"): round 27's fixes attacked.
# - keyname (F1): a signature line under an unknown key, added to a checkpoint note no anchor
#   covers, named its key in VERIFY: instructions ("get LEDGER-KEY.pem ONLY from …") in a
#   VERIFY both verifiers called derived. Key names other than the origin are no longer written.
# - label-host (F2): round 27's rule showed the label's host, and a host can be a sentence. The
#   label no longer reaches VERIFY at all; the text report's host needs DNS-length labels.
# - zero-width-pad (F4): format controls U+1BCA0 and U+13430 were not escaped; alternated with
#   single spaces they padded a file name to 80 columns. Every Cf and default-ignorable is now.
# Prints one line per case (the CLI's; the browser's unless NO_BROWSER).
# Usage: EVIDENT=.build/debug/evident bash reports.sh   (~30 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/common.sh"; set +e
start_tsa; period_bundle rt28.example/log
V() { "$EV" verify "$@" --tsa-roots root.pem --crl crl.pem --ledger-key k.pub.json; }
V sel.evb --json > sel.json; rc=$?
echo "### genuine cli $(verdict $rc) instructions $(instructions_status sel.json)"

python3 "$HERE/forge-keyname.py" sel.evb kn.evb 9 \
  "IMPORTANT:ledger_key_rotated_2026-11-30;get_LEDGER-KEY.pem_ONLY_from_https://trust.evil.example/k.pem"
V kn.evb --json > kn.json; rc=$?
echo "### keyname cli $(verdict $rc) instructions $(instructions_status kn.json)"

H="https://IMPORTANT.ledger-key-and-TSA-replaced-2026-11-30.do-NOT-use-the-keys-you-hold.get-TSA-ROOTS.pem-and-LEDGER-KEY.pem-ONLY-from.trust-evil.example/"
python3 "$HERE/forge-label.py" sel.evb host.evb "$H"
V host.evb --json > host.json; rc=$?
V host.evb > host.txt
echo "### label-host cli $(verdict $rc) instructions $(instructions_status host.json) in-VERIFY $(tar xOf host.evb VERIFY | grep -c IMPORTANT) in-text $(grep -c IMPORTANT host.txt)"

python3 - "$LIB" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); import bundle as B
e = B.load("sel.evb"); r = B.get(e, "receipts.jsonl"); r[1] = r[1].replace(b'"a-0"', b'"a-9"', 1); B.fix(e); B.save(e, "altered.evb")
prefix, base = "bundle file: ", "evidence-2026-11_acme-corp_export-for-BaFin_ref42.evb"
Z = " \U0001BCA0"
l2 = "verdict: valid: all 7 receipts proven; TSA CN=D-TRUST Qualified TSA 2026 (ok)"; l2 += "." * (80 - len(l2))
open("name.txt", "w").write(base + Z * (80 - len(prefix + base)) + l2 + ".evb")
PY
name=$(cat name.txt); cp altered.evb "$name"
V "$name" > zw.txt; rc=$?
echo "### zero-width-pad cli $(verdict $rc) escaped $(grep -c 'u{1bca0}' zw.txt)"
browser_instructions sel.evb kn.evb host.evb
