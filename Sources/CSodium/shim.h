#ifndef TENUO_CSODIUM_SHIM_H
#define TENUO_CSODIUM_SHIM_H
#include <sodium.h>
#endif
