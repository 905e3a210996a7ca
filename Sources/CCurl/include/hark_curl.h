#ifndef HARK_CCURL_H
#define HARK_CCURL_H

// libcurl for HarkCurl, loaded at first use rather than at start-up.
//
// The hark binary does not link libcurl: `hark_curl_load` opens libcurl.so.4 with dlopen the first
// time a transfer needs it, so commands that never touch the network (parse, check-config, inbox,
// export, erase, ...) neither map libcurl nor the TLS, SSH, LDAP and Kerberos libraries it pulls in
// (about 6 MiB of resident memory and a few milliseconds of start-up). Every libcurl call HarkCurl
// makes goes through the functions below; the variadic ones (setopt, getinfo) have one typed
// wrapper per argument type, which Swift can call. Called before a successful `hark_curl_load`, each
// returns CURLE_FAILED_INIT, NULL or an explanatory string.
#include <stddef.h>
#include <curl/curl.h>

/// Opens libcurl and looks up every function used; 0 on success (also when already loaded), else -1
/// with a message in `error`. Not thread-safe: HarkCurl calls it once, from a Swift global's
/// initializer.
int hark_curl_load(char *error, size_t error_size);

CURLcode hark_curl_global_init(long flags);
curl_version_info_data *hark_curl_version_info(CURLversion version);
const char *hark_curl_easy_strerror(CURLcode code);

CURL *hark_curl_easy_init(void);
void hark_curl_easy_cleanup(CURL *handle);
CURLcode hark_curl_easy_perform(CURL *handle);
CURLcode hark_curl_easy_send(CURL *handle, const void *buffer, size_t length, size_t *sent);
CURLcode hark_curl_easy_recv(CURL *handle, void *buffer, size_t length, size_t *received);

struct curl_slist *hark_curl_slist_append(struct curl_slist *list, const char *string);
void hark_curl_slist_free_all(struct curl_slist *list);

CURLU *hark_curl_url(void);
void hark_curl_url_cleanup(CURLU *handle);
CURLUcode hark_curl_url_set(CURLU *handle, CURLUPart part, const char *content, unsigned int flags);
CURLUcode hark_curl_url_get(CURLU *handle, CURLUPart part, char **content, unsigned int flags);
const char *hark_curl_url_strerror(CURLUcode code);
void hark_curl_free(void *pointer);

CURLcode hark_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode hark_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode hark_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode hark_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode hark_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*hark_curl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);
CURLcode hark_curl_easy_setopt_data_callback(CURL *handle, CURLoption option, hark_curl_data_callback callback);

typedef curl_socket_t (*hark_curl_opensocket_callback)(void *clientp, curlsocktype purpose, struct curl_sockaddr *address);
CURLcode hark_curl_easy_setopt_opensocket(CURL *handle, hark_curl_opensocket_callback callback);

typedef int (*hark_curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
CURLcode hark_curl_easy_setopt_xferinfo(CURL *handle, hark_curl_xferinfo_callback callback);

CURLcode hark_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode hark_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode hark_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode hark_curl_easy_getinfo_socket(CURL *handle, CURLINFO info, curl_socket_t *value);

#endif
