#include "hark_curl.h"

#include <dlfcn.h>
#include <stdio.h>

// The libcurl functions Hark uses, filled by hark_curl_load.
static struct {
    int loaded;
    CURLcode (*global_init)(long);
    curl_version_info_data *(*version_info)(CURLversion);
    const char *(*easy_strerror)(CURLcode);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_send)(CURL *, const void *, size_t, size_t *);
    CURLcode (*easy_recv)(CURL *, void *, size_t, size_t *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *);
    CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
    CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
    const char *(*url_strerror)(CURLUcode);
    void (*free)(void *);
} api;

#define HARK_LOOK_UP(field, symbol)                                                        \
    do {                                                                                 \
        *(void **)(&api.field) = dlsym(library, symbol);                                 \
        if (api.field == NULL) {                                                         \
            snprintf(error, error_size, "libcurl has no %s: %s", symbol, dlerror());     \
            return -1;                                                                   \
        }                                                                                \
    } while (0)

int hark_curl_load(char *error, size_t error_size) {
    if (api.loaded) return 0;
    // The soname of libcurl 7.16 and later (Debian's libcurl4), then the development link.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        snprintf(error, error_size, "cannot load libcurl (libcurl.so.4; on Debian: apt install libcurl4): %s", dlerror());
        return -1;
    }
    HARK_LOOK_UP(global_init, "curl_global_init");
    HARK_LOOK_UP(version_info, "curl_version_info");
    HARK_LOOK_UP(easy_strerror, "curl_easy_strerror");
    HARK_LOOK_UP(easy_init, "curl_easy_init");
    HARK_LOOK_UP(easy_cleanup, "curl_easy_cleanup");
    HARK_LOOK_UP(easy_perform, "curl_easy_perform");
    HARK_LOOK_UP(easy_send, "curl_easy_send");
    HARK_LOOK_UP(easy_recv, "curl_easy_recv");
    HARK_LOOK_UP(easy_setopt, "curl_easy_setopt");
    HARK_LOOK_UP(easy_getinfo, "curl_easy_getinfo");
    HARK_LOOK_UP(slist_append, "curl_slist_append");
    HARK_LOOK_UP(slist_free_all, "curl_slist_free_all");
    HARK_LOOK_UP(url, "curl_url");
    HARK_LOOK_UP(url_cleanup, "curl_url_cleanup");
    HARK_LOOK_UP(url_set, "curl_url_set");
    HARK_LOOK_UP(url_get, "curl_url_get");
    HARK_LOOK_UP(url_strerror, "curl_url_strerror");
    HARK_LOOK_UP(free, "curl_free");
    // The library stays open for the life of the process.
    api.loaded = 1;
    return 0;
}

CURLcode hark_curl_global_init(long flags) {
    return api.loaded ? api.global_init(flags) : CURLE_FAILED_INIT;
}

curl_version_info_data *hark_curl_version_info(CURLversion version) {
    return api.loaded ? api.version_info(version) : NULL;
}

const char *hark_curl_easy_strerror(CURLcode code) {
    return api.loaded ? api.easy_strerror(code) : "libcurl is not loaded";
}

CURL *hark_curl_easy_init(void) {
    return api.loaded ? api.easy_init() : NULL;
}

void hark_curl_easy_cleanup(CURL *handle) {
    if (api.loaded) api.easy_cleanup(handle);
}

CURLcode hark_curl_easy_perform(CURL *handle) {
    return api.loaded ? api.easy_perform(handle) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_send(CURL *handle, const void *buffer, size_t length, size_t *sent) {
    return api.loaded ? api.easy_send(handle, buffer, length, sent) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_recv(CURL *handle, void *buffer, size_t length, size_t *received) {
    return api.loaded ? api.easy_recv(handle, buffer, length, received) : CURLE_FAILED_INIT;
}

struct curl_slist *hark_curl_slist_append(struct curl_slist *list, const char *string) {
    return api.loaded ? api.slist_append(list, string) : NULL;
}

void hark_curl_slist_free_all(struct curl_slist *list) {
    if (api.loaded) api.slist_free_all(list);
}

CURLU *hark_curl_url(void) {
    return api.loaded ? api.url() : NULL;
}

void hark_curl_url_cleanup(CURLU *handle) {
    if (api.loaded) api.url_cleanup(handle);
}

CURLUcode hark_curl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags) {
    return api.loaded ? api.url_set(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode hark_curl_url_get(CURLU *handle, CURLUPart part, char **content, unsigned int flags) {
    return api.loaded ? api.url_get(handle, part, content, flags) : CURLUE_OUT_OF_MEMORY;
}

const char *hark_curl_url_strerror(CURLUcode code) {
    return api.loaded ? api.url_strerror(code) : "libcurl is not loaded";
}

void hark_curl_free(void *pointer) {
    if (api.loaded) api.free(pointer);
}

CURLcode hark_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.loaded ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.loaded ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.loaded ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return api.loaded ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return api.loaded ? api.easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, hark_curl_data_callback callback) {
    return api.loaded ? api.easy_setopt(handle, option, callback) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_opensocket(CURL *handle, hark_curl_opensocket_callback callback) {
    return api.loaded ? api.easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_setopt_xferinfo(CURL *handle, hark_curl_xferinfo_callback callback) {
    return api.loaded ? api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.loaded ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return api.loaded ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return api.loaded ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

CURLcode hark_curl_easy_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value) {
    return api.loaded ? api.easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
