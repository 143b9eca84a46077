#ifndef EVIDENT_CSODIUM_SHIM_H
#define EVIDENT_CSODIUM_SHIM_H
#include <sodium.h>
#endif
