#!/bin/bash
# Red team round 25 (README "Round 25"), kept as a regression case: the "a record only adds
# evidence" rule of round 24 attacked — revocation data carried in archive time-stamps (of a valid
# record, of a second record, of one whose time-stamp is untrusted), with the anchor's TSA
# certificate still valid and expired. The CLI's verdicts (the browser: run the scripts without
# NO_BROWSER). The three scripts are independent and run at once.
cd "$(dirname "$0")"
export NO_BROWSER=1
out=$(mktemp -d)
for s in validcert second-record expired; do bash ../round25/$s.sh > "$out/$s" 2>&1 & done
wait
for s in validcert second-record expired; do
  grep -E ' cli ' "$out/$s" | sed -E 's/ +/ /g; s/ $//; s/^/### /'
done
rm -rf "$out"
