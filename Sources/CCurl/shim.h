#ifndef EVIDENT_CCURL_SHIM_H
#define EVIDENT_CCURL_SHIM_H
#include <curl/curl.h>
#endif
