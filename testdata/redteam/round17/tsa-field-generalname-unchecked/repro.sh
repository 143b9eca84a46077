#!/usr/bin/env bash
# TSTInfo `tsa` is checked against the signer only when it is a directoryName. Any other GeneralName
# (dNSName, URI, rfc822Name…) is never compared with the signer certificate, yet:
#  - the report says "pass tsa-name: tsa field matches the signer" (a statement never checked);
#  - `--tsa-name` accepts the token when the UNCHECKED field's text equals the pinned name, so TSA B
#    (another TSA under the same trusted root) passes a pin meant for TSA A.
# RFC 3161 §2.4.2: the tsa field "MUST correspond to one of the subject names included in the
# certificate that is to be used to verify the token". `openssl ts -verify` rejects every token
# below ("tsa name mismatch": it compares a non-DirName with the signer's subjectAltName).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); LIB17=$HERE/../../lib; EV=${EVIDENT:-/work/main/.build/debug/evident}; PY=${PY:-python3}
W=$(mktemp -d /tmp/rt17-tsaname.XXXXXX); trap 'rm -rf "$W"' EXIT; cd "$W"
$PY - "$LIB17" <<'PY'
import sys; sys.path.insert(0, sys.argv[1])
from tok import *
root = make_cert(name("Root"), eckey(), ca=True)
tsa_a = make_cert(name("TSA A"), eckey(), root,
                  extra=[(x509.SubjectAlternativeName([x509.DNSName("tsa-a.example")]), False)])
tsa_b = make_cert(name("TSA B"), eckey(), root)            # no subjectAltName at all
write("root.pem", root.pem); data = b"hello\n"; write("data", data)
imp = H("sha256", data)
# TSA B claims to be tsa-a.example (and a URI of A) in its TSTInfo.
write("b-dns.tsr", response(token(tstinfo(imp, tsa=ctx(2, b"tsa-a.example", False)), tsa_b)))
write("b-uri.tsr", response(token(tstinfo(imp, tsa=ctx(6, b"https://tsa-a.example/", False)), tsa_b)))
# control: TSA A's genuine token with the same field
write("a-dns.tsr", response(token(tstinfo(imp, tsa=ctx(2, b"tsa-a.example", False)), tsa_a)))
PY
r() { echo "### $*"; "$@" >out 2>&1; rc=$?; grep -E "^Verification|tsa-name|^Chain" out | sed 's/^/    /'; echo "    -> exit $rc"; }
r "$EV" ts verify --in b-dns.tsr --data data --tsa-roots root.pem
r "$EV" ts verify --in b-dns.tsr --data data --tsa-roots root.pem --tsa-name "DNS:tsa-a.example"
r "$EV" ts verify --in b-uri.tsr --data data --tsa-roots root.pem --tsa-name "URI:https://tsa-a.example/"
r "$EV" ts verify --in a-dns.tsr --data data --tsa-roots root.pem --tsa-name "DNS:tsa-a.example"
echo "### evident ts inspect b-dns.tsr (what a user copies as the TSA's name)"; "$EV" ts inspect b-dns.tsr 2>/dev/null | grep -E "^TSA:" | sed 's/^/    /'
echo "### openssl ts -verify"
for f in b-dns b-uri a-dns; do printf '    %s: ' $f; openssl ts -verify -in $f.tsr -data data -CAfile root.pem 2>&1 | grep -oE "Verification: OK|tsa name mismatch" | head -1; done
