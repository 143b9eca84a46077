#!/usr/bin/env bash
# Red team round 21 (README "Round 21"), on round 20's invalidityDate rule: 60 CRLs and OCSP
# responses (cases.py) whose entry for the TSA certificate carries an invalidityDate written every
# way a CA might: DER and not (a +0200 offset, no seconds, a trailing-zero fraction, trailing
# bytes, a long-form length), twice, critical, on another entry, with a hold, removeFromCRL,
# beside other extensions. Each against one anchored bundle: `evident verify`, `evident ts verify`
# and (without NO_BROWSER) the browser verifier, one line per case.
# Before the fix, an invalidityDate written twice was no invalidityDate in the CLI (valid), the
# browser dropped a non-DER one and every single-response extension beside a repeated one (valid),
# and a critical invalidityDate made the CLI refuse every token of the CA (invalid).
# With OUT=DIR, eleven of them are also copied there (the conformance cases; round 23 added five).
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
LIB21="$(cd "$HERE/../../lib" && pwd)"
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source $LIB21/tsa-setup.sh; source $LIB21/browser.sh
export PYTHONDONTWRITEBYTECODE=1
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
$PY - $LIB21 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from bundle import *
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
PY
GT=$("$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem | sed -n 's/^genTime: \([^ ]*\).*/\1/p')
export GT
sleep 2   # every CRL and response is issued after genTime
$PY "$HERE/cases.py" "$LIB21"
for f in c*.pem x*.pem o*.der; do
  [ -e "$f" ] || continue
  case $f in *.pem) opt=--crl ;; *) opt=--ocsp ;; esac
  "$EV" verify b.evb --tsa-roots root.pem --ledger-key k.pub.json $opt $f >/dev/null 2>&1; a=$?
  "$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem $opt $f >/dev/null 2>&1; b=$?
  c=""
  if [ -z "${NO_BROWSER:-}" ]; then
    c=" browser -> exit $(browser b.evb --tsa-roots $W/root.pem --ledger-key $W/k.pub.json $opt $W/$f | sed -n 's/.*-> exit \([0-9]*\).*/\1/p')"
  fi
  echo "### ${f%.*}: verify -> exit $a, ts verify -> exit $b$c"
done
if [ -n "${OUT:-}" ]; then
  for pair in crl-invalidity-date-not-der:c07-offset-shift.pem crl-invalidity-date-twice:c03-dup-EE.pem \
      crl-critical-invalidity-date:c14-crit-late.pem ocsp-invalidity-date-twice:o03-dup-EE.der \
      ocsp-single-extension-repeated:o18-dupother.der crl-critical-reason-other-entry:c33-other-critreason.pem \
      crl-revoked-within-accuracy:c35-rev-in-accuracy.pem crl-revoked-past-accuracy:c36-rev-past-accuracy.pem \
      crl-issued-within-accuracy:c39-clean-at-G.pem ocsp-revoked-within-accuracy:o27-rev-in-accuracy.der \
      ocsp-good-within-accuracy:o29-good-as-of-G.der; do
    d="$OUT/${pair%%:*}"; mkdir -p "$d"; cp b.evb "$d/bundle.evb"; cp root.pem "$d/root.pem"; cp k.pub.json "$d/key.pub.json"
    cp "${pair#*:}" "$d/"
  done
fi
