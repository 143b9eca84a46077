#!/usr/bin/env bash
# W2: with no verified checkpoint, the multi-proof is folded against the manifest's UNSIGNED
# covering_tree_size; a manifest lie then decides the verdict and the check name: size 0 gives
# `order` invalid "a multi-proof needs a tree of at least one leaf", size 5 gives `proof` invalid
# "a leaf index at or past the covering tree size 5" — while inclusion against no verified checkpoint
# is documented as indeterminate, and with a trusted key the same edit is `checkpoint` invalid.
source "$(dirname "$0")/base.sh"
"$EVIDENT" key new --output $W/k2.json --public-out $W/k2.pub.json --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null
for size in 0 5 12; do
  mk c21-$size $P; python3 "$CASES/repack.py" $D $W/att/c21-$size.evb covering_tree_size=$size
  echo "## covering_tree_size=$size, no trusted key (untrusted ledger key given)"
  set +e; "$EVIDENT" verify $W/att/c21-$size.evb --tsa-roots $W/tsa/root.pem --crl $W/crl.pem --ledger-key $W/k2.pub.json | head -1; echo "  rc ${PIPESTATUS[0]}"; set -e
  echo "## covering_tree_size=$size, the right key"; verify $W/att/c21-$size.evb >/dev/null; echo "$OUT" | sed -n 1p; echo "  rc $RC"
done
echo "RESULT: weakness (verdict/check name from an unsigned number; expected: checkpoint-level finding or indeterminate inclusion)"
