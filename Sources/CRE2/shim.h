/* RE2 as a system library: this target exists only so SwiftPM asks pkg-config (package "re2")
   for its compile and link flags. RE2 is C++, so nothing includes its headers through this
   module; Sources/CRE2Shim wraps it in a C interface. */
#ifndef TENUO_CRE2_SHIM_H
#define TENUO_CRE2_SHIM_H
#endif
