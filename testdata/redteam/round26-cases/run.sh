#!/bin/bash
# Red team round 26 (README "Round 26"), kept as a regression case: what the reports show — a token's
# accuracy in the proven times, the unsigned TSA label in the text report and VERIFY, and the
# checkpoints listed as the ledger's. The CLI's lines (the browser: run the script without NO_BROWSER).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round26/reports.sh 2>&1 | grep -E '^### ' | sed -E 's/ +/ /g; s/ $//'
