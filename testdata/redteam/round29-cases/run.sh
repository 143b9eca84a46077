#!/bin/bash
# Red team round 29 (README "Round 29"), kept as a regression case: VERIFY is `derived` only once
# the origin it names is proven, and a checkpoint size beyond 2^53 - 1 is `unchecked` in both
# verifiers. The CLI's lines (the browser: run the script without NO_BROWSER).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round29/reports.sh 2>&1 | grep -E '^### ' | sed -E 's/ +/ /g; s/ $//'
