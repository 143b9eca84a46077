#!/bin/bash
# Round 10 (v5, CLI vs browser page) reproduction: base ledger, 5 batches of bundles, both verifiers.
# Needs: /work/attack19b/work/evident (copy of /work/attack19b/bin/evident), evident-verifier.html
# (`evident verifier-html -o`), chromium. Output: out/results{,2,3,4,5}.tsv, out/*.json (both reports).
set -e; cd /work/attack19b/work
[ -f evident-verifier.html ] || ./evident verifier-html -o evident-verifier.html
bash cases/setup.sh
EVIDENT_LEDGER_PASSPHRASE=x ./evident key new --output base/key2.json --public-out base/key2.pub.json --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null
python3 cases/gen.py; bash cases/run.sh att/list.tsv
for i in 2 3 4 5; do python3 cases/gen$i.py; ATT=att$i OUTF=out/results$i.tsv bash cases/run.sh att$i/list.tsv; done
python3 cases/fulldiff.py   # prints any bundle whose full findings list or verdict differs
