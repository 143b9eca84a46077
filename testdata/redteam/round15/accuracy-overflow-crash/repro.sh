#!/usr/bin/env bash
# An anchor token whose TSTInfo accuracy is 2^63-1 seconds (any TSA, untrusted: the token need not
# even verify) crashes `evident verify` (SIGILL, exit 132: "Swift runtime failure: arithmetic
# overflow" in Accuracy.totalMicroseconds, TSTInfo.swift:130, called from
# BundleVerifier.verifyAnchors for every parseable token). Anyone holding a bundle can do it; no
# verdict, no report, exit 132 instead of 1.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export EVIDENT=${EVIDENT:-/work/main/.build/debug/evident}
source "$HERE/../../lib/common.sh"; set +e  # EV, LIB, W, start_tsa, TSA; the exits below are the result
start_tsa; cd "$W"
"$EV" ledger init --dir L --origin rt15.example/log >/dev/null
"$EV" key new --output k.json --public-out k.pub.json --plaintext >/dev/null
echo '{"stream":"a","decision":"allow","actor":"x","action":"a","resource":"r","policy":{"id":"p","version":"1","hash":"'$(printf 'ab%.0s' $(seq 32))'"}}' \
  | "$EV" mint --dir L --signing-key k.json --jsonl >/dev/null
"$EV" anchor --dir L --signing-key k.json --tsa "$TSA" --tsa-roots tsa/root.pem >/dev/null
"$EV" export --dir L --ledger-key k.pub.json -o b.evb >/dev/null
# Patch the bundle's token: accuracy seconds := 2^63-1 (lengths recomputed; the signature no longer matches).
python3 - "$LIB" "$HERE" <<'PY'
import sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2])
from bundle import *; from der import *
e = load("b.evb")
name = [n for n, _ in e if n.endswith(".tsr")][0]
t = parse(get(e, name)[1])
tst = [n for n in t.walk() if n.tag == 0x30 and n.children and n.children[0].tag == 0x02 and any(c.tag == 0x18 for c in n.children)][0]
acc = tst.children[[c.tag for c in tst.children].index(0x18) + 1]
assert acc.tag == 0x30, "the built-in TSA writes an accuracy"
acc.children = [integer(2**63 - 1)]
get(e, name)[1] = t.encode(); fix(e); save(e, "x.evb")
PY
"$EV" verify x.evb --tsa-roots tsa/root.pem --ledger-key k.pub.json >out.txt 2>err.txt; rc=$?
echo "evident verify -> exit $rc"; grep -m1 "runtime failure" err.txt; grep -m1 "totalMicroseconds" err.txt
