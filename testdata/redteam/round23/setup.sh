# source me: builds W with TSA, ledger L anchored, bundle b.evb, note, anchor.tsr, GT
# (round 23: red team of the accuracy rule, README "Round 23"; EVIDENT must name the binary, and
# python3 needs `cryptography`: the suite's .build/test-venv)
ROUND23="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB23="$(cd "$ROUND23/../lib" && pwd)"
[ -x "$ROUND23/../../../.build/test-venv/bin/python" ] && export PATH="$ROUND23/../../../.build/test-venv/bin:$PATH"
source $LIB23/tsa-setup.sh; source $LIB23/browser.sh
export PYTHONDONTWRITEBYTECODE=1
make_ledger
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
python3 - $LIB23 <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from bundle import *
e = load("b.evb"); open("anchor.tsr","wb").write(get(e,"anchors/4-1.tsr")[1]); open("note","wb").write(get(e,"checkpoints/4.note")[1])
print([n for n,_ in e])
PY
GT=$("$EV" ts verify --in anchor.tsr --data note --tsa-roots root.pem | sed -n 's/^genTime: \([^ ]*\).*/\1/p')
export GT
