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
/* RFC 2253 with values as UTF-8, not \XX escapes past ASCII (as the browser verifier writes names). */
static inline unsigned long evident_xn_flag_rfc2253_utf8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }
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
/* SHA-256 on a stack context, for short inputs on hot paths (Merkle leaves and nodes): OpenSSL's
   low-level SHA-256 runs the same SHA-NI/AVX code as EVP without EVP's per-call context
   allocation and provider dispatch (about 3x the EVP rate on 65-byte inputs). The low-level
   functions are deprecated since 3.0 but present in every 3.x; only these wrappers use them, so
   Swift sees no deprecated symbol. out must hold 32 bytes. */
#include <openssl/sha.h>
#include <string.h>
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline void evident_sha256_parts(unsigned char prefix, const void *first, size_t first_count,
                                        const void *second, size_t second_count, unsigned char *out) {
    SHA256_CTX c;
    SHA256_Init(&c);
    if (first_count + second_count < 128) {
        /* A node (65 bytes) or a short leaf: one contiguous input, one update. */
        unsigned char buffer[128];
        buffer[0] = prefix;
        if (first_count > 0) memcpy(buffer + 1, first, first_count);
        if (second_count > 0) memcpy(buffer + 1 + first_count, second, second_count);
        SHA256_Update(&c, buffer, 1 + first_count + second_count);
    } else {
        SHA256_Update(&c, &prefix, 1);
        if (first_count > 0) SHA256_Update(&c, first, first_count);
        if (second_count > 0) SHA256_Update(&c, second, second_count);
    }
    SHA256_Final(out, &c);
}
static inline void evident_sha256(const void *data, size_t count, unsigned char *out) {
    SHA256_CTX c;
    SHA256_Init(&c);
    if (count > 0) SHA256_Update(&c, data, count);
    SHA256_Final(out, &c);
}
#pragma clang diagnostic pop
#endif
