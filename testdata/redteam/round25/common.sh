# Round 25's shared prelude (source it from a case script after setting HERE): round 24's set-up
# (a renewed anchor whose TSA certificate expires LIFETIME seconds after it is made), the browser
# helper, FORGE (forge.py: exec it in the case's Python), and `v LABEL EXPECTED BUNDLE ARGS...`,
# which verifies BUNDLE with the CLI (and the browser unless NO_BROWSER) and prints both verdicts.
export FORGE="$HERE/forge.py"
source "$HERE/../round24/setup.sh"
source "$LIB24/browser.sh"
sleep 2
v() {
  local label=$1 exp=$2 b=$3; shift 3
  "$EV" verify $b --tsa-roots roots.pem --ledger-key k.pub.json --crl crl-archive-tsa.pem "$@" > "v-$label.out" 2>&1; local rc=$?
  local got; got=$(st $rc)
  printf '%-26s cli %-13s expected %-13s %s\n' "$label" "$got" "$exp" "$([ "$got" = "$exp" ] || echo MISMATCH)"
  [ "$got" = "$exp" ] || grep -m3 -i "^bundle\|^anchor\|evidence record" "v-$label.out" | cut -c1-300
  local args=(); for x in "$@"; do [ -f "$x" ] && args+=("$W/$x") || args+=("$x"); done
  browser $b --tsa-roots "$W/roots.pem" --ledger-key "$W/k.pub.json" --crl "$W/crl-archive-tsa.pem" "${args[@]}"
}
