#!/bin/bash
# Red team round 21 (README "Round 21"), kept as a regression case: every case of
# round21/invalidity-date-read-strictly against the binary (the CLI only: the browser verifier is
# held by the conformance cases), the exit statuses of `verify` and `ts verify`.
cd "$(dirname "$0")"
export NO_BROWSER=1
bash ../round21/invalidity-date-read-strictly/repro.sh 2>&1 | grep '^### '
