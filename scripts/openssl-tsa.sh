#!/usr/bin/env bash
# Makes a throw-away test CA and TSA (critical EKU timeStamping) for `openssl ts -reply`.
# Usage: scripts/openssl-tsa.sh DIR [ec|rsa]   -> DIR/{ca.pem,tsa.pem,tsa.key,chain.pem,tsa.cnf}
set -euo pipefail
dir=$1; kind=${2:-ec}
mkdir -p "$dir"; cd "$dir"
if [ "$kind" = rsa ]; then keyopt=(-newkey rsa:2048); else keyopt=(-newkey ec -pkeyopt ec_paramgen_curve:P-256); fi
openssl req -x509 "${keyopt[@]}" -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/O=Evident Demo/CN=Evident Demo Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req "${keyopt[@]}" -nodes -keyout tsa.key -out tsa.csr -subj "/O=Evident Demo/CN=Evident Demo TSA" 2>/dev/null
cat > ext.cnf <<CNF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out tsa.pem -days 1825 -extfile ext.cnf 2>/dev/null
cat tsa.pem ca.pem > chain.pem
echo 01 > serial
cat > tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = $PWD
serial = \$dir/serial
signer_cert = \$dir/tsa.pem
certs = \$dir/ca.pem
signer_key = \$dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
other_policies = 1.2.3.4.5
digests = sha1, sha256, sha384, sha512
accuracy = secs:1, millisecs:500
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
