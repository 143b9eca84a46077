#!/usr/bin/env bash
# Round 23 finding: for an anchor proven by a later archive time-stamp (evidence record, `evident
# renew`), good status must be shown at P = the archive stamp's genTime + accuracy (revocationFrom;
# bundle.js freshFrom). Both verifiers admit an OCSP response by producedAt >= P, but then check its
# single response's thisUpdate only against the anchor's own dataFrom (genTime + accuracy), not P:
# "good as of" G+5 (before P) produced after P proves good status at P. A CRL issued at G+5 does not.
# Usage: EVIDENT=.build/debug/evident bash repro.sh   (NO_BROWSER=1 to skip the browser)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../setup.sh"
"$EV" tsa init --dir tsa2 --key-type ec-p256 --subject "/O=Red Team/CN=Archive TSA" >/dev/null
"$EV" tsa serve --dir tsa2 --listen 127.0.0.1:0 --port-file port2 --log-level warning >/dev/null 2>&1 & tsa2_pid=$!
trap 'kill $tsa_pid $tsa2_pid 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s port2 ] && break; sleep 0.1; done
TSA2="http://127.0.0.1:$(cat port2)/"
cat tsa/root.pem tsa2/root.pem > roots.pem
sleep 8     # the archive time-stamp P is ~8 s after the anchor's genTime G
"$EV" renew --dir L --tsa "$TSA2" --tsa-roots roots.pem --force
"$EV" export --dir L --ledger-key k.pub.json -o b2.evb --force >/dev/null
AGT=$("$EV" verify b2.evb --tsa-roots roots.pem --ledger-key k.pub.json 2>/dev/null | sed -n 's/.*initial sha256 at \([^ ]*\) by.*/\1/p')
export P=$(python3 -c "import datetime as d,math;t=d.datetime.strptime('$AGT','%Y-%m-%dT%H:%M:%S.%fZ').replace(tzinfo=d.timezone.utc).timestamp();print(math.ceil(t+1))")  # + 1 s accuracy
echo "anchor genTime $GT; archive genTime $AGT; P=$(date -u -d @$P +%FT%TZ)"
sleep 4   # the data below is produced after P
python3 "$HERE/cases.py" "$LIB23"
st() { case $1 in 0) echo valid;; 1) echo invalid;; 3) echo indeterminate;; *) echo "exit$1";; esac; }
for f in o1-*.der o2-*.der o3-*.der o4-*.der c5-*.pem; do
  case $f in *.pem) opt=--crl ;; *) opt=--ocsp ;; esac
  "$EV" verify b2.evb --tsa-roots roots.pem --ledger-key k.pub.json --crl crl2.pem $opt $f > "$f.verify.out" 2>&1; a=$?
  c=-
  [ -z "${NO_BROWSER:-}" ] && c=$(st "$(browser b2.evb --tsa-roots $W/roots.pem --ledger-key $W/k.pub.json --crl $W/crl2.pem $opt $W/$f | sed -n 's/.*-> exit \([0-9]*\).*/\1/p')")
  grep -m1 "evidence record" "$f.verify.out" | cut -c1-120
  printf '%-42s verify %-14s browser %s\n' "$f" "$(st $a)" "$c"
done
# Round 24, F1: the anchor's TSA certificate is still valid now, so an anchor the record leaves
# undecided is judged now, as the bundle without the record would be (data from the anchor's own
# genTime plus accuracy): o1, o3 and c5 are valid that way. The P rule itself, with the anchor's
# certificate expired, is held by ../../round24/archive-gentime-sub-millisecond/make.sh.
echo "(expected: o1 valid, o2 valid, o3 valid, o4 indeterminate, c5 valid; before round 24: o1, o3, c5 indeterminate)"
