#!/usr/bin/env bash
# W4: a checkpoint note file listed in `files` but not in `checkpoints` is never read: a note whose file
# name says 13 but holds checkpoint 12, or a real signed checkpoint 13 of a FORKED log (equivocation
# evidence, signed by the ledger key), rides along in a "valid" bundle, unverified and unreported.
source "$(dirname "$0")/base.sh"
cp -r "$L" "$W/fork"; mint "$W/fork" s0 allow forked r-fork; checkpoint "$W/fork"
ev checkpoint sign --dir "$W/fork" --signing-key "$W/key.json" --passphrase-env EVIDENT_LEDGER_PASSPHRASE -o "$W/fork13.note" >/dev/null 2>&1 || true
ls -l "$W/fork13.note" 2>/dev/null | awk '{print "  fork note:", $5, "bytes"}'; head -3 "$W/fork13.note"
echo "## note 12's bytes under checkpoints/13.note"; mk cc $P; cp $D/checkpoints/12.note $D/checkpoints/13.note; fin cc; want 0
echo "## a forked, validly signed checkpoint 13 under checkpoints/13.note (not in the checkpoints list)"; mk fk $P; cp "$W/fork13.note" $D/checkpoints/13.note; fin fk; want 0
echo "  report mentions of checkpoint 13: $(echo "$OUT" | grep -c '13\.note\|checkpoint 13\|size 13')"
echo "## the same fork note listed in checkpoints (as the newest)"; mk fk2 $P; cp "$W/fork13.note" $D/checkpoints/13.note; fin fk2 checkpoints='["checkpoints/6.note","checkpoints/12.note","checkpoints/13.note"]' covering_tree_size=13; want 1
echo "RESULT: weakness (an unreferenced note is carried unverified; not a lie about the log, since omitting it has the same effect)"
