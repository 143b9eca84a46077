# Shared helpers. Source from a case script: sets W (work dir), starts a TSA on loopback.
set -euo pipefail
EV="${EVIDENT:?set EVIDENT to the evident binary}"
export LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The suite's Python oracle environment (cryptography), when it is built; no bytecode in the tree.
[ -x "$LIB/../../../.build/test-venv/bin/python" ] && export PATH="$LIB/../../../.build/test-venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
W="${W:-$(mktemp -d /tmp/evident-redteam.XXXXXX)}"
rm -rf "$W"; mkdir -p "$W"
tsa_pid=""
cleanup() { [ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$W"; true; }
trap cleanup EXIT
start_tsa() {
  "$EV" tsa init --dir "$W/tsa" --key-type ec-p256 --subject "/O=Red Team/CN=Red Team TSA" >/dev/null
  "$EV" tsa serve --dir "$W/tsa" --listen 127.0.0.1:0 --port-file "$W/port" --log-level warning &
  tsa_pid=$!
  for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.1; done
  TSA="http://127.0.0.1:$(cat "$W/port")/"
  cp "$W/tsa/root.pem" "$W/root.pem"
}
crl() { "$EV" tsa crl --dir "$W/tsa" -o "$W/crl.pem" >/dev/null; }
newkey() { "$EV" key new --output "$W/$1.json" --public-out "$W/$1.pub.json" --plaintext >/dev/null; }
# mint DIR KEY N TAG [extra mint args]
mint() {
  local d=$1 k=$2 n=$3 tag=$4; shift 4
  python3 - "$n" "$tag" <<'PY' | "$EV" mint --dir "$d" --signing-key "$W/$k.json" --jsonl --batch 64 "$@" >>"$d.minted"
import json, sys
n, tag = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    print(json.dumps({"stream": "agent-7" if i % 2 == 0 else "deploy", "decision": "deny" if i % 3 == 0 else "allow",
                      "actor": "agent-7", "action": "tool.call", "resource": f"{tag}-{i}", "scope": {"tenant": "acme"},
                      "policy": {"id": "agents", "version": "3", "hash": "ab" * 32}}))
PY
}
anchor() { "$EV" anchor --dir "$1" --signing-key "$W/$2.json" --tsa "$TSA" --tsa-roots "$W/root.pem" >/dev/null; }
run() {  # run CMD...: prints the command, rc and first lines of output
  set +e
  "$@" >"$W/last.out" 2>&1
  local rc=$?
  set -e
  echo "### ${*#$EV } -> exit $rc"
  head -n "${HEADN:-8}" "$W/last.out"
  return 0
}
# period_bundle ORIGIN: in W, a ledger L with anchors on checkpoints 4 and 7 and an unanchored
# checkpoint 9, exported up to receipt 7 as sel.evb (checkpoints after the last anchor are
# routine); crl.pem. Red team rounds 28 and 29.
period_bundle() {
  cd "$W"
  "$EV" ledger init --dir L --origin "$1" >/dev/null
  newkey k
  mint L k 4 a; anchor L k
  sleep 1.1
  mint L k 3 b; anchor L k
  sleep 1.1
  mint L k 2 c; "$EV" checkpoint --dir L --signing-key k.json >/dev/null
  local to
  to=$(python3 -c 'import json,datetime as d; l=[json.loads(x) for x in open("L.minted")]; t=d.datetime.strptime(l[6]["receipt"]["issued_at"],"%Y-%m-%dT%H:%M:%S.%fZ")+d.timedelta(milliseconds=1); print(t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]+"Z")')
  "$EV" export --dir L --ledger-key k.pub.json --to "$to" -o sel.evb >/dev/null
  sleep 2; crl
}
# verdict RC: the word for a verify exit status; instructions_status REPORT.json.
verdict() { case $1 in 0) echo valid;; 1) echo invalid;; 3) echo indeterminate;; *) echo "exit$1";; esac; }
instructions_status() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["instructions"]["status"])' "$1"; }
# browser_instructions BUNDLE…: for each (in W, with period_bundle's trust inputs), the browser
# verifier's verdict and instructions status, unless NO_BROWSER.
browser_instructions() {
  [ -n "${NO_BROWSER:-}" ] && return 0
  [ -s "$W/page.html" ] || "$EV" verifier-html -o "$W/page.html" >/dev/null 2>&1
  local b
  for b in "$@"; do
    (cd "$LIB/../../.." && timeout 300 python3 scripts/verifier-test.py verify --html "$W/page.html" --bundle "$W/$b" \
       --tsa-roots "$W/root.pem" --crl "$W/crl.pem" --ledger-key "$W/k.pub.json") \
      | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print("### browser", sys.argv[1], r["verdict"], "instructions", r["summary"]["instructions"]["status"])' "$b"
  done
}
