# source me
E=/tmp/rt13/evident
W=/tmp/rt13/work
start_tsa() {
  mkdir -p $W
  [ -d $W/tsa ] || $E tsa init --dir $W/tsa --key-type ec-p256 --subject "/O=RT13/CN=RT13 TSA" >/dev/null
  rm -f $W/port
  $E tsa serve --dir $W/tsa --listen 127.0.0.1:0 --port-file $W/port --log-level error > $W/tsa.log 2>&1 &
  echo $! > $W/tsa.pid
  for _ in $(seq 100); do [ -s $W/port ] && break; sleep 0.1; done
  TSA="http://127.0.0.1:$(cat $W/port)/"
}
key() { [ -f $W/key.json ] || $E key new --output $W/key.json --public-out $W/key.pub.json --plaintext >/dev/null; }
anchor() { $E anchor --dir $1 --signing-key ${2:-$W/key.json} --tsa "$TSA" --tsa-roots $W/tsa/root.pem; }
crl() { $E tsa crl --dir $W/tsa -o $W/crl.pem --force >/dev/null; }
verify() { $E verify "$1" --tsa-roots $W/tsa/root.pem --ledger-key ${2:-$W/key.pub.json} --crl $W/crl.pem "${@:3}"; echo "exit=$?"; }
