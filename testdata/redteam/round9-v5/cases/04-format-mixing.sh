#!/usr/bin/env bash
# v4/v5 mixing and downgrade/upgrade in the manifest.
source "$(dirname "$0")/base.sh"
ev export --dir "$L" --from "$T1" --to "$T2" --per-receipt-proofs -o "$W/p4.evb" >/dev/null; unpack "$W/p4.evb" "$W/p4"
LINES_SHOWN=2
echo "## b2 v5 bundle labelled version 4"; mk b2 $P; fin b2 version=4; want 1
echo "## b3 v5 bundle plus the v4 proofs.jsonl"; mk b3 $P; cp $W/p4/proofs.jsonl $D/; fin b3; want 1
echo "## b3b v5 bundle plus v4 boundary/proofs.jsonl"; mk b3b $P; cp $W/p4/boundary/proofs.jsonl $D/boundary/; fin b3b; want 1
echo "## b4 v2 (per-receipt) bundle labelled version 5"; mk b4 $W/p4; fin b4 version=5; want 1
echo "## b5 per-receipt bundle labelled v5 with the v5 files added and v4 proofs kept"; mk b5 $W/p4; cp $P/leaves.jsonl $P/multiproof.bin $D/; cp $P/boundary/leaves.jsonl $D/boundary/; fin b5 version=5; want 1
echo "## b5c per-receipt bundle labelled v5 with the v5 files added, v4 proofs removed (= the real v5 content)"; mk b5c $W/p4; rm $D/proofs.jsonl $D/boundary/proofs.jsonl; cp $P/leaves.jsonl $P/multiproof.bin $D/; cp $P/boundary/leaves.jsonl $D/boundary/; fin b5c version=5; want 0
echo "## b5b v5 content converted to v4 (v4 proofs, v5 files removed): an honest v4 bundle of the same period"; mk b5b $P; rm $D/leaves.jsonl $D/multiproof.bin $D/boundary/leaves.jsonl; cp $W/p4/proofs.jsonl $D/; cp $W/p4/boundary/proofs.jsonl $D/boundary/; fin b5b version=4; want 0
echo "## b12 version 6"; mk b12 $P; fin b12 version=6; want 2
echo "## b13 version 5 as \"5\" (string)"; mk b13 $P; fin b13 version='"5"'; want 1 manifest
