#!/usr/bin/env bash
# Unsigned manifest numbers: counts, covering size, scope indices, period; two covering checkpoints; trailing data.
source "$(dirname "$0")/base.sh"
LINES_SHOWN=2
echo "## b9 covering_tree_size 6 (an older checkpoint)"; mk b9 $P; fin b9 covering_tree_size=6; want 1 checkpoint
echo "## b9b covering_tree_size 13"; mk b9b $P; fin b9b covering_tree_size=13; want 1 checkpoint
echo "## b10 counts.receipts 5 (4 lines)"; mk b10 $P; fin b10 counts.receipts=5; want 1 manifest-count
for v in 9007199254740991 9007199254740993 18446744073709551615 -1; do echo "## counts.receipts=$v"; mk d1 $P; fin d1 counts.receipts=$v; want 1; done
echo "## counts.receipts=4.0 (non-canonical number for the right count)"; mk d1b $P; fin d1b counts.receipts=4.0; want 0
echo "## covering_tree_size=18446744073709551615"; mk d2 $P; fin d2 covering_tree_size=18446744073709551615; want 1
echo "## e1 claimed counts/period/scope indices that are false (streams 99, anchors 77, checkpoints 55, first_index 777, first_issued_at 2020)"
mk e1 $P; fin e1 counts.streams=99 counts.anchors=77 counts.checkpoints=55 period.first_issued_at='"2020-01-01T00:00:00.000Z"' scope.first_index=777 scope.last_index=778
echo "   text report mentions of 99/777/2020: $(echo "$OUT" | grep -c '99\b\|777\|2020-01-01') (claimed values shown only in the JSON 'claimed' member)"; want 0
echo "## d3 scope.first_index -1 (ill-typed, 'a well-typed scope')"; mk d3 $P; fin d3 scope.first_index=-1; [ $RC = 0 ] && echo "RESULT: accepted (claimed only)" || echo "RESULT: refused rc $RC"
echo "## two notes for size 12: checkpoints/13.note holding note 12 (unlisted in checkpoints: ignored, W4)"; mk cc $P; cp $D/checkpoints/12.note $D/checkpoints/13.note; fin cc; echo "RESULT: W4 (rc $RC: the extra note is ignored)"
echo "## b11 7 bytes of garbage after the archive"; cp $W/period.evb $W/att/b11.evb; printf 'garbage' >> $W/att/b11.evb; verify $W/att/b11.evb; want 1 archive
echo "## b11b a full 512-byte non-zero block after the end marker"; cp $W/period.evb $W/att/b11b.evb; head -c 512 /dev/urandom >> $W/att/b11b.evb; verify $W/att/b11b.evb; want 1 archive
echo "## b11c a second tar entry (proofs.jsonl) after the end marker"; python3 - "$W/period.evb" "$W/att/b11c.evb" <<'PY'
import sys, tarfile, io
src = open(sys.argv[1], 'rb').read(); buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode='w', format=tarfile.USTAR_FORMAT) as t:
    ti = tarfile.TarInfo('proofs.jsonl'); data = b'{}\n'; ti.size = len(data); t.addfile(ti, io.BytesIO(data))
open(sys.argv[2], 'wb').write(src + buf.getvalue())
PY
verify $W/att/b11c.evb; want 1 archive
