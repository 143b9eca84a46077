# Shared shell functions for the local OpenSSL test TSAs. Sourced (not run) by
# scripts/openssl-tsa.sh (the demo's CA + TSA) and scripts/tsa-fixtures (the verifier's fixtures).
# Defines functions only: no side effects on source. Needs bash 4 (associative arrays).

# tsa_genkey KIND OUT: writes a fresh unencrypted private key, PEM.
#   KIND ec  = P-256 (the default everywhere: fast)
#        rsa = RSA-2048 (only where an RSA signer is the point)
tsa_genkey() {
  case $1 in
    ec)  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" 2>/dev/null ;;
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" 2>/dev/null ;;
    *)   echo "tsa_genkey: unknown key kind '$1' (ec|rsa)" >&2; return 64 ;;
  esac
}

# tsa_leaf_ext [EKU] [BASIC_CONSTRAINTS]: prints an X.509 v3 extension list (for -extfile) for a
# TSA certificate as RFC 3161 §2.3 wants it: extendedKeyUsage critical, timeStamping only;
# keyUsage digitalSignature (critical); CA:FALSE; SKI and AKI. The two arguments let the fixture
# generator derive the deliberately wrong variants (non-critical or extra EKU, CA:TRUE).
tsa_leaf_ext() {
  local eku=${1:-critical,timeStamping} bc=${2:-critical,CA:FALSE}
  cat <<EXT
basicConstraints=$bc
keyUsage=critical,digitalSignature
extendedKeyUsage=$eku
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
}

# tsa_write_config OUT [key=value ...]: writes an `openssl ts -reply` configuration (section
# tsa_config, the default_tsa). Every key of the tsa_config section can be given as key=value;
# signer_cert, signer_key and serial are required, certs (the chain put into the token when the
# query has certReq) is optional. The defaults are the Evident test TSA profile:
#   sha256 signature digest, policy 1.3.6.1.4.1.99999.1 (also accepts ...99999.2 on request),
#   imprints sha1/sha256/sha384/sha512, accuracy 1.5 s, ordering no, tsa_name yes,
#   SigningCertificateV2 with an ESSCertIDv2 (sha256) for the signer only.
# Paths are written as given: pass absolute paths if the config is used from elsewhere.
tsa_write_config() {
  local out=$1; shift
  local -a order=(serial signer_cert certs signer_key signer_digest default_policy other_policies
                  digests accuracy clock_precision_digits ordering tsa_name ess_cert_id_chain
                  ess_cert_id_alg)
  local -A v=(
    [signer_digest]=sha256
    [default_policy]=1.3.6.1.4.1.99999.1
    [other_policies]=1.3.6.1.4.1.99999.2
    [digests]="sha1, sha256, sha384, sha512"
    [accuracy]="secs:1, millisecs:500"
    [ordering]=no
    [tsa_name]=yes
    [ess_cert_id_chain]=no
    [ess_cert_id_alg]=sha256
  )
  local kv k
  for kv in "$@"; do
    k=${kv%%=*}
    case " ${order[*]} " in *" $k "*) ;; *) echo "tsa_write_config: unknown key '$k'" >&2; return 64 ;; esac
    v[$k]=${kv#*=}
  done
  for k in serial signer_cert signer_key; do
    [ -n "${v[$k]:-}" ] || { echo "tsa_write_config: $k= is required" >&2; return 64; }
  done
  {
    printf '[ tsa ]\ndefault_tsa = tsa_config\n\n[ tsa_config ]\n'
    for k in "${order[@]}"; do
      [ -z "${v[$k]:-}" ] || printf '%s = %s\n' "$k" "${v[$k]}"
    done
  } > "$out"
}
