#!/bin/bash
# Red team round 24 (README "Round 24"), kept as a regression case: a renewed anchor whose TSA
# certificate has expired, so that only its evidence record proves it — the archive time-stamp's
# genTime fraction and accuracy against the revocation data's time (the matrix), the sub-ms case,
# round 23's OCSP case, and the record removed. The CLI's verdicts (the browser is held by the
# conformance cases and, without NO_BROWSER, by the matrix itself).
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round24/archive-fraction-matrix/repro.sh 2>&1 | grep -E ' cli ' | sed -E 's/ +/ /g; s/^/### /'
OUT= bash ../round24/archive-gentime-sub-millisecond/make.sh 2>&1 | grep -E ' verify ' | sed -E 's/ +/ /g; s/^/### /'
