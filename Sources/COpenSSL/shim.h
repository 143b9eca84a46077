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

/* STACK_OF(X509) helpers: the sk_X509_* macros are not importable. */
static inline STACK_OF(X509) *evident_sk_X509_new(void) { return sk_X509_new_null(); }
static inline int evident_sk_X509_push(STACK_OF(X509) *s, X509 *x) { return sk_X509_push(s, x); }
static inline int evident_sk_X509_num(const STACK_OF(X509) *s) { return sk_X509_num(s); }
static inline X509 *evident_sk_X509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
static inline int evident_sk_X509_REVOKED_num(const STACK_OF(X509_REVOKED) *s) { return sk_X509_REVOKED_num(s); }
static inline X509_REVOKED *evident_sk_X509_REVOKED_value(const STACK_OF(X509_REVOKED) *s, int i) { return sk_X509_REVOKED_value(s, i); }
static inline void evident_sk_X509_free(STACK_OF(X509) *s) { sk_X509_free(s); }
static inline void evident_sk_X509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }

/* EVP_PKEY_Q_keygen is variadic. */
static inline EVP_PKEY *evident_keygen_ec(const char *curve) { return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve); }
static inline EVP_PKEY *evident_keygen_rsa(size_t bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits); }
static inline EVP_PKEY *evident_keygen_ed25519(void) { return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"); }
#endif
