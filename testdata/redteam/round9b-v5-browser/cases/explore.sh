# helpers for attacks on an unpacked bundle: mk NAME SRC -> $D (copy); fin NAME [manifest sets] -> repack+verify
C=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mk() { D=$W/att/$1; rm -rf "$D"; mkdir -p "$W/att"; cp -r "$2" "$D"; }
fin() { local n=$1; shift; python3 "$C/repack.py" "$D" "$W/att/$n.evb" "$@"; LINES_SHOWN=${LINES_SHOWN:-4} verify "$W/att/$n.evb" ${VFLAGS:-}; }
mproof() { python3 "$C/mp.py" proof "$W/full/receipts.jsonl" "$@"; }
line() { sed -n "$2p" "$1"; }  # line FILE N
# want EXPECTED_RC [CHECK-NAME]: verdict of the last fin/verify against what the lie deserves (rc 0 for a lie = BREAK).
want() { local first; first=$(echo "$OUT" | head -1)
  if [ "$RC" = 0 ] && [ "$1" != 0 ]; then echo "RESULT: BREAK (valid for a lie)";
  elif [ "$RC" = "$1" ] && { [ -z "${2:-}" ] || echo "$first" | grep -q "$2 "; }; then echo "RESULT: held";
  else echo "RESULT: CHECK (rc $RC, expected $1 ${2:-})"; fi; }
