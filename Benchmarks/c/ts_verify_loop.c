/* OpenSSL's own RFC 3161 verification in a loop: the peer for TimeStampVerifier's in-process
 * rate (issue #7, item 4). Each iteration decodes the TimeStampResp (d2i) and runs
 * TS_RESP_verify_response with a context made once from the request (imprint, nonce, policy,
 * signature, chain to the CA file, ESS signing certificate) — what `openssl ts -verify` does,
 * without process start-up and file reading.
 *   ts_verify_loop REPLY.tsr REQUEST.tsq ROOT.pem SECONDS                               */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static unsigned char *slurp(const char *path, long *len) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len);
    if (fread(buf, 1, *len, f) != (size_t)*len) { perror(path); exit(2); }
    fclose(f);
    return buf;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s REPLY.tsr REQUEST.tsq ROOT.pem SECONDS\n", argv[0]); return 2; }
    long rlen, qlen;
    unsigned char *reply = slurp(argv[1], &rlen), *query = slurp(argv[2], &qlen);
    const unsigned char *q = query;
    TS_REQ *req = d2i_TS_REQ(NULL, &q, qlen);
    if (!req) { ERR_print_errors_fp(stderr); return 2; }
    TS_VERIFY_CTX *ctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
    X509_STORE *store = X509_STORE_new();
    X509_LOOKUP *lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (!X509_LOOKUP_load_file(lookup, argv[3], X509_FILETYPE_PEM)) { ERR_print_errors_fp(stderr); return 2; }
    TS_VERIFY_CTX_set_store(ctx, store);
    TS_VERIFY_CTX_add_flags(ctx, TS_VFY_SIGNATURE);
    double seconds = atof(argv[4]), start = now();
    long n = 0;
    while (now() - start < seconds) {
        for (int i = 0; i < 50; i++) {
            const unsigned char *p = reply;
            TS_RESP *resp = d2i_TS_RESP(NULL, &p, rlen);
            if (!resp || TS_RESP_verify_response(ctx, resp) != 1) { ERR_print_errors_fp(stderr); return 1; }
            TS_RESP_free(resp);
        }
        n += 50;
    }
    double rate = n / (now() - start);
    printf("OpenSSL TS_RESP_verify_response in a C loop (d2i + verify): %.0f /s  %.2f µs\n", rate, 1e6 / rate);
    return 0;
}
