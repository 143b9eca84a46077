# Round 24's shared set-up (source it; EVIDENT names the binary): in W, a built-in TSA whose TSA
# certificate expires LIFETIME (default 40) seconds after it is made (tsa/; the epoch second in
# `expiry`), an archive TSA (tsa2/), both serving on loopback; a ledger L with 4 receipts, anchored
# by the first and renewed (`evident renew`) by the second; its bundle b2.evb (with the evidence
# record), roots.pem, k.pub.json. `wait_expiry` waits until the anchor TSA's certificate has expired.
ROUND24="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB24="$(cd "$ROUND24/../lib" && pwd)"
[ -x "$ROUND24/../../../.build/test-venv/bin/python" ] && export PATH="$ROUND24/../../../.build/test-venv/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
source "$LIB24/common.sh"; set +e
cd "$W"
LIFETIME=${LIFETIME:-40}   # the anchor TSA's certificate expires this many seconds after it is made
"$EV" tsa init --dir tsa --key-type ec-p256 --subject "/O=Red Team/CN=Short-lived TSA" >/dev/null
python3 - "$LIB24" "$LIFETIME" <<'PY'
# The same key and extensions, valid for LIFETIME seconds from now.
import sys, datetime as dt; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.hazmat.primitives.serialization import load_pem_private_key
old = x509.load_pem_x509_certificate(open("tsa/tsa.pem", "rb").read())
root = x509.load_pem_x509_certificate(open("tsa/root.pem", "rb").read())
rkey = load_pem_private_key(open("tsa/root.key", "rb").read(), None)
t = now()
b = (x509.CertificateBuilder().subject_name(old.subject).issuer_name(root.subject).public_key(old.public_key())
     .serial_number(x509.random_serial_number()).not_valid_before(t - dt.timedelta(seconds=60))
     .not_valid_after(t + dt.timedelta(seconds=int(sys.argv[2]))))
for e in old.extensions: b = b.add_extension(e.value, e.critical)
open("tsa/tsa.pem", "wb").write(b.sign(rkey, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
open("expiry", "w").write(str(int((t + dt.timedelta(seconds=int(sys.argv[2]))).timestamp())))
PY
"$EV" tsa init --dir tsa2 --key-type ec-p256 --subject "/O=Red Team/CN=Archive TSA" >/dev/null
"$EV" tsa serve --dir tsa --listen 127.0.0.1:0 --port-file port --log-level warning >/dev/null 2>&1 & tsa_pid=$!
"$EV" tsa serve --dir tsa2 --listen 127.0.0.1:0 --port-file port2 --log-level warning >/dev/null 2>&1 & tsa2_pid=$!
trap 'kill $tsa_pid $tsa2_pid 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$W"' EXIT
for _ in $(seq 100); do [ -s port ] && [ -s port2 ] && break; sleep 0.1; done
cat tsa/root.pem tsa2/root.pem > roots.pem
"$EV" ledger init --dir L --origin rt24.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
for i in 1 2 3 4; do
  echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r'$i'","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}'
done | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "http://127.0.0.1:$(cat port)/" --tsa-roots roots.pem >/dev/null || exit 1
sleep 3
"$EV" renew --dir L --tsa "http://127.0.0.1:$(cat port2)/" --tsa-roots roots.pem --force >/dev/null || exit 1
"$EV" export --dir L --ledger-key k.pub.json -o b2.evb --force >/dev/null || exit 1
wait_expiry() { while [ "$(date +%s)" -le "$(( $(cat "$W/expiry") + 1 ))" ]; do sleep 1; done; }
st() { case $1 in 0) echo valid;; 1) echo invalid;; 3) echo indeterminate;; *) echo "exit$1";; esac; }
