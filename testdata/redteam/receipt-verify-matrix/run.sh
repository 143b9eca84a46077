#!/bin/bash
# receipt verify / verify --receipt / gate on edge inputs.
cd "$(dirname "$0")"; source ../lib/common.sh
newkey K; newkey K2
mk() { # mk NAME JSON-DRAFT-PY-EXPR
  python3 -c "import json; print(json.dumps($2))" | $EV receipt sign --signing-key $W/K.json --draft - | head -1 > $W/$1.json
}
NOW=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
D='{"v":"1.0","stream":"deploys","seq":1,"prev":None,"issued_at":"'$NOW'","decision":"allow","actor":"ci","action":"deploy","resource":"api:prod","scope":{"version":"2.4.1"},"policy":{"id":"p","version":"1","hash":"ab"*32},"evidence":[],"approvals":[],"parents":[]}'
mk good "$D"
mk expired "dict($D, issued_at='2020-01-01T00:00:00.000Z', expires_at='2020-01-01T01:00:00.000Z')"
mk minor "dict($D, v='1.1', condition='only if approved by the board')"
for r in good expired minor; do
  echo "== $r"
  run $EV receipt verify --receipt $W/$r.json --ledger-key $W/K.pub.json
  run $EV verify --receipt $W/$r.json --ledger-key $W/K.pub.json
  run $EV gate --receipt $W/$r.json --action deploy --resource api:prod --scope version=2.4.1 --ledger-key $W/K.pub.json
done
echo "== good receipt, verified against the wrong key"
run $EV receipt verify --receipt $W/good.json --ledger-key $W/K2.pub.json
run $EV verify --receipt $W/good.json --ledger-key $W/K2.pub.json
echo "== verify with both a bundle path and --receipt: the bundle is not a bundle"
echo "garbage" > $W/not-a-bundle.evb
run $EV verify $W/not-a-bundle.evb --receipt $W/good.json --ledger-key $W/K.pub.json
echo "== receipt given as the minted wrapper / two receipts in one file / trailing garbage"
python3 -c "
import json,sys; r=json.loads(open('$W/good.json').read())
open('$W/wrapped.json','w').write(json.dumps({'schema':'evident.minted/v1','hash':'00'*32,'stream':'x','seq':9,'index':0,'receipt':r}))
open('$W/two.json','w').write(open('$W/good.json').read()+open('$W/expired.json').read())
open('$W/trailing.json','w').write(open('$W/good.json').read().strip()+' xyz')
"
for r in wrapped two trailing; do run $EV receipt verify --receipt $W/$r.json --ledger-key $W/K.pub.json; done
echo "== verify --receipt with no --ledger-key at all"
run $EV verify --receipt $W/good.json
run $EV receipt verify --receipt $W/good.json
echo "== the private key file given as --ledger-key (public part read)"
run $EV receipt verify --receipt $W/good.json --ledger-key $W/K.json
echo "== revoked key (revocation given) / non-canonical receipt / --json"
$EV key revoke --key $W/K.json --from 2020-01-01T00:00:00.000Z --reason stolen --output $W/rev.json >/dev/null
run $EV receipt verify --receipt $W/good.json --ledger-key $W/K.pub.json --ledger-key $W/rev.json
run $EV verify --receipt $W/good.json --ledger-key $W/K.pub.json --ledger-key $W/rev.json
python3 -c "import json; r=json.load(open('$W/good.json')); open('$W/noncanon.json','w').write(json.dumps(r, indent=1))"
run $EV receipt verify --receipt $W/noncanon.json --ledger-key $W/K.pub.json
run $EV verify --receipt $W/noncanon.json --ledger-key $W/K.pub.json
run $EV verify --receipt $W/expired.json --ledger-key $W/K.pub.json --json
run $EV verify --receipt $W/expired.json --ledger-key $W/K.pub.json --report $W/expired.html
[ -e $W/expired.html ] && echo "report written" || echo "--report was NOT written (ignored), --json printed no JSON"
