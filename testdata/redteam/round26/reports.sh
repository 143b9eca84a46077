#!/usr/bin/env bash
# Red team round 26 (README "Round 26"): what the reports show, not only the verdict.
# - accuracy-window (F1): a TSA the verifier trusts states genTime ± ACC s; what its token proves
#   existed, existed by genTime + ACC, which every report must show (receipts' not_after, the
#   anchor's existed_by, "existed no later than"), never genTime itself.
# - label-{inline,wrap,verify} (F2): the manifest's unsigned TSA label, rewritten (no key needed),
#   closed the text report's "(claimed: …)" and wrote a second, verified-looking TSA, or carried
#   instructions into VERIFY while the report still called VERIFY "derived". (Since round 28 the
#   label is not in VERIFY's text at all: relabel.py's edit of VERIFY finds nothing to replace.)
# - checkpoints-undecided (F3): round 15's thief checkpoint (signed after the key's revocation,
#   unanchored) was listed in summary.checkpoints ("checkpoints whose signatures verified").
# Prints one line per case: the CLI's verdict and the facts checked; the browser's (unless NO_BROWSER).
# Usage: EVIDENT=.build/debug/evident bash reports.sh   (~40 s)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
source "$HERE/../lib/common.sh"; set +e
# browser_facts LABEL BUNDLE ARGS...: the browser verifier's verdict and the facts this round checks.
browser_facts() {
  [ -n "${NO_BROWSER:-}" ] && return 0
  [ -s "$W/page.html" ] || "$EV" verifier-html -o "$W/page.html" >/dev/null 2>&1
  local label=$1 b=$2; shift 2
  (cd "$HERE/../../.." && timeout 300 python3 scripts/verifier-test.py verify --html "$W/page.html" --bundle "$b" "$@" 2>&1) \
    | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())["report"]; s = r["summary"]; a = s["anchors"]
late = [w["not_after"] for w in s["receipts_windows"] if w["leaf_index"] is not None and len(a) > 1 and w["leaf_index"] >= a[0]["tree_size"]]
print("### browser", sys.argv[1], r["verdict"], "checkpoints", s["checkpoints"], "instructions", s["instructions"]["status"],
      "not_after=existed_by", bool(late) and all(x == a[-1]["existed_by"] for x in late))' "$label"
}
ACC=${ACC:-3}
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin rt26.example/log >/dev/null
newkey k
mint L k 4 a; "$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
sleep 1.1
mint L k 4 b; "$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o period.evb >/dev/null
ver() { "$EV" verify "$1" --tsa-roots root.pem --crl crl-late.pem --ledger-key k.pub.json "${@:2}"; }

# F1: the trusted TSA re-signs checkpoint 8's token with accuracy ACC s (all else as it was).
python3 "$HERE/forge-accuracy.py" period.evb acc.evb tsa anchors/8-1.tsr "$ACC" >/dev/null
for name in relabel-inline relabel-wrap relabel-verify; do python3 "$HERE/relabel.py" period.evb "$name.evb" "${name#relabel-}"; done
sleep $((ACC + 2)); "$EV" tsa crl --dir tsa -o crl-late.pem >/dev/null   # issued after genTime + ACC
ver acc.evb --json > acc.json; rc=$?
ver acc.evb > acc.txt
python3 - "$(verdict $rc)" "$ACC" <<'PY'
import json, sys, datetime as dt
d = json.load(open("acc.json")); s = d["summary"]; a = s["anchors"][1]
t = lambda x: dt.datetime.strptime(x, "%Y-%m-%dT%H:%M:%S.%fZ")
late = [w for w in s["receipts_windows"] if w["leaf_index"] >= 4]
text = open("acc.txt").read()
print("### accuracy-window cli", sys.argv[1],
      "existed_by-gen_time", (t(a["existed_by"]) - t(a["gen_time"])).total_seconds() == float(sys.argv[2]),
      "not_after=existed_by", all(w["not_after"] == a["existed_by"] for w in late),
      "sentence", ("existed no later than " + a["existed_by"]) in text)
PY
browser_facts accuracy-window "$W/acc.evb" --tsa-roots "$W/root.pem" --crl "$W/crl-late.pem" --ledger-key "$W/k.pub.json"

# F2: the label cannot write a second TSA into the text report, nor instructions into a "derived" VERIFY.
for name in relabel-inline relabel-wrap relabel-verify; do
  ver $name.evb > $name.txt; rc=$?
  echo "### $name cli $(verdict $rc) fake-tsa-shown $(grep -c 'D-TRUST\|trust.evil' $name.txt) in-VERIFY $(tar xOf $name.evb VERIFY | grep -c 'D-TRUST\|trust.evil')" \
    "instructions $(grep -q 'WARNING: not the text derived' $name.txt && echo differs || echo derived)"
done
browser_facts relabel-verify "$W/relabel-verify.evb" --tsa-roots "$W/root.pem" --crl "$W/crl-late.pem" --ledger-key "$W/k.pub.json"

# F3: round 15's thief checkpoint is not listed among the ledger's checkpoints.
W15="$W/r15"
( W="$W15" KEEP_WORK=1 bash "$HERE/../round15/revoked-key-unanchored-checkpoint/repro.sh" >/dev/null 2>&1 )
cd "$W15"
"$EV" verify forged.evb --tsa-roots tsa/root.pem --crl crl.pem --ledger-key k.pub.json --ledger-key rev.json --json > r.json; rc=$?
python3 -c 'import json,sys; d=json.load(open("r.json")); print("### checkpoints-undecided cli", sys.argv[1], "summary.checkpoints", d["summary"]["checkpoints"], "first", d["findings"][0]["check"])' "$(verdict $rc)"
browser_facts checkpoints-undecided "$W15/forged.evb" --tsa-roots "$W15/tsa/root.pem" --crl "$W15/crl.pem" --ledger-key "$W15/k.pub.json" --ledger-key "$W15/rev.json"
