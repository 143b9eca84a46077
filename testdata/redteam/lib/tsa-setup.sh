# Round 17's shared set-up (source after setting EVIDENT): W with the built-in TSA on loopback
# (tsa/root.key, tsa/tsa.pem, …) and `make_ledger`: a ledger L with 4 receipts (key k.json).
# LIB17 is this directory (tok.py: certificates, CRLs, OCSP responses and tokens under control).
LIB17="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY=${PY:-python3}
source "$LIB17/common.sh"; set +e
start_tsa; cd "$W"
make_ledger() {
  "$EV" ledger init --dir L --origin rt17.example/log >/dev/null
  "$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
  for i in 1 2 3 4; do
    echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r'$i'","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}'
  done | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
}
