#!/bin/bash
# Regenerate every case and compare OLD vs NEW (JSON --all / first-finding, text --all --list, CSV, HTML).
set -e; cd /tmp/rt-pipe
[ -d ledger ] || cp -r /tmp/vb/ledger ledger
cp -n /tmp/vb/evident-before /tmp/vb/evident-after . || true
E="./evident-after export --dir ledger --allow-unanchored"
[ -f pr.evb ] || $E -o pr.evb --per-receipt-proofs
[ -f p13-pr.evb ] || $E -o p13-pr.evb --to 2026-12-02T12:21:12.398Z --per-receipt-proofs
[ -f p13-v5.evb ] || $E -o p13-v5.evb --to 2026-12-02T12:21:12.398Z
[ -f deny-v5.evb ] || $E -o deny-v5.evb --decision deny
[ -f deny-pr.evb ] || $E -o deny-pr.evb --decision deny --per-receipt-proofs
python3 cases/keyrec.py; python3 cases/keyrev.py
for g in gen1 gen2 gen3 gen4 gen5 gen6 gen7 gen8 gen_journal; do python3 cases/$g.py >/dev/null; done
for f in b/*.evb /tmp/vb/v5.evb pr.evb p13-pr.evb p13-v5.evb deny-v5.evb deny-pr.evb; do
  echo "== $f"; bash cases/cmp.sh $(readlink -f $f); bash cases/cmptext.sh $(readlink -f $f); done
for k in rev-mid rot-early rot-good; do for b in p13-pr p13-v5; do echo "== $b + $k"; bash cases/cmp.sh /tmp/rt-pipe/$b.evb --ledger-key keys/$k.json; done; done
