#ifndef EVIDENT_CCURL_SHIM_H
#define EVIDENT_CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>

/* libcurl is not linked: it is loaded (dlopen) the first time an HTTP request is made
 * (EvidentCrypto's CurlLibrary_curl.swift). Linked, its ~30 dependencies (GnuTLS, Kerberos,
 * LDAP, libssh2, ...) were mapped and relocated at every start of every command
 * (BENCHMARKS.md, "Start time"). Only the header's types and constants are used; every call goes
 * through this table, filled from the loaded library. */
typedef struct evident_curl {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    void *easy_setopt;  /* CURLcode (*)(CURL *, CURLoption, ...): variadic, called below */
    void *easy_getinfo; /* CURLcode (*)(CURL *, CURLINFO, ...) */
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *line);
    void (*slist_free_all)(struct curl_slist *list);
    char *(*version)(void);
} evident_curl;

/* Loads the library `name` and fills *api. NULL on success, else why not (dlerror's text or the
 * missing symbol), valid until the next dl* call. The handle is never closed. */
static inline const char *evident_curl_load(const char *name, evident_curl *api) {
    void *lib = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *e = dlerror();
        return e ? e : "dlopen failed";
    }
#define EVIDENT_CURL_SYMBOL(field, symbol) \
    if (!(*(void **)&api->field = dlsym(lib, #symbol))) return "libcurl has no " #symbol;
    EVIDENT_CURL_SYMBOL(global_init, curl_global_init)
    EVIDENT_CURL_SYMBOL(easy_init, curl_easy_init)
    EVIDENT_CURL_SYMBOL(easy_cleanup, curl_easy_cleanup)
    EVIDENT_CURL_SYMBOL(easy_reset, curl_easy_reset)
    EVIDENT_CURL_SYMBOL(easy_perform, curl_easy_perform)
    EVIDENT_CURL_SYMBOL(easy_setopt, curl_easy_setopt)
    EVIDENT_CURL_SYMBOL(easy_getinfo, curl_easy_getinfo)
    EVIDENT_CURL_SYMBOL(easy_strerror, curl_easy_strerror)
    EVIDENT_CURL_SYMBOL(slist_append, curl_slist_append)
    EVIDENT_CURL_SYMBOL(slist_free_all, curl_slist_free_all)
    EVIDENT_CURL_SYMBOL(version, curl_version)
#undef EVIDENT_CURL_SYMBOL
    return NULL;
}

/* curl_easy_setopt / curl_easy_getinfo are variadic: typed wrappers Swift can call, which make
 * the variadic call through the loaded pointer. */
typedef CURLcode (*evident_curl_setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*evident_curl_getinfo_fn)(CURL *, CURLINFO, ...);
static inline CURLcode evident_curl_setopt_long(const evident_curl *c, CURL *h, CURLoption o, long v) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, o, v); }
static inline CURLcode evident_curl_setopt_off(const evident_curl *c, CURL *h, CURLoption o, curl_off_t v) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, o, v); }
static inline CURLcode evident_curl_setopt_str(const evident_curl *c, CURL *h, CURLoption o, const char *v) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, o, v); }
static inline CURLcode evident_curl_setopt_ptr(const evident_curl *c, CURL *h, CURLoption o, void *v) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, o, v); }
static inline CURLcode evident_curl_setopt_slist(const evident_curl *c, CURL *h, CURLoption o, struct curl_slist *v) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, o, v); }
typedef size_t (*evident_curl_write_fn)(char *, size_t, size_t, void *);
static inline CURLcode evident_curl_setopt_writefn(const evident_curl *c, CURL *h, evident_curl_write_fn f) { return ((evident_curl_setopt_fn)c->easy_setopt)(h, CURLOPT_WRITEFUNCTION, f); }
static inline CURLcode evident_curl_getinfo_long(const evident_curl *c, CURL *h, CURLINFO i, long *v) { return ((evident_curl_getinfo_fn)c->easy_getinfo)(h, i, v); }
static inline CURLcode evident_curl_getinfo_str(const evident_curl *c, CURL *h, CURLINFO i, char **v) { return ((evident_curl_getinfo_fn)c->easy_getinfo)(h, i, v); }
#endif
