# Shared setup for the v5 attack cases. Source it: builds a ledger in $W (temp dir), with the
export CASES=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# built-in TSA on loopback, 3 streams, checkpoints and anchors, and defines helpers.
set -euo pipefail
EVIDENT=${EVIDENT:-$(command -v evident)}
W=$(mktemp -d /tmp/v5case.XXXXXX)
export EVIDENT_TSA_PASSPHRASE="tsa pass"
export EVIDENT_LEDGER_PASSPHRASE="ledger pass"
tsa_pid=""
cleanup() { [ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$W"; true; }
trap cleanup EXIT
ev() { "$EVIDENT" "$@"; }
start_tsa() {
  ev tsa init --dir "$W/tsa" --key-type ec-p256 --subject "/O=Attack/CN=Attack TSA" --passphrase-env EVIDENT_TSA_PASSPHRASE >/dev/null
  "$EVIDENT" tsa serve --dir "$W/tsa" --listen 127.0.0.1:0 --port-file "$W/port" --passphrase-env EVIDENT_TSA_PASSPHRASE --log-level warning >"$W/tsa.log" 2>&1 &
  tsa_pid=$!
  for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.1; done
  URL="http://127.0.0.1:$(cat "$W/port")/"
}
init_ledger() { # $1 dir
  echo policy > "$W/policy.txt"
  ev ledger init --dir "$1" --origin attack.example/ledger >/dev/null
}
new_key() { [ -f "$W/key.json" ] || ev key new --output "$W/key.json" --public-out "$W/key.pub.json" --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null; }
mint() { # dir stream decision action resource
  ev mint --dir "$1" --signing-key "$W/key.json" --passphrase-env EVIDENT_LEDGER_PASSPHRASE \
    --stream "$2" --decision "$3" --actor "$2" --action "$4" --resource "$5" --policy-id p --policy-version 1 --policy-file "$W/policy.txt" >/dev/null
}
anchor() { ev anchor --dir "$1" --signing-key "$W/key.json" --passphrase-env EVIDENT_LEDGER_PASSPHRASE --tsa "$URL" --tsa-roots "$W/tsa/root.pem" >/dev/null; }
checkpoint() { ev checkpoint sign --dir "$1" --signing-key "$W/key.json" --passphrase-env EVIDENT_LEDGER_PASSPHRASE >/dev/null; }
crl() { sleep 2; ev tsa crl --dir "$W/tsa" --passphrase-env EVIDENT_TSA_PASSPHRASE -o "$W/crl.pem" --force >/dev/null; }
verify() { # bundle [extra...]; prints verdict lines, sets RC
  set +e
  OUT=$("$EVIDENT" verify "$@" --tsa-roots "$W/tsa/root.pem" --crl "$W/crl.pem" --ledger-key "$W/key.pub.json" 2>&1)
  RC=$?
  set -e
  echo "--- verify $(basename "$1") rc=$RC"; echo "$OUT" | head -${LINES_SHOWN:-6}
}
# Unpack/repack helpers (python: ustar writer in manifest-first, name order; recompute manifest digests).
unpack() { rm -rf "$2"; mkdir -p "$2"; tar -xf "$1" -C "$2"; }
repack() { python3 "$CASES/repack.py" "$@"; }
