#!/bin/bash
# Red team round 23 (README "Round 23"), kept as a regression case: the accuracy matrix (forged
# tokens with chosen genTime fractions and accuracies against hand-built CRLs and OCSP responses)
# and the renewed-anchor OCSP case, the CLI's verdicts (the browser is held by the conformance
# cases and, without NO_BROWSER, by the repros themselves).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round23/accuracy-matrix/repro.sh 2>&1 | grep -E ' expect ' | sed -E 's/ +/ /g; s/^/### /'
bash ../round23/renew-ocsp-thisupdate/repro.sh 2>&1 | grep -E '^[oc][0-9]-.* verify ' | sed -E 's/ +/ /g; s/^/### /'
