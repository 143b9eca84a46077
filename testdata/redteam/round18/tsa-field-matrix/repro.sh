#!/usr/bin/env bash
LIB18="$(cd "$(dirname "$0")/../../lib" && pwd)"
# F4 matrix: the TSTInfo `tsa` field against the signer's subject / subjectAltName, and --tsa-name.
# Each token is compared with `openssl ts -verify` (which checks the tsa field: X509_NAME_cmp for a
# directoryName — case-insensitive, whitespace-folded, string-type-neutral — GENERAL_NAME_cmp for SAN entries).
set -uo pipefail
EV=${EVIDENT:-/work/main/.build/debug/evident}; 
W=$(mktemp -d /tmp/rt18-tsafield.XXXXXX); trap 'rm -rf "$W"' EXIT; cd "$W"
python3 - $LIB18 <<'PY'
import sys, unicodedata; sys.path.insert(0, sys.argv[1])
from tok import *
from cryptography.x509.oid import NameOID
from cryptography.x509.name import _ASN1Type
root = make_cert(name("Root"), eckey(), ca=True)
inter = make_cert(name("Intermediate"), eckey(), root, ca=True,
                  extra=[(x509.SubjectAlternativeName([x509.DNSName("inter.example")]), False)])
write("root.pem", root.pem); write("inter.pem", inter.pem)
data = b"hello\n"; write("data", data); imp = H("sha256", data)
def N(cn, o="Red Team 17", t=_ASN1Type.UTF8String):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o, t), x509.NameAttribute(NameOID.COMMON_NAME, cn, t)])
def dirname(n): return ctx(4, n.public_bytes())
# 1. tsa = the signer's subject in another letter case (RFC 5280 §7.1: directory names match case-insensitively)
s1 = make_cert(N("TSA One"), eckey(), root)
write("case.tsr", response(token(tstinfo(imp, tsa=dirname(N("tsa one", "red team 17"))), s1)))
# 2. tsa = the signer's subject with PrintableString instead of UTF8String
write("strtype.tsr", response(token(tstinfo(imp, tsa=dirname(N("TSA One", t=_ASN1Type.PrintableString))), s1)))
# 3. SAN directoryName (UTF8String), tsa the same name as PrintableString
s3 = make_cert(N("TSA Three"), eckey(), root, extra=[(x509.SubjectAlternativeName([x509.DirectoryName(N("Alt Name"))]), False)])
write("san-dirname-strtype.tsr", response(token(tstinfo(imp, tsa=dirname(N("Alt Name", t=_ASN1Type.PrintableString))), s3)))
write("san-dirname-exact.tsr", response(token(tstinfo(imp, tsa=dirname(N("Alt Name"))), s3)))
# 4. SAN with an unusual first entry (iPAddress of 8 octets: address+mask, as in name constraints) then the DNS name used
s4 = make_cert(N("TSA Four"), eckey(), root, extra=[(x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_network("10.0.0.0/8")), x509.DNSName("tsa4.example")]), False)])
write("san-odd-entry.tsr", response(token(tstinfo(imp, tsa=ctx(2, b"tsa4.example", False)), s4)))
# 5. SAN critical (subject present) with the DNS name
s5 = make_cert(N("TSA Five"), eckey(), root, extra=[(x509.SubjectAlternativeName([x509.DNSName("tsa5.example")]), True)])
write("san-critical.tsr", response(token(tstinfo(imp, tsa=ctx(2, b"tsa5.example", False)), s5)))
# 6. tsa = a SAN entry of the intermediate, not of the signer
s6 = make_cert(N("TSA Six"), eckey(), inter)
write("inter-san.tsr", response(token(tstinfo(imp, tsa=ctx(2, b"inter.example", False)), s6, certs=[s6, inter])))
# 7. Unicode: TSA A is "Zürich TSA" (U+00FC), TSA B is "Zu\u0308rich TSA" (u + combining diaeresis): two
#    different names the CA issued to two TSAs. B's token carries A's exact name in its tsa field.
A_name, B_name = N(unicodedata.normalize("NFC", "Zürich TSA")), N(unicodedata.normalize("NFD", "Zürich TSA"))
assert A_name.public_bytes() != B_name.public_bytes()
tsaA = make_cert(A_name, eckey(), root); tsaB = make_cert(B_name, eckey(), root)
write("B-claims-A.tsr", response(token(tstinfo(imp, tsa=dirname(A_name)), tsaB)))
write("B-plain.tsr", response(token(tstinfo(imp), tsaB)))
write("A-plain.tsr", response(token(tstinfo(imp), tsaA)))
open("pinA", "w").write("CN=" + unicodedata.normalize("NFC", "Zürich TSA") + ",O=Red Team 17")
PY
r() { "$@" >out 2>&1; rc=$?; echo "### ${*#$EV } -> exit $rc"; grep -E "^Verification|^Failed|tsa-name|^Chain" out | head -3 | sed 's/^/    /'; }
o() { printf '    openssl ts -verify %s: ' "$1"; openssl ts -verify -in $1 -data data -CAfile root.pem -untrusted inter.pem 2>&1 | grep -oE "Verification: OK|tsa name mismatch" | head -1; }
for t in case strtype san-dirname-strtype san-dirname-exact san-odd-entry san-critical inter-san; do
  r $EV ts verify --in $t.tsr --data data --tsa-roots root.pem --untrusted inter.pem; o $t.tsr
done
echo "--- Unicode canonical equivalence: TSA B's token, pinned to TSA A"
r $EV ts verify --in B-claims-A.tsr --data data --tsa-roots root.pem; o B-claims-A.tsr
r $EV ts verify --in B-plain.tsr --data data --tsa-roots root.pem --tsa-name "$(cat pinA)"
r $EV ts verify --in A-plain.tsr --data data --tsa-roots root.pem --tsa-name "$(cat pinA)"
echo "    pin bytes: $(od -An -c pinA | tr -s ' ' | head -1)"
