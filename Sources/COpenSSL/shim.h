#ifndef EVIDENT_COPENSSL_SHIM_H
#define EVIDENT_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>
#include <openssl/cms.h>
#include <openssl/ts.h>
#include <openssl/ocsp.h>
#include <openssl/rand.h>

/* Macros Swift cannot import, as functions. */
static inline unsigned long evident_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }
static inline unsigned long evident_xn_flag_oneline(void) { return XN_FLAG_ONELINE; }
#endif
