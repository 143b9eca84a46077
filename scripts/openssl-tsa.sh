#!/usr/bin/env bash
# Makes a throw-away test CA and TSA (critical EKU timeStamping) for `openssl ts -reply`.
# Usage: scripts/openssl-tsa.sh DIR [ec|rsa]   -> DIR/{ca.pem,tsa.pem,tsa.key,chain.pem,tsa.cnf}
# With CRL_URL set, the TSA certificate names it as its CRL distribution point, and the CA's
# CRLs are written too: DIR/crl.pem (nothing revoked) and DIR/crl-revoked.pem (the TSA
# certificate revoked, keyCompromise). With OCSP_URL set, the TSA certificate names it as its
# OCSP responder (AIA), and DIR/index-valid.txt / DIR/index-revoked.txt are `openssl ocsp -index`
# databases in which the TSA certificate is good / revoked (keyCompromise).
# (scripts/tsa-fixtures builds the full fixture PKI; both share scripts/tsa-lib.sh.)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/tsa-lib.sh"
dir=$1; kind=${2:-ec}
mkdir -p "$dir"; cd "$dir"
tsa_genkey "$kind" ca.key
openssl req -x509 -key ca.key -out ca.pem -days 3650 -subj "/O=Evident Demo/CN=Evident Demo Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
tsa_genkey "$kind" tsa.key
openssl req -new -key tsa.key -out tsa.csr -subj "/O=Evident Demo/CN=Evident Demo TSA" 2>/dev/null
tsa_leaf_ext > ext.cnf
[ -z "${CRL_URL:-}" ] || echo "crlDistributionPoints=URI:$CRL_URL" >> ext.cnf
[ -z "${OCSP_URL:-}" ] || echo "authorityInfoAccess=OCSP;URI:$OCSP_URL" >> ext.cnf
openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 1825 -extfile ext.cnf 2>/dev/null
cat tsa.pem ca.pem > chain.pem
echo 01 > serial
tsa_write_config tsa.cnf serial="$PWD/serial" signer_cert="$PWD/tsa.pem" certs="$PWD/ca.pem" \
  signer_key="$PWD/tsa.key" other_policies=1.2.3.4.5

if [ -n "${CRL_URL:-}" ] || [ -n "${OCSP_URL:-}" ]; then
  : > index.txt; echo 01 > crlnumber
  cat > ca.cnf <<CNF
[ ca ]
default_ca = ca_default
[ ca_default ]
database = $PWD/index.txt
crlnumber = $PWD/crlnumber
default_md = sha256
default_crl_days = 3650
CNF
  openssl ca -config ca.cnf -valid tsa.pem -keyfile ca.key -cert ca.pem 2>/dev/null
  cp index.txt index-valid.txt
  [ -z "${CRL_URL:-}" ] || openssl ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out crl.pem 2>/dev/null
  openssl ca -config ca.cnf -revoke tsa.pem -keyfile ca.key -cert ca.pem -crl_reason keyCompromise 2>/dev/null
  cp index.txt index-revoked.txt
  [ -z "${CRL_URL:-}" ] || openssl ca -config ca.cnf -gencrl -keyfile ca.key -cert ca.pem -out crl-revoked.pem 2>/dev/null
fi
